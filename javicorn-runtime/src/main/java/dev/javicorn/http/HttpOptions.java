package dev.javicorn.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the HTTP runtime behaves, with uvicorn's defaults. Immutable and validated on construction:
 * a bad value fails here, with a message naming the option, not later on a request.
 *
 * @param keepAliveTimeout how long an idle connection is kept open between requests
 *     ({@code --timeout-keep-alive}, default 5 s); must be positive
 * @param serverHeader whether responses carry {@code server: javicorn}
 * @param dateHeader whether responses carry a {@code date} header
 * @param extraHeaders headers added to every response ({@code --header}); a handler's own header
 *     of the same name wins
 * @param accessLog whether each request writes an access line
 * @param limitConcurrency requests allowed in flight at once, above which a request is answered
 *     503 at once; 0 for no limit
 * @param limitRequestBody the largest request body a handler is given, in bytes; a larger one is
 *     answered 413 without calling the handler ({@code --limit-request-body}); 0 for no limit
 * @param limitRequestHeaders the largest request line plus headers, in bytes; larger is answered
 *     431 (414 when the request line alone is too long) by Jetty's parser
 *     ({@code --limit-request-headers}, uvicorn's {@code --h11-max-incomplete-event-size})
 * @param rootPath a prefix stripped from request paths before routing ({@code --root-path}):
 *     empty, or starting with {@code /}; a trailing {@code /} is dropped
 * @param proxyHeaders whether {@code X-Forwarded-For}/{@code -Proto} are honoured at all
 * @param forwardedAllowIps the peers they are honoured from: {@code *}, IPs or CIDR networks
 * @param protocols the HTTP versions offered ({@code --http}, default {@code auto})
 * @param webSockets how the app's WebSockets behave
 */
public record HttpOptions(
        Duration keepAliveTimeout,
        boolean serverHeader,
        boolean dateHeader,
        List<Header> extraHeaders,
        boolean accessLog,
        int limitConcurrency,
        long limitRequestBody,
        int limitRequestHeaders,
        String rootPath,
        boolean proxyHeaders,
        List<String> forwardedAllowIps,
        Protocols protocols,
        WebSocketOptions webSockets) {

    public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(5);
    public static final String SERVER_NAME = "javicorn";
    /** uvicorn's (h11's) 16 KiB. */
    public static final int DEFAULT_LIMIT_REQUEST_HEADERS = 16 * 1024;
    /** Below this, a plain request from a browser (its cookies and user agent) would not fit. */
    public static final int MIN_LIMIT_REQUEST_HEADERS = 1024;

    public HttpOptions {
        Objects.requireNonNull(keepAliveTimeout, "keepAliveTimeout");
        if (keepAliveTimeout.isNegative() || keepAliveTimeout.isZero()) {
            throw new IllegalArgumentException("--timeout-keep-alive must be positive: " + keepAliveTimeout);
        }
        extraHeaders = List.copyOf(extraHeaders);
        if (limitConcurrency < 0) {
            throw new IllegalArgumentException("--limit-concurrency must be 0 (no limit) or more: " + limitConcurrency);
        }
        if (limitRequestBody < 0) {
            throw new IllegalArgumentException("--limit-request-body must be 0 (no limit) or more bytes: " + limitRequestBody);
        }
        if (limitRequestHeaders < MIN_LIMIT_REQUEST_HEADERS) {
            throw new IllegalArgumentException("--limit-request-headers must be at least " + MIN_LIMIT_REQUEST_HEADERS
                    + " bytes: " + limitRequestHeaders);
        }
        Objects.requireNonNull(rootPath, "rootPath");
        if (!rootPath.isEmpty() && !rootPath.startsWith("/")) {
            throw new IllegalArgumentException("--root-path must start with '/': " + rootPath);
        }
        while (rootPath.endsWith("/")) {
            rootPath = rootPath.substring(0, rootPath.length() - 1);
        }
        forwardedAllowIps = List.copyOf(forwardedAllowIps);
        TrustedProxies.parse(forwardedAllowIps);
        Objects.requireNonNull(protocols, "protocols");
        Objects.requireNonNull(webSockets, "webSockets");
    }

    /**
     * uvicorn's defaults: 5 s keep-alive, server and date headers, access log, no concurrency or
     * body limit, 16 KiB of headers, no proxy headers, HTTP/1.1 and HTTP/2, WebSockets as
     * {@link WebSocketOptions#defaults}.
     */
    public static HttpOptions defaults() {
        return new HttpOptions(DEFAULT_KEEP_ALIVE_TIMEOUT, true, true, List.of(), true, 0, 0, DEFAULT_LIMIT_REQUEST_HEADERS,
                "", false, List.of("127.0.0.1"), Protocols.AUTO, WebSocketOptions.defaults());
    }

    public HttpOptions withKeepAliveTimeout(Duration timeout) {
        return new HttpOptions(timeout, serverHeader, dateHeader, extraHeaders, accessLog, limitConcurrency, limitRequestBody,
                limitRequestHeaders, rootPath, proxyHeaders, forwardedAllowIps, protocols, webSockets);
    }

    public HttpOptions withServerHeader(boolean on) {
        return new HttpOptions(keepAliveTimeout, on, dateHeader, extraHeaders, accessLog, limitConcurrency, limitRequestBody,
                limitRequestHeaders, rootPath, proxyHeaders, forwardedAllowIps, protocols, webSockets);
    }

    public HttpOptions withDateHeader(boolean on) {
        return new HttpOptions(keepAliveTimeout, serverHeader, on, extraHeaders, accessLog, limitConcurrency, limitRequestBody,
                limitRequestHeaders, rootPath, proxyHeaders, forwardedAllowIps, protocols, webSockets);
    }

    public HttpOptions withExtraHeaders(List<Header> headers) {
        return new HttpOptions(keepAliveTimeout, serverHeader, dateHeader, headers, accessLog, limitConcurrency, limitRequestBody,
                limitRequestHeaders, rootPath, proxyHeaders, forwardedAllowIps, protocols, webSockets);
    }

    public HttpOptions withAccessLog(boolean on) {
        return new HttpOptions(keepAliveTimeout, serverHeader, dateHeader, extraHeaders, on, limitConcurrency, limitRequestBody,
                limitRequestHeaders, rootPath, proxyHeaders, forwardedAllowIps, protocols, webSockets);
    }

    public HttpOptions withLimitConcurrency(int limit) {
        return new HttpOptions(keepAliveTimeout, serverHeader, dateHeader, extraHeaders, accessLog, limit, limitRequestBody,
                limitRequestHeaders, rootPath, proxyHeaders, forwardedAllowIps, protocols, webSockets);
    }

    public HttpOptions withRootPath(String path) {
        return new HttpOptions(keepAliveTimeout, serverHeader, dateHeader, extraHeaders, accessLog, limitConcurrency, limitRequestBody,
                limitRequestHeaders, path, proxyHeaders, forwardedAllowIps, protocols, webSockets);
    }

    public HttpOptions withProxyHeaders(boolean on, List<String> allowIps) {
        return new HttpOptions(keepAliveTimeout, serverHeader, dateHeader, extraHeaders, accessLog, limitConcurrency, limitRequestBody,
                limitRequestHeaders, rootPath, on, allowIps, protocols, webSockets);
    }

    public HttpOptions withRequestLimits(long body, int headers) {
        return new HttpOptions(keepAliveTimeout, serverHeader, dateHeader, extraHeaders, accessLog, limitConcurrency, body,
                headers, rootPath, proxyHeaders, forwardedAllowIps, protocols, webSockets);
    }

    public HttpOptions withProtocols(Protocols offered) {
        return new HttpOptions(keepAliveTimeout, serverHeader, dateHeader, extraHeaders, accessLog, limitConcurrency, limitRequestBody,
                limitRequestHeaders, rootPath, proxyHeaders, forwardedAllowIps, offered, webSockets);
    }

    public HttpOptions withWebSockets(WebSocketOptions options) {
        return new HttpOptions(keepAliveTimeout, serverHeader, dateHeader, extraHeaders, accessLog, limitConcurrency, limitRequestBody,
                limitRequestHeaders, rootPath, proxyHeaders, forwardedAllowIps, protocols, options);
    }
}
