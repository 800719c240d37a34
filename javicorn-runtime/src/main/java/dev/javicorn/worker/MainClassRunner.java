package dev.javicorn.worker;

import dev.javicorn.adopt.Adoption;
import dev.javicorn.log.Log;

import java.lang.reflect.InvocationTargetException;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs an app that has a {@code main(String[])}: any framework. On the supervisor's shared socket
 * the app's own server socket is made javicorn's ({@link dev.javicorn.adopt}); with
 * {@code --no-adopt} the app binds its own port (it learns it from {@code PORT}/{@code HOST} and
 * {@code javicorn.port}/{@code javicorn.host}), and the worker calls it ready once that port
 * accepts a connection. Stopping is {@code System.exit}: the app's own shutdown hooks do the
 * draining, and the supervisor's deadline bounds them.
 */
final class MainClassRunner implements AppRunner {
    private static final Duration POLL = Duration.ofMillis(10);

    private final WorkerSpec spec;
    /** Whether the app's server socket is to be javicorn's; set before the app starts. */
    private volatile boolean adopting;
    /** The longest a stopping worker waits for the connections its app took, before the app's own shutdown. */
    private static final Duration RELEASE_MAX = Duration.ofSeconds(5);

    MainClassRunner(WorkerSpec spec) {
        this.spec = spec;
    }

    @Override
    public void start() throws Exception {
        ClassLoader loader = appLoader();
        AppTarget target = spec.app();
        Method main;
        try {
            main = target.mainMethod(target.load(loader, false));
        } catch (IllegalArgumentException e) {
            throw new BadAppException(e.getMessage());
        }
        DevTools.turnRestartOff(loader);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // A non-daemon thread named "main", as if the app had been started with java -cp ... Main.
        Thread app = Thread.ofPlatform().name("main").unstarted(() -> {
            try {
                main.invoke(null, (Object) spec.mainClass().args().toArray(String[]::new));
            } catch (InvocationTargetException e) {
                failure.set(e.getCause());
            } catch (IllegalAccessException e) {
                failure.set(e);
            }
        });
        app.setContextClassLoader(loader);
        adopting = spec.sharedSocket() && spec.mainClass().adopt()
                && Adoption.enable(spec.mainClass().adoptPort(), "http://" + urlHost(spec.host()) + ":" + spec.port());
        app.start();
        String host = connectHost(spec.host());
        int port = spec.port();
        if (spec.sharedSocket()) {
            awaitSharedSocket(app, failure);
            return;
        }
        while (!accepts(host, port)) {
            rethrow(failure);
            LockSupport.parkNanos(POLL.toNanos());
        }
        Log.info("Application is listening on " + host + ":" + port + ".");
    }

    /**
     * Waits until the app serves on the supervisor's socket. Another worker may hold the same
     * socket, so a connection going through proves nothing about this one: an adopted app is
     * ready once it accepts on the socket (the agent sees its accept, or its event loop taking
     * the socket in). An app that bound no server socket (it serves on {@code Javicorn.listener()})
     * or none that was adopted is ready once its main returns, as a framework's start() returns
     * once it is serving.
     */
    private void awaitSharedSocket(Thread app, AtomicReference<Throwable> failure) throws Exception {
        while (true) {
            boolean returned = !app.isAlive();
            rethrow(failure);
            Adoption.Progress progress = Adoption.progress();
            if (progress == Adoption.Progress.ACCEPTING || returned && progress != Adoption.Progress.ADOPTED) {
                break;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        Log.info("Application is serving on the shared socket, port " + spec.port() + ".");
    }

    private static void rethrow(AtomicReference<Throwable> failure) throws Exception {
        Throwable failed = failure.get();
        if (failed instanceof Exception e) {
            throw e;
        } else if (failed != null) {
            throw new IllegalStateException("main() failed", failed);
        }
    }

    /**
     * The app's loader: the system class loader, with the class folders the spec names added after
     * the jars (a worker recording the start-up cache, whose {@code -cp} holds only jars; see
     * {@link ClassFolders}). It is also the context loader of the app's main thread, which
     * frameworks use to find the app's classes and resources.
     */
    private ClassLoader appLoader() {
        ClassFolders.appendToSystemLoader(spec.appFolders());
        return ClassLoader.getSystemClassLoader();
    }

    /**
     * All a main-class app shows from outside is its socket. For an adopted one, the probe checks
     * that the app still holds javicorn's socket as a listening one (it has not closed its server);
     * a connection would prove nothing about this worker, since any worker may accept it. An app
     * whose accept loop is stuck while its socket stays open passes: its threads are out of sight.
     * Otherwise the probe connects to the port, which at least proves that something accepts there.
     */
    @Override
    public void probe() throws IOException {
        Adoption.Progress progress = Adoption.progress();
        if (adopting && (progress == Adoption.Progress.ADOPTED || progress == Adoption.Progress.ACCEPTING)) {
            if (!Adoption.stillListening()) {
                throw new IOException("the app closed its server socket");
            }
            return;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(connectHost(spec.host()), spec.port()), 0);
        }
    }

    @Override
    public long served() {
        return -1;
    }

    @Override
    public void stop(Duration grace, boolean restart) {
        Log.info("Shutting down");
        if (adopting) {
            // Connections still in javicorn's queue go to the other workers; those this app took
            // are answered before its shutdown, which may close them unread.
            // A quarter of the grace at most: the app's own shutdown gets the rest, and the thread
            // stacks the supervisor asks for shortly before the deadline show that shutdown.
            Duration quarter = Duration.ofNanos(grace.toNanos() / 4); // not dividedBy: BigDecimal, slow to initialize
            Adoption.release(spec.port(), quarter.compareTo(RELEASE_MAX) < 0 ? quarter : RELEASE_MAX);
        }
        // System.exit (called next by the worker) runs the app's shutdown hooks.
    }

    private static String connectHost(String host) {
        return switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]" -> "::1";
            default -> host;
        };
    }

    private static String urlHost(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
