package dev.javicorn.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.javicorn.Response;
import dev.javicorn.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What a handler's return value means on the wire: a status, a content type, more headers and the
 * body bytes. Knows nothing of Jetty, so the conversion rules can be read (and tested) alone.
 *
 * @param headers each name with its values, each value sent as a header line of its own
 * @param contentType one of the constants below where possible, so the writer can send a
 *     pre-encoded header; {@code null} for no body
 * @param body {@code null} for no body
 * @param live {@code null} unless the response outlives the handler's return: a body written as
 *     it is sent, or a WebSocket
 */
record Reply(int status, String contentType, Map<String, List<String>> headers, byte[] body, Live live) {
    static final String TEXT = "text/plain; charset=utf-8";
    static final String JSON = "application/json";
    static final String BYTES = "application/octet-stream";

    Reply(int status, String contentType, Map<String, List<String>> headers, byte[] body) {
        this(status, contentType, headers, body, null);
    }

    /** A response that goes on after the handler has returned. */
    sealed interface Live {}

    /**
     * A body written while it is sent.
     *
     * @param endsWhenDraining whether the stream is ended as soon as the worker starts to stop (an
     *     event stream, which never ends by itself) rather than at the end of the grace
     */
    record Stream(Response.Streamer producer, boolean endsWhenDraining) implements Live {}

    /** The request becomes a WebSocket served by {@code handler}. */
    record Upgrade(WebSocket.Handler handler) implements Live {}

    /**
     * Converts a handler's result: {@link Response} as given, {@code String} as text, {@code byte[]}
     * as bytes, {@code null} as 204, anything else as JSON.
     *
     * @throws JsonProcessingException if a value to send as JSON cannot be written
     */
    static Reply from(Object result) throws JsonProcessingException {
        return switch (result) {
            case null -> new Reply(204, null, Map.of(), null);
            case String text -> new Reply(200, TEXT, Map.of(), text.getBytes(StandardCharsets.UTF_8));
            case byte[] bytes -> new Reply(200, BYTES, Map.of(), bytes);
            case Response response -> fromResponse(response);
            default -> new Reply(200, JSON, Map.of(), Json.write(result));
        };
    }

    /** A short text reply for the runtime's own answers (404, 405, 500, 503...). */
    static Reply text(int status, String text) {
        return new Reply(status, TEXT, Map.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    /** This reply with an {@code Allow} header, for a 405. */
    Reply withAllow(String methods) {
        return new Reply(status, contentType, Map.of("Allow", List.of(methods)), body);
    }

    /** This reply as a {@link Response}, for the app's after filters; a body is sent as bytes. */
    Response asResponse() {
        Response response = body == null ? Response.of(status) : Response.bytes(body, contentType).withStatus(status);
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            for (String value : header.getValue()) {
                response = response.addHeader(header.getKey(), value);
            }
        }
        return response;
    }

    private static Reply fromResponse(Response response) throws JsonProcessingException {
        Map<String, List<String>> headers = response.headers();
        String declared = null;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("Content-Type")) {
                declared = header.getValue().getLast();
            }
        }
        Object body = response.body();
        return switch (body) {
            case null -> new Reply(response.status(), declared, headers, null);
            case Response.Streamer producer -> new Reply(response.status(), declared, headers, null, new Stream(producer, false));
            case Response.Events producer -> new Reply(response.status(), declared, headers, null,
                    new Stream(out -> producer.sendTo(new EventWriter(out)), true));
            case WebSocket.Handler handler -> new Reply(response.status(), null, headers, null, new Upgrade(handler));
            case byte[] bytes -> new Reply(response.status(), or(declared, BYTES), headers, bytes);
            case String text -> new Reply(response.status(), or(declared, TEXT), headers,
                    text.getBytes(StandardCharsets.UTF_8));
            default -> new Reply(response.status(), or(declared, JSON), headers, Json.write(body));
        };
    }

    private static String or(String declared, String fallback) {
        return declared != null ? declared : fallback;
    }
}
