package dev.javicorn.supervise;

import dev.javicorn.config.Config;
import dev.javicorn.log.Log;
import dev.javicorn.source.AppBuild;
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
import java.util.List;

/**
 * From the app's sources to a launcher of workers that run them: build, check the target, and
 * describe the worker's command line. Used once at start and again on every reload. Control-loop
 * thread only.
 */
final class Builds implements Reloadable, AutoCloseable {
    private final Config config;
    private final AppTarget target;
    private final AppBuild build;
    private int listenFd = -1;
    private int port;
    private boolean sharedSocket;
    private final boolean colors;
    private boolean sparesValid = true;
    private final AppStartupCache appCache;

    Builds(Config config, AppTarget target, boolean colors) {
        this.config = config;
        this.target = target;
        this.build = new AppBuild(config.appDir(), config.classpath());
        this.colors = colors;
        this.appCache = new AppStartupCache(config, target, SourceLayout.cacheDir(config.appDir()).resolve("aot"));
    }

    /**
     * Whether the supervisor should bind the socket and share it with the workers: always for a
     * native app; for a main-class app when its own classes call {@code Javicorn.listener()} or
     * read the {@code javicorn.shared-socket} property (a framework app that opens Jetty's
     * inherited channel without depending on javicorn's API).
     */
    boolean sharesSocket(List<Path> classpath) {
        return target.isNative() || ClassScan.references(classpath, "dev/javicorn/Javicorn")
                || ClassScan.references(classpath, "javicorn.shared-socket");
    }

    /** Where workers listen: the shared socket's descriptor (or -1 when the app binds its own) and port. */
    void listen(int listenFd, int port) {
        this.listenFd = listenFd;
        this.port = port;
        this.sharedSocket = listenFd >= 0 && !target.isNative();
    }

    /**
     * Builds the app and checks that the target exists with the right shape.
     *
     * @throws SourceCompiler.CompileException with javac-style diagnostics
     * @throws IllegalArgumentException with one sentence for the user (missing class, member, main)
     */
    List<Path> build() throws SourceCompiler.CompileException, AppBuild.BuildException {
        List<Path> classpath = build.build();
        check(target, classpath);
        return classpath;
    }

    /** Readies the compiler for the rebuilds of reload mode, in the background. */
    void warmUpCompiler() {
        build.warmUpCompiler();
    }

    /** Starts workers of the build with this classpath; {@link #listen} must have been called. */
    WorkerProcess.Launcher launcher(List<Path> classpath) {
        Path cache = target.isNative() ? null : appCache.readyFor(classpath);
        return SpawnedWorker.launcher(WorkerCommand.argv(config, target, classpath, port, colors, WorkerCommand.SERVING,
                sharedSocket, cache), WorkerCommand.env(config, target, port), listenFd);
    }

    @Override
    public WorkerProcess.Launcher rebuild(ChangeSet changes) {
        boolean pomChanged = build.isMaven() && changes.changes().stream()
                .anyMatch(c -> c.relative().toString().equals("pom.xml")) || changes.overflow();
        if (pomChanged) {
            build.pomChanged();
            sparesValid = false;
        }
        try {
            return launcher(build());
        } catch (SourceCompiler.CompileException e) {
            System.err.println(e.getMessage());
            Log.error("The app does not compile; fix the errors above.");
        } catch (IllegalArgumentException | AppBuild.BuildException e) {
            Log.error(e.getMessage());
        }
        return null;
    }

    @Override
    public int generation() {
        return build.generation();
    }

    /** False once the dependencies changed since the current spare was started. */
    @Override
    public boolean takeSpareValidity() {
        boolean valid = sparesValid;
        sparesValid = true;
        return valid;
    }

    /**
     * A launcher for spare workers — JVMs started and warmed up ahead of need, which load the app
     * when told to — or null for main-class apps, which must wait for their port anyway. A spare
     * runs the current build ({@code buildsAhead} 0) or one to come, whose class folder is known
     * before it exists. It also starts {@code poolWorkers} process-pool workers for the app's
     * pools to take. When a main-class app would start its spare (once a worker is ready), its
     * start-up cache is made instead, if it has none yet.
     */
    WorkerProcess.Launcher spareLauncher(int buildsAhead, int poolWorkers) {
        if (!target.isNative()) {
            appCache.trainInBackground(build.currentClasspath());
            return null;
        }
        List<Path> classpath = buildsAhead == 0 ? build.currentClasspath() : build.classpathAhead(buildsAhead);
        return SpawnedWorker.launcher(WorkerCommand.argv(config, target, classpath, port, colors, poolWorkers, false, null),
                WorkerCommand.env(config, target, port), listenFd);
    }

    /** Stops a start-up cache's training that is still running. */
    @Override
    public void close() {
        appCache.close();
    }

    @Override
    public boolean stopBeforeStart() {
        return listenFd < 0;
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
