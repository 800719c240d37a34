package dev.javicorn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One WebSocket connection ({@link App#ws}), used from the thread that runs its handler: a
 * virtual thread of its own, which may block. Messages are read one at a time with
 * {@link #receive}: the client is asked for the next message only when the handler wants it,
 * so a slow handler slows its client down instead of piling messages up in memory.
 *
 * <pre>{@code
 * app.ws("/echo", socket -> {
 *     for (WebSocket.Message message; (message = socket.receive()) != null; ) {
 *         socket.send("echo: " + message.text());
 *     }
 * });
 * }</pre>
 *
 * <p>The connection closes when the handler returns (1000 Normal Closure), throws (1011), or
 * calls {@link #close}. When the worker stops, every open WebSocket is sent a close frame at once:
 * 1012 Service Restart on a reload or a rolling restart (a client should reconnect, and reaches a
 * worker that serves), 1001 Going Away on a stop; {@link #receive} then returns {@code null}.
 * Pings are sent every {@code --ws-ping-interval} and a client that does not answer within
 * {@code --ws-ping-timeout} is closed; a message above {@code --ws-max-size} closes the
 * connection with 1009.
 */
public interface WebSocket {
    /**
     * The next message, once it has arrived; {@code null} once the connection is closed, by either side.
     *
     * @throws InterruptedException if the handler's thread is interrupted
     */
    Message receive() throws InterruptedException;

    /**
     * Sends a text message, waiting until it is written.
     *
     * @throws IOException if the connection is closed
     */
    void send(String text) throws IOException;

    /** Sends a binary message, waiting until it is written. */
    void send(byte[] bytes) throws IOException;

    /** Closes the connection with this status code (1000 for a normal end) and reason. */
    void close(int code, String reason);

    /** The request that opened the connection: its path parameters, query, headers and cookies. */
    Request request();

    /** Whether the worker has begun to stop (the close frame is then on its way). */
    boolean stopping();

    /** A WebSocket message: text or bytes. */
    record Message(String text, byte[] bytes) {
        public Message {
            if ((text == null) == (bytes == null)) {
                throw new IllegalArgumentException("a message is either text or bytes");
            }
        }

        public static Message text(String text) {
            return new Message(Objects.requireNonNull(text), null);
        }

        public static Message binary(byte[] bytes) {
            return new Message(null, bytes.clone());
        }

        public boolean isText() {
            return text != null;
        }

        /** The text, or the bytes read as UTF-8. */
        @Override
        public String text() {
            return text != null ? text : new String(bytes, StandardCharsets.UTF_8);
        }

        /** The bytes, or the text in UTF-8. */
        @Override
        public byte[] bytes() {
            return bytes != null ? bytes.clone() : text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Serves one WebSocket connection; see {@link App#ws}. */
    @FunctionalInterface
    interface Handler {
        void handle(WebSocket socket) throws Exception;
    }
}
