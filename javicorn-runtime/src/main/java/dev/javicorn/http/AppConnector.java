package dev.javicorn.http;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The connector an app is served on: one acceptor, on a channel opened by someone else (a
 * worker's inherited socket) or, without one, on a port of its own. It reports every connection it
 * takes to {@link Arrivals}, including the one the acceptor may hold at the moment the channel is
 * closed, and {@link #stopAccepting} leaves the acceptor parked rather than retrying on a closed
 * channel.
 */
final class AppConnector extends ServerConnector {
    private final ServerSocketChannel inherited;
    private final Arrivals arrivals;

    /**
     * @param factories the protocols, the first being what every connection starts with
     * @param inherited a bound, listening channel to accept on, or null to bind one at start
     */
    AppConnector(Server server, List<ConnectionFactory> factories, ServerSocketChannel inherited, Arrivals arrivals) {
        super(server, 1, -1, factories.toArray(ConnectionFactory[]::new));
        this.inherited = inherited;
        this.arrivals = arrivals;
        addEventListener(arrivals);
        getSelectorManager().addEventListener(arrivals);
    }

    /** Overridden so that Jetty's own opening steps (listeners, local port) run on an inherited channel too. */
    @Override
    protected ServerSocketChannel openAcceptChannel() throws IOException {
        return inherited != null ? inherited : super.openAcceptChannel();
    }

    @Override
    public void accept(int acceptorId) throws IOException {
        arrivals.acceptorIn();
        try {
            super.accept(acceptorId);
        } catch (AsynchronousCloseException closed) {
            if (isOpen()) {
                throw closed;
            }
            // stopAccepting closed the channel under a blocked accept: nothing was accepted.
        } finally {
            arrivals.acceptorOut();
        }
    }

    /**
     * Takes no more connections: the acceptor parks once it is out of {@code accept} (Jetty's loop
     * would otherwise call it again and again on the closed channel), then the channel is closed.
     */
    void stopAccepting() {
        arrivals.stopAccepting();
        setAccepting(false);
        close();
    }
}
