package dev.javicorn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An HTTP response with a status, headers and a body. Immutable: {@link #withStatus},
 * {@link #header}, {@link #addHeader} and {@link #cookie} return a copy.
 *
 * <p>The body is bytes, a {@code String}, any other value that the runtime sends as JSON, or a
 * producer that writes it as it goes ({@link #stream}, {@link #sse}).
 * Header names are matched without regard to case; a name may have several values, each sent as
 * a header line of its own (two {@code Set-Cookie} lines, say).
 */
public final class Response {
    private final int status;
    private final Map<String, List<String>> headers;
    private final Object body;

    private Response(int status, Map<String, List<String>> headers, Object body) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("HTTP status out of range: " + status);
        }
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    private Response(int status, String name, String value, Object body) {
        this(status, with(Map.of(), name, value, false), body);
    }

    /**
     * The response a handler's result stands for: a {@code Response} as it is, a {@code String} as
     * {@link #text}, a {@code byte[]} as application/octet-stream, {@code null} as 204, anything
     * else as {@link #json}.
     */
    public static Response from(Object result) {
        return switch (result) {
            case null -> of(204);
            case Response response -> response;
            case String text -> text(text);
            case byte[] bytes -> bytes(bytes, "application/octet-stream");
            default -> json(result);
        };
    }

    /** A text/plain response. */
    public static Response text(String text) {
        return new Response(200, "Content-Type", "text/plain; charset=utf-8", Objects.requireNonNull(text));
    }

    /** A text/html response. */
    public static Response html(String html) {
        return new Response(200, "Content-Type", "text/html; charset=utf-8", Objects.requireNonNull(html));
    }

    /** An application/json response; the value is encoded by the runtime. */
    public static Response json(Object value) {
        return new Response(200, "Content-Type", "application/json", value);
    }

    public static Response bytes(byte[] body, String contentType) {
        return new Response(200, "Content-Type", contentType, body.clone());
    }

    /**
     * A response whose body {@code producer} writes while it is sent, e.g. a large export or the
     * output of a long job. The producer runs on the request's thread after the headers are sent;
     * the response ends when it returns. See {@link BodyStream} for what happens when the worker
     * stops meanwhile.
     *
     * <pre>{@code
     * app.get("/count", req -> Response.stream("text/plain", out -> {
     *     for (int i = 1; i <= 10; i++) {
     *         out.write(i + "\n");
     *         Thread.sleep(1000);
     *     }
     * }));
     * }</pre>
     */
    public static Response stream(String contentType, Streamer producer) {
        return new Response(200, "Content-Type", contentType, Objects.requireNonNull(producer, "producer"));
    }

    /**
     * A Server-Sent Events response: {@code text/event-stream}, not cached, not buffered by
     * proxies. The producer sends events until it returns, the client goes away or the worker
     * stops (see {@link EventStream}).
     *
     * <pre>{@code
     * app.get("/ticks", req -> Response.sse(events -> {
     *     while (true) {
     *         events.send("tick", Instant.now().toString());
     *         Thread.sleep(1000);
     *     }
     * }));
     * }</pre>
     */
    public static Response sse(Events producer) {
        Objects.requireNonNull(producer, "producer");
        return new Response(200, "Content-Type", "text/event-stream", producer)
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no");
    }

    /**
     * Upgrades the request to a WebSocket served by {@code handler}: what {@link App#ws} returns,
     * for a handler that decides on the upgrade itself. A request that asked for no upgrade is
     * answered 426 Upgrade Required.
     */
    public static Response webSocket(WebSocket.Handler handler) {
        return new Response(101, Map.of(), Objects.requireNonNull(handler, "handler"));
    }

    /** Writes a streamed body ({@link #stream}). */
    @FunctionalInterface
    public interface Streamer {
        void writeTo(BodyStream out) throws Exception;
    }

    /** Sends the events of a Server-Sent Events response ({@link #sse}). */
    @FunctionalInterface
    public interface Events {
        void sendTo(EventStream events) throws Exception;
    }

    /** A response with this status and no body, e.g. {@code Response.of(204)}. */
    public static Response of(int status) {
        return new Response(status, Map.of(), null);
    }

    /** A redirect (303 See Other) to {@code location}. */
    public static Response redirect(String location) {
        return new Response(303, "Location", location, null);
    }

    public Response withStatus(int newStatus) {
        return new Response(newStatus, headers, body);
    }

    /**
     * This response with {@code name} set to {@code value}, replacing any value it had.
     *
     * @throws IllegalArgumentException if the name is not an HTTP token or the value holds a line break
     */
    public Response header(String name, String value) {
        return new Response(status, with(headers, name, value, false), body);
    }

    /** This response with one more value for {@code name}, sent as a header line of its own. */
    public Response addHeader(String name, String value) {
        return new Response(status, with(headers, name, value, true), body);
    }

    /**
     * This response with a {@code Set-Cookie} header for {@code cookie}, next to any it has.
     *
     * @throws IllegalArgumentException if the cookie asks for {@code SameSite=None} without {@code Secure}
     */
    public Response cookie(Cookie cookie) {
        return addHeader("Set-Cookie", cookie.toHeaderValue());
    }

    private static Map<String, List<String>> with(Map<String, List<String>> headers, String name, String value, boolean add) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || !name.chars().allMatch(Cookie::isTokenChar)) {
            throw new IllegalArgumentException("header name is not an HTTP token: '" + name.replace("\r", "\\r").replace("\n", "\\n") + "'");
        }
        // A CR or LF would let a value start a header, or a body, of its own.
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header " + name + ": value holds a line break");
        }
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        List<String> values = new ArrayList<>(add ? copy.getOrDefault(name, List.of()) : List.of());
        values.add(value);
        copy.put(name, List.copyOf(values));
        return Collections.unmodifiableMap(copy);
    }

    public int status() {
        return status;
    }

    /** Every header, its values in the order added; names are matched without regard to case. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * The body: {@code null}, {@code byte[]}, {@code String}, a {@link Streamer} or {@link Events}
     * producer, a {@link WebSocket.Handler}, or a value to encode as JSON.
     */
    public Object body() {
        return body instanceof byte[] b ? b.clone() : body;
    }

    @Override
    public String toString() {
        Object shown = body instanceof byte[] b ? b.length + " bytes" : body;
        return "Response[" + status + ", " + headers + ", " + shown + "]";
    }
}
