package dev.javicorn.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.SessionContainer;
import org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.ContainerLifeCycle;

/**
 * The HTTP/2 connections of a connector (h2 and h2c alike), as a drain sees them.
 *
 * <p>RFC 9113's graceful shutdown takes two GOAWAY frames: a first one that names no last stream,
 * telling the client to open its next streams elsewhere, then a final one naming the last stream
 * the server took, so the client knows which of its streams to send again. {@link #goAway} sends
 * the first. Jetty sends the final one by itself once a connection has no stream left, but on a
 * thread of its own: a worker that exits as soon as it sees no stream can be gone before that frame
 * is written, and a stream the client sent before it read the first GOAWAY then ends in EOF instead
 * of being sent again. {@link #sayLastStream} sends the final one and waits until it is written.
 * Jetty then waits for the client's own GOAWAY or close, which browsers and the JDK's client never
 * send, so the worker's exit is what closes the connection. Any thread.
 */
final class Http2Connections {
    private final Connector connector;

    Http2Connections(Connector connector) {
        this.connector = connector;
    }

    /** Sends every HTTP/2 connection the first, graceful GOAWAY; one opened later gets it at once. */
    void goAway() {
        containers().forEach(SessionContainer::shutdown);
    }

    /**
     * Streams of every HTTP/2 connection, from the moment Jetty has read a stream's headers until
     * it is answered: a stream counts here before it reaches the app's handler.
     */
    int streams() {
        return sessions().mapToInt(HTTP2Session::getStreamCount).sum();
    }

    /**
     * Sends every HTTP/2 connection its final GOAWAY, naming the last stream it took, and waits
     * until each is written, for at most {@code timeout}. For a drain that has seen no stream left:
     * a stream read before the frame went is one {@link #streams} counts again.
     *
     * <p>Jetty queues the final GOAWAY itself as soon as a draining connection's last stream ends,
     * which can be before the first GOAWAY is even written, and then ignores this one and calls
     * back at once, written or not: a worker that exited then took both frames with it (about one
     * run in 35 of {@code Http2Test}'s drain). So what is waited for is a flush queued after the
     * frame, done once everything before it is written.
     *
     * @return false if some frame was not written within {@code timeout}
     */
    boolean sayLastStream(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<HTTP2Session> sessions = sessions().toList();
        sessions.forEach(session -> session.close(ErrorCode.NO_ERROR.code, "shutdown", Callback.NOOP));
        for (HTTP2Session session : sessions) {
            do {
                Callback.Completable flushed = new Callback.Completable();
                session.flush(flushed);
                try {
                    flushed.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException failed) {
                    break; // the connection broke: its client can be told nothing more
                } catch (TimeoutException e) {
                    return false;
                }
            } while (session.getFrameQueueSize() > 0); // a frame Jetty queued meanwhile
        }
        return true;
    }

    /** HTTP/2 connections open now. */
    int count() {
        return containers().mapToInt(SessionContainer::getSize).sum();
    }

    private Stream<HTTP2Session> sessions() {
        return containers().flatMap(sessions -> sessions.getSessions().stream()).map(HTTP2Session.class::cast);
    }

    /** Each HTTP/2 factory keeps its connections' sessions in a container of its own. */
    private Stream<SessionContainer> containers() {
        return connector.getConnectionFactories().stream()
                .filter(AbstractHTTP2ServerConnectionFactory.class::isInstance)
                .flatMap(factory -> ((ContainerLifeCycle) factory).getBeans(SessionContainer.class).stream());
    }
}
