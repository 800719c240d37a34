package dev.javicorn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP response with a status, headers and a body. Immutable: {@link #header} and
 * {@link #status} return a copy.
 *
 * <p>The body is bytes, a {@code String}, or any other value that the runtime sends as JSON.
 */
public final class Response {
    private final int status;
    private final Map<String, String> headers;
    private final Object body;

    private Response(int status, Map<String, String> headers, Object body) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("HTTP status out of range: " + status);
        }
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body;
    }

    /** A text/plain response. */
    public static Response text(String text) {
        return new Response(200, Map.of("Content-Type", "text/plain; charset=utf-8"), Objects.requireNonNull(text));
    }

    /** A text/html response. */
    public static Response html(String html) {
        return new Response(200, Map.of("Content-Type", "text/html; charset=utf-8"), Objects.requireNonNull(html));
    }

    /** An application/json response; the value is encoded by the runtime. */
    public static Response json(Object value) {
        return new Response(200, Map.of("Content-Type", "application/json"), value);
    }

    public static Response bytes(byte[] body, String contentType) {
        return new Response(200, Map.of("Content-Type", contentType), body.clone());
    }

    /** A response with this status and no body, e.g. {@code Response.of(204)}. */
    public static Response of(int status) {
        return new Response(status, Map.of(), null);
    }

    /** A redirect (303 See Other) to {@code location}. */
    public static Response redirect(String location) {
        return new Response(303, Map.of("Location", location), null);
    }

    public Response withStatus(int newStatus) {
        return new Response(newStatus, headers, body);
    }

    public Response header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
        return new Response(status, copy, body);
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The body: {@code null}, {@code byte[]}, {@code String}, or a value to encode as JSON. */
    public Object body() {
        return body instanceof byte[] b ? b.clone() : body;
    }

    @Override
    public String toString() {
        Object shown = body instanceof byte[] b ? b.length + " bytes" : body;
        return "Response[" + status + ", " + headers + ", " + shown + "]";
    }
}
