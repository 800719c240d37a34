package dev.javicorn.http;

import dev.javicorn.Request;
import dev.javicorn.WebSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * The WebSockets of one server: the upgrade, the pings, and the close frames a stopping worker
 * sends. Each open connection counts as a request in flight until it is closed (see
 * {@link #upgrade}), so a drain waits for the close handshakes the stop begins.
 */
final class WebSockets {
    private final ServerWebSocketContainer container;
    private final WebSocketOptions options;
    private final Set<SocketSession> open = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;
    private volatile int drainCode = StatusCode.SHUTDOWN;

    /** Registers the container on {@code server}; call before the server starts. */
    WebSockets(Server server, WebSocketOptions options) {
        this.options = options;
        this.container = ServerWebSocketContainer.ensure(server);
        container.setMaxTextMessageSize(options.maxSize());
        container.setMaxBinaryMessageSize(options.maxSize());
        // Idle connections are found by the pings, not closed for being quiet.
        container.setIdleTimeout(java.time.Duration.ZERO);
    }

    /** Starts the pings; call once the server has started (its scheduler with it). */
    void start(Scheduler scheduler) {
        if (!options.pingInterval().isZero()) {
            schedulePings(scheduler);
        }
    }

    /**
     * Upgrades the request to a WebSocket served by {@code handler}.
     *
     * @param upgraded Jetty's callback for the upgrade request itself
     * @param finished run once, when the connection has closed (or the upgrade failed)
     * @return {@code false}, having done nothing, if the request asked for no upgrade
     */
    boolean upgrade(WebSocket.Handler handler, Request appRequest, org.eclipse.jetty.server.Request request,
            org.eclipse.jetty.server.Response response, Callback upgraded, Runnable finished) throws Exception {
        Runnable once = new Once(finished);
        SocketSession session = new SocketSession(handler, appRequest, this, once);
        return container.upgrade((upgradeRequest, upgradeResponse, callback) -> {
            if (!options.perMessageDeflate()) {
                upgradeResponse.setExtensions(List.of());
            }
            return session;
        }, request, response, Callback.from(upgraded::succeeded, failure -> {
            upgraded.failed(failure);
            once.run();
        }));
    }

    void opened(SocketSession session) {
        open.add(session);
        if (draining) {
            session.close(drainCode, reasonFor(drainCode));
        }
    }

    void closed(SocketSession session) {
        open.remove(session);
    }

    /**
     * The worker stops: every open WebSocket gets a close frame now, 1012 Service Restart when
     * another worker takes over (a reload, a rolling restart), 1001 Going Away when javicorn stops.
     */
    void startDraining(boolean restart) {
        drainCode = restart ? StatusCode.SERVICE_RESTART : StatusCode.SHUTDOWN;
        draining = true;
        for (SocketSession session : open) {
            session.close(drainCode, reasonFor(drainCode));
        }
    }

    boolean draining() {
        return draining;
    }

    private static String reasonFor(int code) {
        return code == StatusCode.SERVICE_RESTART ? "Service Restart" : "Going Away";
    }

    private void schedulePings(Scheduler scheduler) {
        long interval = options.pingInterval().toNanos();
        scheduler.schedule(new Runnable() {
            @Override
            public void run() {
                long now = System.nanoTime();
                for (SocketSession session : open) {
                    session.ping(now, options.pingTimeout().toNanos());
                }
                scheduler.schedule(this, interval, TimeUnit.NANOSECONDS);
            }
        }, interval, TimeUnit.NANOSECONDS);
    }

    /** Runs its task once, however often it is called. */
    private static final class Once implements Runnable {
        private final Runnable task;
        private final AtomicBoolean done = new AtomicBoolean();

        Once(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                task.run();
            }
        }
    }
}
