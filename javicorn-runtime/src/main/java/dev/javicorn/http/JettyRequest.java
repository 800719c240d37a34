package dev.javicorn.http;

import dev.javicorn.Request;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Fields;

/**
 * A {@link Request} over a Jetty request. Everything a handler may not ask for (query map, header
 * map, client address) is computed on first use, so a plain {@code GET} costs little more than
 * the Jetty request it wraps.
 *
 * <p>Created on the thread that runs the handler. The lazily built views are published through
 * volatile fields: two threads racing to build one build equal values, so any thread may read.
 * The body is read before the handler runs, so it stays readable after the response is sent.
 */
final class JettyRequest implements Request {
    private final org.eclipse.jetty.server.Request jetty;
    private final String path;
    private final Router.Found route;
    private final TrustedProxies trusted;
    private final byte[] body;
    private final String method;
    private volatile boolean detached;
    private volatile Map<String, String> pathParams;
    private volatile Map<String, List<String>> queryParams;
    private volatile Map<String, List<String>> headers;
    private volatile Map<String, String> cookies;
    private volatile Peer peer;

    /**
     * Reads the whole body, blocking: call it on the handler's virtual thread.
     *
     * @param limit the largest body accepted, in bytes; 0 for no limit
     * @throws BadRequest if the body cannot be read (the client went away or sent a broken chunk),
     *     or is larger than {@code limit}: then before reading it, when its length is declared
     */
    JettyRequest(org.eclipse.jetty.server.Request jetty, String path, Router.Found route, TrustedProxies trusted, long limit) {
        this.jetty = jetty;
        this.path = path;
        this.route = route;
        this.trusted = trusted;
        this.body = readBody(jetty, limit);
        this.method = jetty.getMethod();
    }

    /**
     * Builds every view now, so that this request can be read after Jetty is done with the one it
     * wraps: a WebSocket's handler reads its opening request long after the upgrade completed it.
     */
    JettyRequest detach() {
        pathParams();
        queryParams();
        headers();
        cookies();
        peer();
        detached = true;
        return this;
    }

    private static byte[] readBody(org.eclipse.jetty.server.Request jetty, long limit) {
        long length = jetty.getLength();
        if (length == 0 || (length < 0 && !jetty.getHeaders().contains(HttpHeader.TRANSFER_ENCODING))) {
            return new byte[0];
        }
        if (limit > 0 && length > limit) {
            throw BadRequest.tooLarge(limit);
        }
        try (var in = Content.Source.asInputStream(jetty)) {
            if (limit <= 0) {
                return in.readAllBytes();
            }
            byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > limit) {
                throw BadRequest.tooLarge(limit);
            }
            return bytes;
        } catch (IOException e) {
            throw new BadRequest("request body could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String pathParam(String name) {
        String[] names = route.names();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return route.values()[i];
            }
        }
        throw new NoSuchElementException("route has no path parameter '" + name + "'; it has " + pathParams().keySet());
    }

    @Override
    public Map<String, String> pathParams() {
        Map<String, String> params = pathParams;
        if (params == null) {
            Map<String, String> built = new LinkedHashMap<>();
            for (int i = 0; i < route.names().length; i++) {
                built.put(route.names()[i], route.values()[i]);
            }
            pathParams = params = Collections.unmodifiableMap(built);
        }
        return params;
    }

    @Override
    public Optional<String> query(String name) {
        List<String> values = queryParams().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    @Override
    public Map<String, List<String>> queryParams() {
        Map<String, List<String>> params = queryParams;
        if (params == null) {
            Fields fields;
            try {
                fields = org.eclipse.jetty.server.Request.extractQueryParameters(jetty, StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                throw new BadRequest("query string is not valid: " + e.getMessage(), e);
            }
            Map<String, List<String>> built = new LinkedHashMap<>();
            for (Fields.Field field : fields) {
                built.put(field.getName(), List.copyOf(field.getValues()));
            }
            queryParams = params = Collections.unmodifiableMap(built);
        }
        return params;
    }

    @Override
    public Optional<String> header(String name) {
        if (detached) {
            return Optional.ofNullable(headers().get(name)).map(List::getFirst);
        }
        return Optional.ofNullable(jetty.getHeaders().get(name));
    }

    @Override
    public Map<String, List<String>> headers() {
        Map<String, List<String>> all = headers;
        if (all == null) {
            Map<String, List<String>> built = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (HttpField field : jetty.getHeaders()) {
                built.computeIfAbsent(field.getName(), n -> new ArrayList<>()).add(field.getValue());
            }
            built.replaceAll((name, values) -> List.copyOf(values));
            headers = all = Collections.unmodifiableMap(built);
        }
        return all;
    }

    @Override
    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies().get(name));
    }

    /** Parsed by Jetty (RFC 6265), which skips a malformed pair rather than failing the request. */
    @Override
    public Map<String, String> cookies() {
        Map<String, String> all = cookies;
        if (all == null) {
            Map<String, String> built = new LinkedHashMap<>();
            for (HttpCookie cookie : org.eclipse.jetty.server.Request.getCookies(jetty)) {
                built.putIfAbsent(cookie.getName(), cookie.getValue());
            }
            cookies = all = Collections.unmodifiableMap(built);
        }
        return all;
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String text() {
        if (body.length == 0) {
            return "";
        }
        Charset charset;
        try {
            charset = org.eclipse.jetty.server.Request.getCharset(jetty);
        } catch (RuntimeException e) {
            throw new BadRequest("request charset is not supported: " + e.getMessage(), e);
        }
        return new String(body, charset == null ? StandardCharsets.UTF_8 : charset);
    }

    @Override
    public <T> T json(Class<T> type) {
        return Json.read(body, type);
    }

    @Override
    public String remoteAddress() {
        return peer().host();
    }

    @Override
    public String scheme() {
        return peer().scheme();
    }

    Peer peer() {
        Peer known = peer;
        if (known == null) {
            peer = known = Peer.of(jetty, trusted);
        }
        return known;
    }

    @Override
    public String toString() {
        return method() + " " + path;
    }
}
