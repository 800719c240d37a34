package dev.javicorn.worker;

import dev.javicorn.http.JettyServer;
import dev.javicorn.log.Log;
import dev.javicorn.internal.pool.Standby;
import dev.javicorn.process.Control;
import dev.javicorn.process.ControlChannel;
import dev.javicorn.process.Libc;
import dev.javicorn.process.ProcessTree;
import dev.javicorn.tls.KeyMaterial;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;

/**
 * The entry point of every worker JVM.
 *
 * <p>The supervisor starts it in a new session with the listening socket as fd 0 and its end of
 * the control channel as fd 3. The main thread loads and starts the app; the control thread
 * (a daemon) reads the supervisor's messages for the whole life of the worker and is the one
 * thread that never blocks on the app, so STOP and DUMP are always answered. When the control
 * channel reaches end of stream the supervisor is gone, and the worker takes its session down.
 */
public final class WorkerMain {
    static final int EXIT_STARTUP_FAILED = 3;
    static final int EXIT_BAD_APP = 1;
    /** A spare starts at most this many process-pool workers ahead, whatever the app used. */
    private static final int MAX_POOL_PRESTART = 8;

    private final WorkerSpec spec;
    private final ControlChannel control = new ControlChannel(3);
    private volatile AppRunner runner;
    private final CountDownLatch go = new CountDownLatch(1);
    /** The TLS password, when the spec says it follows on the control channel. */
    private final CompletableFuture<String> tlsPassword = new CompletableFuture<>();
    private final HealthProbe health = new HealthProbe(() -> runner, control::send);

    private WorkerMain(WorkerSpec spec) {
        this.spec = spec;
    }

    public static void main(String[] args) {
        WorkerSpec spec = WorkerSpec.decode(args[0]);
        if (opensHttpAhead(spec)) {
            JettyServer.listLocalesAhead(); // the longest piece of a first worker's start: begun first
        }
        Log.configure(spec.logLevel(), spec.useColors(), spec.accessLog(), spec.logFormat());
        Log.captureStandardOutput();
        new WorkerMain(spec).run();
    }

    /** A native app's first worker: it opens Jetty on a thread of its own while its main thread loads the app. */
    private static boolean opensHttpAhead(WorkerSpec spec) {
        return spec.app().isNative() && !spec.spare();
    }

    private void run() {
        Thread.ofPlatform().daemon().name("javicorn-control").start(this::listen);
        FutureTask<JettyServer.Opened> http = new FutureTask<>(() -> NativeAppRunner.prepare(spec));
        if (opensHttpAhead(spec)) {
            Thread.ofPlatform().daemon().name("javicorn-prepare").start(() -> {
                JettyServer.initializeAhead(); // a cold JVM's MIME table, beside the rest of the opening
                http.run();
            });
        }
        if (spec.spare()) {
            // A spare: pay for the JVM start and the HTTP runtime's warm-up now, load the app on GO.
            // The process-pool workers its predecessor's app used start meanwhile, in parallel.
            // Jetty is opened after the warm-up, not beside it: spares boot while the machine
            // serves and reloads, and one thing at a time keeps their share of it small.
            Standby.prestart(Math.min(spec.poolWorkers(), MAX_POOL_PRESTART));
            Warmup.run(() -> go.getCount() == 0, warmupTls());
            if (spec.app().isNative()) {
                http.run();
            }
            control.send(new Control.Warm());
            awaitLatch(go);
        }
        Log.info("Started server process [" + ProcessHandle.current().pid() + "]");
        boolean isNative = spec.app().isNative();
        runner = isNative ? new NativeAppRunner(spec, tlsPassword, http) : new MainClassRunner(spec);
        try {
            runner.start();
        } catch (AppRunner.BadAppException e) {
            Log.error(e.getMessage());
            control.send(new Control.Failed(e.getMessage()));
            Runtime.getRuntime().halt(EXIT_BAD_APP);
        } catch (Throwable e) {
            Log.error("Application startup failed. Exiting.", e);
            control.send(new Control.Failed(e.getMessage() == null ? e.getClass().getName()
                    : e.getClass().getName() + ": " + e.getMessage()));
            Runtime.getRuntime().halt(EXIT_STARTUP_FAILED);
        }
        if (Standby.wanted() > 0) {
            control.send(new Control.Pool(Standby.wanted()));
        }
        control.send(new Control.Ready());
        if (!spec.recordFor().isZero()) {
            CacheRecording.endAfter(spec.recordFor(), () -> control.send(new Control.EndingRecording()),
                    () -> control.send(new Control.Recorded()));
        }
        if (isNative) {
            // Jetty's threads are daemons: this thread is what keeps a native worker alive until
            // STOP ends it with System.exit.
            awaitLatch(new CountDownLatch(1));
        }
    }

    /** The key material a spare warms up TLS with (read again at GO), or null: plain HTTP, or it cannot be read now. */
    private KeyMaterial warmupTls() {
        if (!spec.app().isNative() || !spec.tls().enabled()) {
            return null;
        }
        try {
            return NativeAppRunner.keyMaterial(spec, tlsPassword);
        } catch (AppRunner.BadAppException e) {
            return null; // said once, at GO, if it is still so then
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void listen() {
        String line;
        while ((line = control.receive()) != null) {
            switch (Control.toWorker(line)) {
                case Control.Stop(Duration grace, boolean restart) -> Thread.ofPlatform().name("javicorn-stop").start(() -> stop(grace, restart));
                case Control.Go _ -> go.countDown();
                case Control.Ping _ -> health.check();
                case Control.Dump _ -> dumpThreads();
                case Control.TlsPassword(String password) -> tlsPassword.complete(password);
                case Control.Unknown unknown -> Log.debug("Ignoring an unknown control message: " + unknown.line());
            }
        }
        supervisorGone();
    }

    /**
     * The platform threads first, at once; the running virtual threads, slower to find on a busy
     * worker, follow in a second message if there are any (the supervisor appends it).
     */
    private void dumpThreads() {
        control.send(new Control.Threads(Diagnostics.liveThreads()));
        String virtual = Diagnostics.runningVirtualThreads();
        if (!virtual.isEmpty()) {
            control.send(new Control.Threads(virtual));
        }
    }

    private void stop(Duration grace, boolean restart) {
        AppRunner current = runner;
        if (current != null) {
            current.stop(grace, restart);
            Log.info("Finished server process [" + ProcessHandle.current().pid() + "]");
        } // else a spare that was never used: nothing to say
        exit();
    }

    /**
     * Tells the supervisor, then exits. The JVM's exit can outlast the grace on a busy machine: at
     * its final safepoint it waits up to 300 ms for threads in native code and up to 10 s for a
     * compiler thread to finish what it compiles (a fresh worker's C2 often is), answering nothing.
     */
    private void exit() {
        control.send(new Control.Exiting());
        System.exit(0);
    }

    /** Our supervisor died (maybe SIGKILLed): nothing we started may outlive it. */
    private static void supervisorGone() {
        long self = ProcessHandle.current().pid();
        for (ProcessTree.Proc proc : ProcessTree.session(self)) {
            if (proc.pid() != self) {
                Libc.kill(proc.pid(), Libc.SIGKILL);
            }
        }
        Libc.kill(-self, Libc.SIGKILL);
        Runtime.getRuntime().halt(1);
    }

}
