package dev.javicorn.http;

import java.nio.channels.SelectableChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.server.Request;

/**
 * Connections this worker took from the listening socket whose first request has not reached the
 * app yet. A drain must wait for them: the kernel handed them over just before the worker stopped
 * accepting, their client has sent (or is sending) a request, and closing them would answer it
 * with nothing.
 *
 * <p>A connection passes three stages before its request is counted in flight, each counted here:
 * <ol>
 *   <li>the acceptor is inside {@code accept}, where the kernel may just have handed it one; this
 *       counts only once the worker stops accepting, after which the acceptor soon leaves;
 *   <li>accepted, on its way to a selector thread ({@code onAccepting} until {@code onOpened} or
 *       {@code onAcceptFailed});
 *   <li>open, waiting for its first request ({@code onOpened} until {@link #used} or
 *       {@code onClosed}).
 * </ol>
 * A connection enters each stage before it leaves the one before, and {@link #count} reads the
 * stages in order, so it never misses one between stages. An idle keep-alive connection that has
 * served a request is not counted. Any thread.
 *
 * <p>A connection here is a network connection, known by its socket's endpoint, whatever Jetty
 * layers on it: over TLS the TLS connection, then ALPN's, then the HTTP/1.1 or HTTP/2 one it picks,
 * each opened (and the middle one closed) on the same socket, and an h2c upgrade replaces HTTP/1.1
 * with HTTP/2 on it. Each of them is reported here; only the first opening and the socket's close
 * move the stages.
 */
final class Arrivals implements Connection.Listener, SelectorManager.AcceptListener {
    private final AtomicInteger acceptor = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Set<EndPoint> open = ConcurrentHashMap.newKeySet();
    private final Set<EndPoint> fresh = ConcurrentHashMap.newKeySet();
    private volatile Runnable onGone = () -> { };
    private volatile boolean stopped;

    /**
     * Who is told after a connection moved on (closed, failed, or its request arrived): the
     * handler a drain waits on, set before the first connection is accepted.
     */
    void onGone(Runnable onGone) {
        this.onGone = onGone;
    }

    /** The acceptor enters {@code accept}. */
    void acceptorIn() {
        acceptor.incrementAndGet();
    }

    /** The acceptor left {@code accept}; what it accepted, if anything, is counted by now. */
    void acceptorOut() {
        acceptor.decrementAndGet();
        onGone.run();
    }

    @Override
    public void onAccepting(SelectableChannel channel) {
        accepted.incrementAndGet();
    }

    @Override
    public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
        accepted.decrementAndGet();
        onGone.run();
    }

    @Override
    public void onOpened(Connection connection) {
        EndPoint socket = socket(connection);
        if (open.add(socket)) {
            fresh.add(socket);
            accepted.decrementAndGet();
        }
    }

    /** A layer closes; the connection has gone only once its socket is closed (not while a layer is replaced). */
    @Override
    public void onClosed(Connection connection) {
        EndPoint socket = socket(connection);
        if (!socket.isOpen() && open.remove(socket) && fresh.remove(socket)) {
            onGone.run();
        }
    }

    /** The request's connection has reached the app: called after the request is counted in flight. */
    void used(Request request) {
        if (fresh.remove(socket(request.getConnectionMetaData().getConnection()))) {
            onGone.run();
        }
    }

    /** The endpoint of the network socket under a connection's layers (TLS wraps it). */
    private static EndPoint socket(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        while (endPoint instanceof EndPoint.Wrapper wrapper) {
            endPoint = wrapper.unwrap();
        }
        return endPoint;
    }

    /** The worker stops accepting: from now on the acceptor counts as one connection while it is in {@code accept}. */
    void stopAccepting() {
        stopped = true;
    }

    /** Sockets open now, fresh or not (tests: each is forgotten once closed). */
    int sockets() {
        return open.size();
    }

    /** Connections between the kernel and the app. */
    int count() {
        int inAccept = stopped ? acceptor.get() : 0;
        return inAccept + accepted.get() + fresh.size();
    }
}
