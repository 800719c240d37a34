package dev.javicorn.http;

import dev.javicorn.App;
import dev.javicorn.log.Log;
import dev.javicorn.tls.KeyMaterial;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.LoggerFactory;

/**
 * javicorn's HTTP server for a native app: every piece of Jetty wiring lives here, each built by a
 * named factory method.
 *
 * <p>Lifecycle: {@link #start} (serving; or {@link #open}, running but taking no connection, then
 * {@link Opened#serve}) → {@link #stopAccepting} (draining: requests on open
 * connections are still served, each answered with {@code Connection: close}) → {@link #awaitIdle}
 * → {@link #close} (stopped). {@link #close} may also come at any earlier point. HTTP/2
 * connections are told to go away (see {@link Http2Connections}) when the server stops accepting.
 *
 * <p>Every Jetty thread is a daemon and handlers run on virtual threads, so a server never keeps
 * its JVM alive by itself: the owner decides when the process ends. All methods may be called
 * from any thread.
 */
public final class JettyServer implements AutoCloseable {
    /** How long {@link #close} lets Jetty finish before it stops waiting. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);
    /** How soon {@link #awaitIdle} looks again at an HTTP/2 stream that is on its way to the handler. */
    private static final Duration STREAM_RECHECK = Duration.ofMillis(5);
    /**
     * Jetty pads its queues to a cache line and, unless told how many references fill one, asks
     * the platform MBean server whether oops are compressed: registering every platform MBean
     * costs a cold worker about 250 ms before its first request. 16 is right for compressed oops
     * (the JVM's default below 32 GiB of heap) and merely pads twice as much without them.
     */
    private static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    static {
        if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
            System.setProperty(REFERENCES_PER_CACHE_LINE, "16");
        }
    }

    private final Server server;
    private final AppConnector connector;
    private final LocalConnector probes;
    private final AppHandler handler;
    private final Http2Connections http2;
    private final int port;

    private JettyServer(Server server, AppConnector connector, LocalConnector probes, AppHandler handler) {
        this.server = server;
        this.connector = connector;
        this.probes = probes;
        this.handler = handler;
        this.http2 = new Http2Connections(connector);
        this.port = connector.getLocalPort();
    }

    /**
     * Builds the routes and starts serving {@code app}; returns once connections are accepted.
     *
     * @param inherited an already bound, listening channel to accept on (a worker's
     *     {@code System.inheritedChannel()}); it is never bound again, only accepted from. When
     *     {@code null}, the server binds 127.0.0.1 on a free port, which is meant for tests.
     * @throws IllegalArgumentException if the app's routes are malformed or clash
     * @throws IllegalStateException if Jetty cannot start; whatever it had started is stopped
     */
    public static JettyServer start(App app, HttpOptions options, ServerSocketChannel inherited) {
        return start(app, options, null, inherited);
    }

    /**
     * As {@link #start(App, HttpOptions, ServerSocketChannel)}, over TLS with {@code tls} when it is
     * not null.
     */
    public static JettyServer start(App app, HttpOptions options, KeyMaterial tls, ServerSocketChannel inherited) {
        Opened opened = open(options, tls, inherited);
        try {
            return opened.serve(app);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /**
     * Starts everything of Jetty's that needs no app (thread pool, connectors, protocols, TLS),
     * taking no connection until {@link Opened#serve} gives it one: what a worker does while its
     * app loads, and a spare before GO (25–80 ms off a reload on two cores, docs/benchmarks.md).
     *
     * @param inherited as for {@link #start(App, HttpOptions, ServerSocketChannel)}
     * @throws IllegalStateException if Jetty cannot start; whatever it had started is stopped
     */
    public static Opened open(HttpOptions options, KeyMaterial tls, ServerSocketChannel inherited) {
        // What needs no Server first: a cold JVM may be making the Server's MIME table meanwhile (initializeAhead).
        QueuedThreadPool pool = newThreadPool();
        List<ConnectionFactory> factories = ConnectionFactories.of(newHttpConfiguration(options), options.protocols(), tls);
        Server server = newServer(pool);
        WebSockets webSockets = new WebSockets(server, options.webSockets());
        Arrivals arrivals = new Arrivals();
        AppConnector connector = newConnector(server, factories, options, inherited, arrivals);
        connector.setAccepting(false);
        server.addConnector(connector);
        LocalConnector probes = new LocalConnector(server);
        server.addConnector(probes);
        HealthHandler health = new HealthHandler(probes);
        server.setHandler(health);
        server.setErrorHandler(newErrorHandler());
        try {
            server.start();
            webSockets.start(server.getScheduler());
        } catch (Exception e) {
            stopQuietly(server);
            String where = inherited != null ? "the inherited socket" : "127.0.0.1";
            throw new IllegalStateException("Could not start the HTTP server on " + where + ": " + e.getMessage(), e);
        }
        return new Opened(server, connector, probes, health, webSockets, arrivals, options);
    }

    /** A running Jetty that takes no connection yet (see {@link #open}). */
    public static final class Opened implements AutoCloseable {
        private final Server server;
        private final AppConnector connector;
        private final LocalConnector probes;
        private final HealthHandler health;
        private final WebSockets webSockets;
        private final Arrivals arrivals;
        private final HttpOptions options;

        private Opened(Server server, AppConnector connector, LocalConnector probes, HealthHandler health, WebSockets webSockets,
                Arrivals arrivals, HttpOptions options) {
            this.server = server;
            this.connector = connector;
            this.probes = probes;
            this.health = health;
            this.webSockets = webSockets;
            this.arrivals = arrivals;
            this.options = options;
        }

        /**
         * Builds the routes, puts the app behind the health handler and starts accepting. Once only.
         *
         * @throws IllegalArgumentException if the app's routes are malformed or clash; this stays open
         * @throws IllegalStateException if Jetty cannot start the app's handlers
         */
        public JettyServer serve(App app) {
            AppHandler handler = new AppHandler(new Router(app.routes()), new FileServer(app.files()), new Pipeline(app), webSockets,
                    options, arrivals);
            Handler served = withGzip(handler, app.gzipMinimum());
            health.setHandler(served);
            try {
                // Jetty starts what is added to a running server only while it is starting.
                served.start();
            } catch (Exception e) {
                throw new IllegalStateException("Could not start the HTTP server: " + e.getMessage(), e);
            }
            connector.setAccepting(true);
            return new JettyServer(server, connector, probes, handler);
        }

        /** Stops Jetty (see {@link JettyServer#close}). */
        @Override
        public void close() {
            stopQuietly(server);
        }
    }

    /**
     * Begins the longest step of a first server on a thread of its own: every Server has a MIME
     * table, and Jetty's lists every locale the JDK knows as it is made
     * ({@code Locale.getAvailableLocales}: 110–200 ms on a cold JVM, the longest piece of a first
     * worker's start). It needs nothing of Jetty's, nor of the worker's logging, so a first worker
     * begins it before anything else; {@link #initializeAhead} then makes the table beside it.
     */
    public static void listLocalesAhead() {
        Thread.ofPlatform().daemon().name("javicorn-locales").start(Locale::getAvailableLocales);
    }

    /**
     * Begins the MIME table of a first server on a thread of its own, so that the caller can go on
     * with the rest of {@link #open} or {@link #prepare} beside it: its class logs through SLF4J,
     * which is started here first, and it waits for the locales of {@link #listLocalesAhead}. The
     * Server's construction waits for it only if it is not done. For a worker's first moments.
     */
    public static void initializeAhead() {
        LoggerFactory.getILoggerFactory(); // here: two threads starting SLF4J at once make it print a warning
        Thread.ofPlatform().daemon().name("javicorn-mime-types").start(() -> MimeTypes.DEFAULTS.hashCode());
    }

    /**
     * Runs the class initializations a first server pays for (Jetty's thread pool, its logging
     * and its MIME table, see {@link #initializeAhead}), so that a worker that cannot {@link #open}
     * early (TLS: its key material is read with the app) can do them on a thread of its own while
     * it loads the app.
     */
    public static void prepare() {
        newServer(newThreadPool());
    }

    /**
     * Runs the class initializations of a first request that need no server: the JSON mapper and
     * its first write (about 35 ms on a cold JVM) and the virtual threads' scheduler. For a thread
     * that would otherwise wait for {@link #open} (a first worker's, once its app is loaded).
     */
    public static void prepareRequests() {
        try {
            Json.write(Map.of("ready", true));
            Thread.ofVirtual().start(() -> {}).join();
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The only place virtual threads are made for requests. A plain executor rather than an
     * {@code ExecutorService}: the latter tracks every thread it starts, a cost per request that
     * buys nothing here, as Jetty tracks the requests.
     */
    static Executor newVirtualThreadExecutor() {
        ThreadFactory factory = Thread.ofVirtual().name("javicorn-request-", 0).factory();
        return task -> factory.newThread(task).start();
    }

    /**
     * Platform threads for selectors and the acceptor (a blocking {@code accept} belongs on a
     * platform thread), virtual threads for everything that may block, handlers included.
     */
    static QueuedThreadPool newThreadPool() {
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("javicorn");
        pool.setDaemon(true);
        pool.setStopTimeout(CLOSE_TIMEOUT.toMillis());
        pool.setVirtualThreadsExecutor(newVirtualThreadExecutor());
        return pool;
    }

    static Server newServer(QueuedThreadPool pool) {
        Server server = new Server(pool, new ScheduledExecutorScheduler("javicorn-scheduler", true), null);
        // Draining is the owner's call, through awaitIdle; Jetty's own graceful wait would hold
        // close() on every idle keep-alive connection.
        server.setStopTimeout(0);
        server.setStopAtShutdown(false);
        return server;
    }

    /**
     * The {@code server} header is added by the handler: Jetty's own would name Jetty.
     *
     * <p>Jetty answers 400 to an encoded {@code /}, {@code %} or dot segment in a path. The first
     * two are let through, because the router and {@code app.files} decode a path segment by
     * segment (an encoded {@code /} stays inside its segment); an encoded dot segment is let
     * through only so that AppHandler answers it 404, as a path naming nothing, since Jetty, once
     * it allows one, resolves {@code /static/%2e%2e/x} as {@code /x}.
     */
    static HttpConfiguration newHttpConfiguration(HttpOptions options) {
        HttpConfiguration config = new HttpConfiguration();
        config.setUriCompliance(UriCompliance.DEFAULT.with("javicorn",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
                UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
                UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT));
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setSendDateHeader(options.dateHeader());
        config.setRequestHeaderSize(options.limitRequestHeaders());
        return config;
    }

    /**
     * Jetty's gzip in front of the app when it asked for it ({@code app.gzip}): it compresses
     * what the app writes, static files included, and keeps out of the app handler's counting.
     */
    static Handler withGzip(AppHandler handler, int minimum) {
        if (minimum < 0) {
            return handler;
        }
        GzipHandler gzip = new GzipHandler(handler);
        gzip.setMinGzipSize(minimum);
        gzip.setIncludedMethods("GET", "POST", "PUT", "PATCH", "DELETE");
        return gzip;
    }

    /**
     * One acceptor thread: accepting is not the bottleneck with keep-alive, and a fixed count keeps
     * the channel in blocking mode, which matters when other processes accept on the same socket.
     */
    static AppConnector newConnector(Server server, List<ConnectionFactory> factories, HttpOptions options,
            ServerSocketChannel inherited, Arrivals arrivals) {
        AppConnector connector = new AppConnector(server, factories, inherited, arrivals);
        if (inherited == null) {
            connector.setHost("127.0.0.1");
            connector.setPort(0);
        }
        connector.setIdleTimeout(options.keepAliveTimeout().toMillis());
        return connector;
    }

    /** Jetty's own error pages (malformed requests) in plain text, never with a stack trace. */
    static ErrorHandler newErrorHandler() {
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowCauses(false);
        errors.setDefaultResponseMimeType("text/plain");
        return errors;
    }

    /**
     * Sends a request through the in-memory connector and returns once it is answered: proof
     * that this server can still dispatch and complete requests. Blocks while it cannot.
     *
     * @throws Exception if the probe fails outright
     */
    public void probe() throws Exception {
        String response = probes.getResponse("GET /javicorn-health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                1, java.util.concurrent.TimeUnit.DAYS);
        if (response == null || !response.startsWith("HTTP/1.1 204")) {
            throw new IllegalStateException("health probe answered: " + response);
        }
    }

    /** The port connections are accepted on. */
    public int port() {
        return port;
    }

    /**
     * Stops taking new connections and starts draining; returns at once and never throws.
     *
     * <p>Closes this process's descriptor of the listening socket only. The socket lives on as
     * long as another process holds it, and connections queued in the kernel stay there for those
     * processes to accept (a {@code shutdown} of the socket would reset them; this never does one).
     */
    public void stopAccepting() {
        stopAccepting(false);
    }

    /**
     * {@link #stopAccepting()}, saying whether another worker takes over ({@code restart}: a
     * reload or a rolling restart) or the service goes away: WebSockets are closed with 1012 or 1001.
     */
    public void stopAccepting(boolean restart) {
        handler.startDraining(restart);
        connector.stopAccepting();
        http2.goAway();
    }

    /**
     * Waits until no request is in flight and no connection accepted before {@link #stopAccepting}
     * is still waiting for its first request to reach the app, for at most {@code timeout}. An
     * HTTP/2 stream is a request here, from the moment Jetty has read it: once an HTTP/2
     * connection has none left, it gets the final GOAWAY, naming the last stream the server took,
     * and the wait lasts until that frame is written, so a stream its client sent later is one the
     * client knows to send again elsewhere.
     *
     * @return {@code true} once idle, {@code false} if requests were still running at the deadline
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (handler.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
            if (http2.streams() == 0 && http2.sayLastStream(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))
                    && http2.streams() == 0) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            // A stream read but not yet handed to the handler, which counts it a moment later:
            // Jetty tells no one, so look again shortly.
            Thread.sleep(STREAM_RECHECK.toMillis());
        }
        return false;
    }

    /** Connections taken whose first request has not reached the app yet (see Arrivals). */
    int arrivals() {
        return handler.arrivals().count();
    }

    /** Sockets Arrivals knows open now (tests). */
    int sockets() {
        return handler.arrivals().sockets();
    }

    /** HTTP/2 connections open now (tests). */
    int http2Connections() {
        return http2.count();
    }

    /**
     * Stops Jetty: open connections are closed, requests still running lose their client. Returns
     * within about {@link #CLOSE_TIMEOUT}; a failure to stop is logged, not thrown. Idempotent.
     */
    @Override
    public void close() {
        stopQuietly(server);
    }

    /** Requests answered so far, whatever their status, including 503s from the concurrency limit. */
    public long requestsServed() {
        return handler.requestsServed();
    }

    /** Requests received whose response is not yet completely written. */
    public int inFlight() {
        return handler.inFlight();
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            Log.warning("HTTP server did not stop cleanly: " + e);
        }
    }
}
