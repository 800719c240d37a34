package dev.javicorn.http;

import dev.javicorn.log.Log;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http.content.HttpContent;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;

/**
 * The Jetty handler that serves an app, in this order: concurrency limit, encoded dot segments
 * (404), root path, static files, routing, the body (and its limit), the app's middleware and
 * handler, turning the result into a response, default headers and the access line.
 *
 * <p>It is a blocking handler, so Jetty calls {@link #handle} on a virtual thread (see
 * {@code JettyServer.newThreadPool}) and an app handler may block without holding up others.
 *
 * <p>Counting: a request is in flight from the moment it reaches this handler until its response
 * is completely written or has failed; it is served once that happens, whatever its status.
 */
final class AppHandler extends Handler.Abstract {
    private static final HttpField CONNECTION_CLOSE = new PreEncodedHttpField(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    private static final HttpField TEXT = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, Reply.TEXT);
    private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, Reply.JSON);
    private static final HttpField BYTES = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, Reply.BYTES);
    /** How long before the drain's deadline the streams still open are ended. */
    private static final Duration STREAM_END_MARGIN = Duration.ofMillis(500);

    private final Router router;
    private final FileServer files;
    private final Pipeline pipeline;
    private final String rootPath;
    private final int limit;
    private final long bodyLimit;
    private final boolean accessLog;
    private final TrustedProxies trusted;
    private final List<HttpField> everyResponse;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder served = new LongAdder();
    private final AtomicInteger idleWaiters = new AtomicInteger();
    private final Object idle = new Object();
    private volatile boolean draining;
    private final Arrivals arrivals;
    private final OpenStreams streams = new OpenStreams();
    private final WebSockets webSockets;

    AppHandler(Router router, FileServer files, Pipeline pipeline, WebSockets webSockets, HttpOptions options, Arrivals arrivals) {
        this.webSockets = webSockets;
        this.arrivals = arrivals;
        this.router = router;
        this.files = files;
        this.pipeline = pipeline;
        this.rootPath = options.rootPath();
        this.limit = options.limitConcurrency();
        this.bodyLimit = options.limitRequestBody();
        this.accessLog = options.accessLog();
        this.trusted = options.proxyHeaders() ? TrustedProxies.parse(options.forwardedAllowIps()) : null;
        List<HttpField> fields = new ArrayList<>();
        if (options.serverHeader()) {
            fields.add(new PreEncodedHttpField(HttpHeader.SERVER, HttpOptions.SERVER_NAME));
        }
        for (Header header : options.extraHeaders()) {
            fields.add(new PreEncodedHttpField(header.name(), header.value()));
        }
        this.everyResponse = List.copyOf(fields);
        arrivals.onGone(this::wakeIdleWaiters);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Callback done = Callback.from(callback, this::finished);
        int running = inFlight.incrementAndGet();
        arrivals.used(request);
        if (running > limit && limit > 0) {
            send(request, response, done, null, Reply.text(503, "Service Unavailable"));
            return true;
        }
        if (request.getHttpURI().hasViolation(UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT)) {
            // An encoded dot segment: Jetty has already resolved it; what it was meant to name is unknowable.
            send(request, response, done, null, Reply.text(404, "Not Found"));
            return true;
        }
        String path = stripRootPath(Request.getPathInContext(request));
        StaticFolder folder = files.find(path);
        if (folder != null) {
            sendFile(request, response, done, folder, path);
            return true;
        }
        route(request, response, callback, done, path);
        return true;
    }

    /**
     * Routing, then the app's middleware and handler. A 404 or 405 goes through the middleware
     * too when the app has filters, and is answered at once when it has none.
     */
    private void route(Request request, Response response, Callback callback, Callback done, String path) {
        Router.Match match;
        try {
            match = router.match(request.getMethod(), path);
        } catch (IllegalArgumentException badEncoding) {
            send(request, response, done, null, Reply.text(400, "Bad Request: malformed path"));
            return;
        }
        Router.Found found = match instanceof Router.Found route ? route : Router.Found.NOTHING;
        if (found == Router.Found.NOTHING && !pipeline.hasFilters()) {
            send(request, response, done, null, noRoute(match));
            return;
        }
        dev.javicorn.Handler target = found.handler() != null ? found.handler() : req -> noRoute(match).asResponse();
        JettyRequest appRequest = null;
        Reply reply;
        try {
            appRequest = new JettyRequest(request, decoded(path), found, trusted, bodyLimit);
            reply = Reply.from(pipeline.run(appRequest, target));
        } catch (BadRequest e) {
            reply = e.reply();
        } catch (Throwable e) {
            Log.error("Exception in handler for " + request.getMethod() + " " + request.getHttpURI().getPath(), e);
            reply = Reply.text(500, "Internal Server Error");
        }
        if (reply.live() instanceof Reply.Upgrade upgrade) {
            upgrade(request, response, callback, done, appRequest, upgrade.handler());
        } else {
            send(request, response, done, appRequest, reply);
        }
    }

    /**
     * Makes the request a WebSocket. It stays in flight until the connection closes: Jetty's
     * callback completes at the upgrade, the counting one only then. A request that asked for no
     * upgrade is answered 426.
     */
    private void upgrade(Request request, Response response, Callback callback, Callback done, JettyRequest appRequest,
            dev.javicorn.WebSocket.Handler handler) {
        try {
            if (webSockets.upgrade(handler, appRequest.detach(), request, response, callback, this::finished)) {
                logAccess(request, appRequest, 101);
                return;
            }
        } catch (Exception e) {
            Log.error("WebSocket upgrade failed for " + request.getHttpURI().getPath(), e);
            send(request, response, done, appRequest, Reply.text(500, "Internal Server Error"));
            return;
        }
        send(request, response, done, appRequest, new Reply(426, Reply.TEXT, Map.of("Upgrade", List.of("websocket")),
                "Upgrade Required: this path serves WebSockets".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static Reply noRoute(Router.Match match) {
        return match instanceof Router.WrongMethod wrong
                ? Reply.text(405, "Method Not Allowed").withAllow(wrong.allow())
                : Reply.text(404, "Not Found");
    }

    private String stripRootPath(String path) {
        if (rootPath.isEmpty() || !path.startsWith(rootPath)) {
            return path;
        }
        if (path.length() == rootPath.length()) {
            return "/";
        }
        return path.charAt(rootPath.length()) == '/' ? path.substring(rootPath.length()) : path;
    }

    private static String decoded(String path) {
        return path.indexOf('%') < 0 ? path : URIUtil.decodePath(path);
    }

    private void sendFile(Request request, Response response, Callback done, StaticFolder folder, String path) {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            send(request, response, done, null, Reply.text(405, "Method Not Allowed").withAllow("GET, HEAD"));
            return;
        }
        HttpContent content = folder.content(path);
        if (content == null) {
            send(request, response, done, null, Reply.text(404, "Not Found"));
            return;
        }
        putCommonHeaders(response.getHeaders());
        files.send(request, response, done, content);
        logAccess(request, null, response.getStatus());
    }

    private void putCommonHeaders(HttpFields.Mutable headers) {
        for (HttpField field : everyResponse) {
            headers.put(field);
        }
        if (draining) {
            // Sends keep-alive clients to a worker that is not stopping.
            headers.put(CONNECTION_CLOSE);
        }
    }

    private void logAccess(Request request, JettyRequest appRequest, int status) {
        if (accessLog) {
            Peer peer = appRequest != null ? appRequest.peer() : Peer.of(request, trusted);
            Log.access(peer.hostPort(), request.getMethod(), request.getHttpURI().getPathQuery(),
                    request.getConnectionMetaData().getProtocol(), status, HttpStatus.getMessage(status));
        }
    }

    private void send(Request request, Response response, Callback done, JettyRequest appRequest, Reply reply) {
        response.setStatus(reply.status());
        HttpFields.Mutable headers = response.getHeaders();
        putCommonHeaders(headers);
        if (reply.contentType() != null) {
            headers.put(contentType(reply.contentType()));
        }
        for (Map.Entry<String, List<String>> header : reply.headers().entrySet()) {
            // put, then add: a handler's header replaces a --header of the same name.
            List<String> values = header.getValue();
            headers.put(header.getKey(), values.getFirst());
            for (int i = 1; i < values.size(); i++) {
                headers.add(header.getKey(), values.get(i));
            }
        }
        if (draining) {
            headers.put(CONNECTION_CLOSE);
        }
        logAccess(request, appRequest, reply.status());
        byte[] body = reply.body();
        if (reply.live() instanceof Reply.Stream stream) {
            streams.send(request, response, done, stream);
        } else if (body == null) {
            response.write(true, BufferUtil.EMPTY_BUFFER, done);
        } else {
            headers.put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), done);
        }
    }

    private static HttpField contentType(String type) {
        return switch (type) {
            case Reply.JSON -> JSON;
            case Reply.TEXT -> TEXT;
            case Reply.BYTES -> BYTES;
            default -> new HttpField(HttpHeader.CONTENT_TYPE, type);
        };
    }

    private void finished() {
        served.increment();
        if (inFlight.decrementAndGet() == 0) {
            wakeIdleWaiters();
        }
    }

    private void wakeIdleWaiters() {
        if (idleWaiters.get() > 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /** Registered on the connector: tracks the connections a drain must wait for. */
    Arrivals arrivals() {
        return arrivals;
    }

    /**
     * From now on every response asks its client to close the connection; event streams end and
     * WebSockets are sent their close frame ({@code restart}: another worker takes over). Any thread.
     */
    void startDraining(boolean restart) {
        draining = true;
        streams.startDraining();
        webSockets.startDraining(restart);
    }

    /**
     * Blocks until no request is in flight and no accepted connection still waits for its first
     * request; {@code false} at the deadline. Streams still open when the deadline is near are
     * ended then, so that they end cleanly before it. Any thread.
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration quarter = Duration.ofNanos(timeout.toNanos() / 4); // not dividedBy: BigDecimal, slow to initialize
        Duration margin = quarter.compareTo(STREAM_END_MARGIN) < 0 ? quarter : STREAM_END_MARGIN;
        if (awaitIdleUntil(deadline - margin.toNanos())) {
            return true;
        }
        int ended = streams.endAll();
        if (ended > 0) {
            Log.info("Ending " + ended + " stream(s) still open at the end of the grace.");
        }
        return awaitIdleUntil(deadline);
    }

    private boolean awaitIdleUntil(long deadline) throws InterruptedException {
        idleWaiters.incrementAndGet();
        try {
            synchronized (idle) {
                // A connection's request is counted in flight before the connection leaves arrivals.
                while (arrivals.count() > 0 || inFlight.get() > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(idle, left);
                }
                return true;
            }
        } finally {
            idleWaiters.decrementAndGet();
        }
    }

    int inFlight() {
        return inFlight.get();
    }

    long requestsServed() {
        return served.sum();
    }
}
