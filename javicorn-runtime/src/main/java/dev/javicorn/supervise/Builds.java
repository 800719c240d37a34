package dev.javicorn.supervise;

import dev.javicorn.appcache.AppStartupCache;
import dev.javicorn.config.Config;
import dev.javicorn.log.Log;
import dev.javicorn.process.ListenSocket;
import dev.javicorn.source.AppBuild;
import dev.javicorn.source.BuildCancelledException;
import dev.javicorn.source.ClassScan;
import dev.javicorn.source.SourceCompiler;
import dev.javicorn.source.SourceLayout;
import dev.javicorn.watch.ChangeSet;
import dev.javicorn.worker.AppTarget;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * From the app's sources to the workers that run them, off the control loop: each build runs on
 * the one build thread and comes back as {@link Event.Built} or {@link Event.BuildFailed}. A newer
 * change or a stop cancels a build still running (an interrupt, which kills a Maven run's whole
 * process tree); a cancelled build posts nothing, and its changes are carried into the next one.
 *
 * <p>{@link #start}, {@link #rebuild} and {@link #close} are called on the control loop; the
 * {@link AppBuild} is touched by the build thread only.
 */
final class Builds implements Supervisor.Builder {
    private final Config config;
    private final AppTarget target;
    private final boolean colors;
    private final Listening listening;
    private final Consumer<Event> post;
    private final Future<?> firstServing;
    private final AppBuild build;
    private final AppStartupCache appCache;
    private final StartupCacheRuns cacheRuns;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("javicorn-build").factory());
    /** The last build asked for, and the changes it covers: control-loop thread only. */
    private Future<?> running;
    private ChangeSet runningChanges = new ChangeSet(List.of());

    /**
     * @param firstServing done once a first worker serves: under {@code --reload} javac's warm-up
     *     waits for it, so that the first start has both cores
     */
    Builds(Config config, AppTarget target, boolean colors, Listening listening, Consumer<Event> post, Future<?> firstServing) {
        this.config = config;
        this.target = target;
        this.colors = colors;
        this.listening = listening;
        this.post = post;
        this.firstServing = firstServing;
        this.build = new AppBuild(config.appDir(), config.classpath(), Optional.of(target.className()));
        this.appCache = new AppStartupCache(SourceLayout.cacheDir(config.appDir()).resolve("aot"), config.reload().enabled(),
                config.jvmArgs(), WorkerCommand.classpath(target, List.of()), target.toString());
        this.cacheRuns = new StartupCacheRuns(config, target, colors, appCache);
    }

    @Override
    public void start() {
        running = thread.submit(() -> run(runningChanges, true));
    }

    @Override
    public void rebuild(ChangeSet changes) {
        ChangeSet covered = changes;
        if (running != null && !running.isDone()) {
            running.cancel(true);
            covered = runningChanges.then(changes);
        }
        ChangeSet these = covered;
        runningChanges = these;
        running = thread.submit(() -> run(these, false));
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    /** The build thread's work: posts what became of it, unless it was cancelled. */
    private void run(ChangeSet changes, boolean first) {
        boolean pomChanged = build.isMaven() && changes.changes().stream()
                .anyMatch(c -> c.relative().getFileName().toString().equals("pom.xml")) || changes.overflow();
        if (pomChanged) {
            build.pomChanged();
        }
        Event outcome;
        try {
            List<Path> classpath = build.build();
            check(target, classpath);
            if (first) {
                listen(classpath);
            }
            outcome = new Event.Built(describe(classpath, pomChanged));
            if (first && config.reload().enabled()) {
                build.warmUpCompiler(firstServing);
            }
        } catch (BuildCancelledException e) {
            return; // a newer change or a stop asked for it: nothing to say
        } catch (SourceCompiler.CompileException e) {
            outcome = failed(e.getMessage() + System.lineSeparator() + "The app does not compile; fix the errors above.", first);
        } catch (AppBuild.BuildException | IllegalArgumentException e) {
            outcome = failed(e.getMessage(), first);
        } catch (ListenSocket.BindException e) {
            Log.error(e.getMessage());
            outcome = new Event.BuildFailed(true, Server.EXIT_CONFIG);
        } catch (RuntimeException | Error e) {
            // Even an error (javac out of stack on deep generics, a class that cannot load) ends
            // the build with a word: the loop would otherwise wait for it forever.
            outcome = failed("The build failed: " + e, first);
        }
        if (!Thread.currentThread().isInterrupted()) {
            post.accept(outcome);
        }
    }

    private Event failed(String why, boolean first) {
        if (Thread.currentThread().isInterrupted()) {
            return new Event.BuildFailed(false, Server.EXIT_CONFIG); // cancelled: never posted
        }
        int newline = why.lastIndexOf(System.lineSeparator());
        if (newline >= 0) {
            System.err.println(why.substring(0, newline)); // javac's diagnostics, as javac prints them
        }
        Log.error(why.substring(newline < 0 ? 0 : newline + System.lineSeparator().length()));
        if (first && config.reload().enabled() && !listening.decided()) {
            // The port the fixed app will serve on. A native or adopted app's socket is bound and
            // announced already; without --reload javicorn stops, with nothing to announce.
            try {
                listening.leaveToApp();
                listening.announce();
            } catch (ListenSocket.BindException e) {
                Log.error(e.getMessage());
                return new Event.BuildFailed(true, Server.EXIT_CONFIG);
            }
        }
        return new Event.BuildFailed(false, Server.EXIT_CONFIG);
    }

    /**
     * Decides where the workers of a main-class app that is not adopted ({@code --no-adopt})
     * listen, from its first build: on the supervisor's socket when its own classes call
     * {@code Javicorn.listener()} or read the {@code javicorn.shared-socket} property (a framework
     * app that opens Jetty's inherited channel without depending on javicorn's API), else on a
     * port it binds itself. Native and adopted apps have the supervisor's socket already.
     */
    private void listen(List<Path> classpath) throws ListenSocket.BindException {
        if (listening.decided()) {
            return; // a native app's socket, bound before the build
        }
        if (ClassScan.references(classpath, "dev/javicorn/Javicorn") || ClassScan.references(classpath, "javicorn.shared-socket")) {
            listening.share();
        } else {
            listening.leaveToApp();
        }
        listening.announce();
    }

    private Build describe(List<Path> classpath, boolean dependenciesChanged) {
        int number = build.generation();
        int fd = listening.fd();
        int port = listening.port();
        boolean sharedSocket = fd >= 0 && !target.isNative();
        List<String> workerClasspath = WorkerCommand.classpath(target, classpath);
        Optional<Path> cache = target.isNative() ? Optional.empty() : appCache.readyFor(workerClasspath);
        WorkerProcess.Launcher launcher = SpawnedWorker.launcher(WorkerCommand.argv(config, target, classpath, port, colors,
                WorkerCommand.SERVING, sharedSocket, cache), WorkerCommand.env(config, target, port), fd,
                WorkerCommand.firstMessages(config, target));
        if (!target.isNative()) {
            Optional<AppStartupCache.Plan> plan = cache.isPresent() ? Optional.empty() : appCache.plan(workerClasspath);
            WorkerProcess.Launcher workers = plan.map(p -> cacheRuns.recordingOr(launcher, p, port, sharedSocket, fd))
                    .orElse(launcher);
            return new Build(number, workers, fd >= 0, Build.Spares.NONE, dependenciesChanged, plan.map(cacheRuns::making));
        }
        // Spares run a build to come under --reload (by default the next two), else this one;
        // their class folders are named now, and filled when those builds are made.
        Map<Integer, List<Path>> spareClasspaths = new HashMap<>();
        if (config.reload().enabled()) {
            for (int ahead = 1; ahead <= config.sparesOrDefault(); ahead++) {
                spareClasspaths.put(number + ahead, build.classpathAhead(ahead));
            }
        } else {
            spareClasspaths.put(number, classpath);
        }
        Build.Spares spares = (spareBuild, poolWorkers) -> Optional.ofNullable(spareClasspaths.get(spareBuild))
                .map(cp -> SpawnedWorker.launcher(WorkerCommand.argv(config, target, cp, port, colors, poolWorkers, false,
                        Optional.empty()), WorkerCommand.env(config, target, port), fd, WorkerCommand.firstMessages(config, target)));
        return new Build(number, launcher, true, spares, dependenciesChanged, Optional.empty());
    }

    /** Checks the target in a throwaway class loader, without running the app's static initializers. */
    private static void check(AppTarget target, List<Path> classpath) {
        URL[] urls = classpath.stream().map(Builds::url).toArray(URL[]::new);
        try (URLClassLoader loader = new URLClassLoader(urls, Builds.class.getClassLoader())) {
            target.check(loader);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
