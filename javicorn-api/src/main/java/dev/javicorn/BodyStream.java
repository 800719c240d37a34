package dev.javicorn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Where a streamed response ({@link Response#stream}) writes its body. Each write is sent to the
 * client as it is made, and blocks while the client is slow to read: a producer can never run
 * ahead of its client by more than the socket's buffers.
 *
 * <p>When the worker stops (a reload, a rolling restart, a stop), {@link #stopping()} turns true
 * and the stream has the worker's grace to finish; at its end the producing thread is
 * interrupted, so that a blocking wait ({@code Thread.sleep}, a queue's {@code take}) throws, and
 * the response ends cleanly: the client sees the end of the body, never a reset connection.
 *
 * <p>Used only by the thread that runs the producer.
 */
public interface BodyStream {
    /**
     * Sends these bytes now.
     *
     * @throws IOException if the client has gone away; let it propagate, the stream is over
     */
    void write(byte[] bytes) throws IOException;

    /** Sends this text now, in UTF-8. */
    default void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the worker has begun to stop, so that a long stream should finish soon. */
    boolean stopping();
}
