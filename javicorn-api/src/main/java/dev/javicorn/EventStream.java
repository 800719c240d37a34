package dev.javicorn;

import java.io.IOException;

/**
 * Where a Server-Sent Events response ({@link Response#sse}) sends its events, in the
 * {@code text/event-stream} format a browser's {@code EventSource} reads. Each event is sent
 * as it is made; a send blocks while the client is slow to read.
 *
 * <p>An event stream has no natural end, so when the worker stops (a reload, a rolling restart,
 * a stop) it is ended at once: {@link #stopping()} turns true and the producing thread is
 * interrupted (a {@code Thread.sleep} or a queue's {@code take} throws), and the client sees the
 * stream end cleanly. An {@code EventSource} then reconnects, to a worker that serves.
 *
 * <p>Used only by the thread that runs the producer.
 */
public interface EventStream {
    /**
     * Sends an event of the default type ({@code message}); a multi-line {@code data} is sent as one
     * {@code data:} line per line.
     *
     * @throws IOException if the client has gone away; let it propagate, the stream is over
     */
    default void send(String data) throws IOException {
        send(null, null, data);
    }

    /** Sends an event of type {@code event} (an {@code EventSource} listener's name). */
    default void send(String event, String data) throws IOException {
        send(null, event, data);
    }

    /**
     * Sends an event with an id (which a reconnecting client sends back as {@code Last-Event-ID}),
     * a type and data; {@code id} and {@code event} may be {@code null}.
     *
     * @throws IllegalArgumentException if {@code id} or {@code event} holds a line break
     */
    void send(String id, String event, String data) throws IOException;

    /** Sends a comment line, which clients ignore: a keep-alive through proxies that close idle connections. */
    void comment(String text) throws IOException;

    /** Whether the worker has begun to stop. */
    boolean stopping();
}
