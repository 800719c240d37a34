package dev.javicorn.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.javicorn.supervise.Observer;
import dev.javicorn.supervise.Phase;
import dev.javicorn.supervise.Snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * {@code /livez}, {@code /readyz} and {@code /metrics} on the admin address (see the package's
 * theory of operation). {@link #turned} is called on the loop's thread; requests are answered on
 * one thread of the server's own, from the last snapshot.
 */
public final class AdminServer implements Observer, AutoCloseable {
    /** How long the loop may go without a turn before {@code /livez} fails: it turns at least once a second. */
    static final Duration LIVE = Duration.ofSeconds(10);

    private final HttpServer server;
    private final ExecutorService executor;
    private final LongSupplier clock;
    private volatile Snapshot latest;

    private AdminServer(HttpServer server, ExecutorService executor, LongSupplier clock) {
        this.server = server;
        this.executor = executor;
        this.clock = clock;
    }

    /**
     * Binds {@code host:port} (0 for a free port) and starts answering.
     *
     * @throws IllegalArgumentException with one sentence for the user when it cannot bind
     */
    public static AdminServer start(String host, int port) {
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot bind the admin endpoint to " + host + ":" + port + ": unknown host " + host);
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (BindException e) {
            throw new IllegalArgumentException("cannot bind the admin endpoint to " + host + ":" + port + ": "
                    + e.getMessage().toLowerCase(java.util.Locale.ROOT) + " (--admin-port, --admin-host)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot start the admin endpoint on " + host + ":" + port + ": " + e.getMessage());
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("javicorn-admin").factory());
        AdminServer admin = new AdminServer(server, executor, System::nanoTime);
        server.setExecutor(executor);
        server.createContext("/", admin::answer);
        server.start();
        return admin;
    }

    /** The bound port (the real one when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** For the log: where the endpoint answers. */
    public String url() {
        String host = server.getAddress().getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    @Override
    public void turned(Snapshot snapshot) {
        latest = snapshot;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            Snapshot snapshot = latest;
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                reply(exchange, 405, "text/plain", "only GET\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/livez" -> live(exchange, snapshot);
                case "/readyz" -> ready(exchange, snapshot);
                case "/metrics" -> reply(exchange, snapshot == null ? 503 : 200, Metrics.CONTENT_TYPE,
                        snapshot == null ? "" : Metrics.format(snapshot, clock.getAsLong()));
                default -> reply(exchange, 404, "text/plain", "not found: try /livez, /readyz or /metrics\n");
            }
        }
    }

    private void live(HttpExchange exchange, Snapshot snapshot) throws IOException {
        long age = snapshot == null ? Long.MAX_VALUE : clock.getAsLong() - snapshot.at();
        if (snapshot != null && age <= LIVE.toNanos()) {
            reply(exchange, 200, "text/plain", "ok\n");
        } else {
            reply(exchange, 503, "text/plain", snapshot == null ? "the control loop has not turned yet\n"
                    : "the control loop last turned " + age / 1_000_000 + " ms ago\n");
        }
    }

    private void ready(HttpExchange exchange, Snapshot snapshot) throws IOException {
        if (snapshot == null || snapshot.phase() == Phase.STARTING && snapshot.serving() == 0) {
            reply(exchange, 503, "text/plain", "starting\n");
        } else if (snapshot.phase() == Phase.STOPPING) {
            reply(exchange, 503, "text/plain", "stopping\n");
        } else if (snapshot.serving() == 0) {
            reply(exchange, 503, "text/plain", "no worker serves\n");
        } else {
            reply(exchange, 200, "text/plain", snapshot.serving() + " of " + snapshot.desired() + " workers serving\n");
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
