package dev.javicorn.worker;

import dev.javicorn.App;
import dev.javicorn.config.Config;
import dev.javicorn.http.JettyServer;
import dev.javicorn.log.Log;
import dev.javicorn.process.Libc;
import dev.javicorn.tls.KeyMaterial;
import dev.javicorn.tls.TlsOptions;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a native {@link App}: startup hooks, then Jetty on the socket inherited as fd 0; on stop,
 * stop accepting, drain, shutdown hooks. The worker never binds: the socket is the supervisor's,
 * shared with the worker that replaces this one.
 */
final class NativeAppRunner implements AppRunner {
    /** Part of the grace kept for the shutdown hooks when draining takes long. */
    private static final Duration HOOK_RESERVE = Duration.ofSeconds(1);

    /** The supervisor sends the TLS password right after the start: this is far more than it needs. */
    private static final Duration PASSWORD_WAIT = Duration.ofSeconds(30);

    private final WorkerSpec spec;
    private final Future<String> tlsPassword;
    /** Jetty opened ahead of the app by {@link #prepare}, or null in it: over TLS. */
    private final Future<JettyServer.Opened> early;
    private final boolean lifespan;
    private volatile App app;
    private volatile JettyServer server;

    /**
     * @param tlsPassword completed with the TLS password when the spec says one follows
     * @param early {@link #prepare}, done or under way ahead of {@link #start}
     */
    NativeAppRunner(WorkerSpec spec, Future<String> tlsPassword, Future<JettyServer.Opened> early) {
        this.spec = spec;
        this.tlsPassword = tlsPassword;
        this.early = early;
        this.lifespan = spec.lifespan() != Config.Lifespan.OFF;
    }

    @Override
    public void start() throws Exception {
        try {
            app = spec.app().resolveApp(ClassLoader.getSystemClassLoader());
        } catch (IllegalArgumentException e) {
            throw new BadAppException(e.getMessage());
        }
        KeyMaterial tls = keyMaterial(spec, tlsPassword); // before the startup hooks: a bad certificate needs no database connection
        if (lifespan) {
            Log.info("Waiting for application startup.");
            for (App.Hook hook : app.startupHooks()) {
                hook.run();
            }
            Log.info("Application startup complete.");
        }
        if (!early.isDone()) {
            JettyServer.prepareRequests(); // while Jetty opens on its own thread; a spare's is open
        }
        JettyServer.Opened http = opened();
        if (http == null) {
            http = JettyServer.open(HttpSpec.options(spec), tls, inheritedSocket());
        }
        try {
            server = http.serve(app);
        } catch (IllegalArgumentException badApp) {
            throw new BadAppException(badApp.getMessage());
        }
    }

    /**
     * The work of {@link #start} that needs no app, done ahead of it (on a thread of its own
     * while a first worker loads its app; by a spare after its warm-up): Jetty opened on the
     * inherited socket, taking no connection before {@link #start} gives it the app. Over TLS,
     * whose key material is read with the app, only Jetty's class initializations and the JDK's
     * look at the inherited socket (about 180 and 30 ms on a cold JVM), and null. A failure is
     * for {@link #start} to report.
     */
    static JettyServer.Opened prepare(WorkerSpec spec) throws IOException {
        if (!spec.tls().enabled()) {
            return JettyServer.open(HttpSpec.options(spec), null, inheritedSocket());
        }
        JettyServer.prepare();
        try {
            System.inheritedChannel();
        } catch (IOException | RuntimeException e) {
            // start() says it
        }
        return null;
    }

    /** What {@link #prepare} made, once it is done; its failure is thrown as it was. */
    private JettyServer.Opened opened() throws Exception {
        try {
            return early.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception failure ? failure : e;
        }
    }

    /**
     * The TLS key and certificates of {@code spec}, read now rather than by the supervisor: a
     * worker started by a rolling restart serves the certificate files as they are then. Null for
     * plain HTTP. Waits for the password when the spec says it follows.
     *
     * @throws BadAppException one line: a file that went missing or changed since the supervisor checked it
     */
    static KeyMaterial keyMaterial(WorkerSpec spec, Future<String> tlsPassword) throws BadAppException, InterruptedException {
        TlsOptions options = spec.tls();
        if (!options.enabled()) {
            return null;
        }
        if (spec.tlsPasswordFollows()) {
            try {
                options = options.withPassword(tlsPassword.get(PASSWORD_WAIT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException | TimeoutException e) {
                throw new BadAppException("The TLS password did not arrive from the supervisor within " + PASSWORD_WAIT.toSeconds() + " s");
            }
        }
        try {
            return KeyMaterial.load(options);
        } catch (IllegalArgumentException e) {
            throw new BadAppException(e.getMessage());
        }
    }

    @Override
    public void probe() throws Exception {
        JettyServer running = server;
        if (running != null) {
            running.probe();
        }
    }

    @Override
    public long served() {
        JettyServer running = server;
        return running == null ? 0 : running.requestsServed();
    }

    @Override
    public int inFlight() {
        JettyServer running = server;
        return running == null ? 0 : running.inFlight();
    }

    @Override
    public void stop(Duration grace, boolean restart) {
        Log.info("Shutting down");
        JettyServer running = server;
        if (running != null) {
            // Closing the channel System.inheritedChannel() gave us points fds 0, 1 and 2 at
            // /dev/null (the JDK detaches an inetd-style process from its socket): keep our logs.
            int stdout = Libc.dup(1);
            int stderr = Libc.dup(2);
            try {
                running.stopAccepting(restart);
            } finally {
                Libc.dup2(stdout, 1);
                Libc.dup2(stderr, 2);
                Libc.close(stdout);
                Libc.close(stderr);
            }
            Duration quarter = Duration.ofNanos(grace.toNanos() / 4); // not dividedBy: BigDecimal, slow to initialize
            Duration drain = grace.minus(HOOK_RESERVE.compareTo(quarter) < 0 ? HOOK_RESERVE : quarter);
            try {
                if (!running.awaitIdle(drain)) {
                    Log.warning("Stopping with " + running.inFlight() + " request(s) still in flight.");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        App current = app;
        if (lifespan && current != null) {
            Log.info("Waiting for application shutdown.");
            List<App.Hook> hooks = current.shutdownHooks();
            for (int i = hooks.size() - 1; i >= 0; i--) {
                try {
                    hooks.get(i).run();
                } catch (Exception e) {
                    Log.error("Exception in a shutdown hook", e);
                }
            }
            Log.info("Application shutdown complete.");
        }
        if (running != null) {
            running.close();
        }
    }

    private static ServerSocketChannel inheritedSocket() throws IOException {
        Channel channel = System.inheritedChannel();
        if (channel instanceof ServerSocketChannel socket) {
            return socket;
        }
        throw new IllegalStateException("the worker's fd 0 is not a listening socket (" + channel + "); "
                + "workers are started by the javicorn supervisor, not by hand");
    }
}
