package dev.javicorn.http;

import java.util.stream.Stream;
import org.eclipse.jetty.http2.SessionContainer;
import org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.component.ContainerLifeCycle;

/**
 * The HTTP/2 connections of a connector (h2 and h2c alike), as a drain sees them.
 *
 * <p>RFC 9113's graceful shutdown takes two GOAWAY frames: a first one that names no last stream,
 * telling the client to open its next streams elsewhere, then a final one naming the last stream
 * the server took, so the client knows which of its streams to send again. {@link #goAway} sends
 * the first; Jetty sends the final one by itself once a connection has no stream left. Jetty then
 * waits for the client's own GOAWAY or close, which browsers and the JDK's client never send, so
 * the worker's exit is what closes the connection. Any thread.
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
        return containers().flatMap(sessions -> sessions.getSessions().stream()).mapToInt(session -> session.getStreams().size()).sum();
    }

    /** HTTP/2 connections open now. */
    int count() {
        return containers().mapToInt(SessionContainer::getSize).sum();
    }

    /** Each HTTP/2 factory keeps its connections' sessions in a container of its own. */
    private Stream<SessionContainer> containers() {
        return connector.getConnectionFactories().stream()
                .filter(AbstractHTTP2ServerConnectionFactory.class::isInstance)
                .flatMap(factory -> ((ContainerLifeCycle) factory).getBeans(SessionContainer.class).stream());
    }
}
