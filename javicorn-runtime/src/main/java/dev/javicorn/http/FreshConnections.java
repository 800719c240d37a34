package dev.javicorn.http;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Request;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections accepted whose first request has not reached the app yet. A drain must wait for
 * them too: the kernel handed them to this worker just before it stopped accepting, their client
 * has already sent (or is sending) a request, and closing them would answer it with nothing. An
 * idle keep-alive connection that has served a request is not counted. Any thread.
 */
final class FreshConnections implements Connection.Listener {
    private final Set<Connection> fresh = ConcurrentHashMap.newKeySet();
    private final Runnable onGone;

    /** @param onGone called after a connection stopped being fresh (closed, or its request arrived) */
    FreshConnections(Runnable onGone) {
        this.onGone = onGone;
    }

    @Override
    public void onOpened(Connection connection) {
        fresh.add(connection);
    }

    @Override
    public void onClosed(Connection connection) {
        if (fresh.remove(connection)) {
            onGone.run();
        }
    }

    /** The request's connection has reached the app: called after the request is counted in flight. */
    void used(Request request) {
        if (fresh.remove(request.getConnectionMetaData().getConnection())) {
            onGone.run();
        }
    }

    int count() {
        return fresh.size();
    }
}
