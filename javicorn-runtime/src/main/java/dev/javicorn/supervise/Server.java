package dev.javicorn.supervise;

import dev.javicorn.config.Config;
import dev.javicorn.log.Log;
import dev.javicorn.process.ListenSocket;
import dev.javicorn.source.AppBuild;
import dev.javicorn.source.SourceCompiler;
import dev.javicorn.watch.PathFilter;
import dev.javicorn.watch.Watcher;
import dev.javicorn.worker.AppTarget;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves an app: checks the input, binds the socket, builds the app, and runs the control loop
 * until a stop — with a watcher feeding it changes in reload mode. Every problem a user can cause
 * ends here as one line and exit status 1, before any worker starts; in reload mode a broken
 * build instead waits for the next change.
 */
public final class Server {
    /** Bad input: the exit status when javicorn cannot start the app because of what it was told. */
    public static final int EXIT_CONFIG = 1;

    private static final Duration CLASSPATH_QUIET = Duration.ofMillis(250);

    private final Config config;
    private final boolean colors;

    public Server(Config config, boolean colors) {
        this.config = config;
        this.colors = colors;
    }

    public int run() {
        if (!Files.isDirectory(config.appDir())) {
            Log.error("App dir not found: " + config.appDir() + " (--app-dir)");
            return EXIT_CONFIG;
        }
        boolean reload = config.reload().enabled();
        int workers = config.workers();
        if (reload && workers > 1) {
            Log.warning("--reload and --workers " + workers + " do not go together: using 1 worker.");
            workers = 1;
        }
        ListenSocket socket = null;
        Watcher watcher = null;
        Builds builds = null;
        try {
            AppTarget target = AppTarget.parse(config.app());
            builds = new Builds(config, target, colors);
            List<Path> classpath;
            try {
                classpath = builds.build();
            } catch (SourceCompiler.CompileException | AppBuild.BuildException | IllegalArgumentException e) {
                if (e instanceof SourceCompiler.CompileException) {
                    System.err.println(e.getMessage());
                    Log.error("The app does not compile; fix the errors above.");
                } else {
                    Log.error(e.getMessage());
                }
                if (!reload) {
                    return EXIT_CONFIG;
                }
                classpath = null;
            }
            int port;
            if (target.isNative() || classpath != null && builds.sharesSocket(classpath)) {
                socket = bind();
                port = socket.port();
            } else {
                port = config.listen().port() != 0 ? config.listen().port() : anyFreePort();
            }
            builds.listen(socket == null ? -1 : socket.fd(), port);
            WorkerProcess.Launcher launcher = classpath == null ? null : builds.launcher(classpath);
            long pid = ProcessHandle.current().pid();
            Health health = new Health(config.timeouts().workerHealthcheck(), config.limits().maxRequests(),
                    config.limits().maxRequestsJitter());
            Supervisor supervisor = new Supervisor(launcher, reload ? builds : null, builds::spareLauncher,
                    socket != null, workers,
                    config.timeouts().gracefulShutdown(), config.startupTimeout(), health, System::nanoTime);
            if (reload) {
                builds.warmUpCompiler();
                watcher = watch(supervisor);
                Log.info("Will watch for changes in these directories: " + watcher.roots());
            }
            String where = socket != null ? socket.display() : "http://" + config.listen().host() + ":" + port;
            Log.info("Javicorn running on " + Log.bold(where) + " (Press CTRL+C to quit)");
            Log.info(reload ? "Started reloader process [" + pid + "] using " + watcher.kind()
                    : "Started supervisor process [" + pid + "]");
            if (launcher == null) {
                Log.warning("Waiting for the next change.");
            }
            Signals.forwardTo(supervisor);
            int status = supervisor.run();
            Log.info((reload ? "Stopping reloader process [" : "Stopping supervisor process [") + pid + "]");
            return status;
        } catch (IllegalArgumentException | ListenSocket.BindException e) {
            Log.error(e.getMessage());
            return EXIT_CONFIG;
        } catch (IOException e) {
            Log.error("Cannot watch for changes: " + e.getMessage());
            return EXIT_CONFIG;
        } finally {
            if (watcher != null) {
                watcher.close();
            }
            if (builds != null) {
                builds.close();
            }
            if (socket != null) {
                socket.close();
                if (config.listen().uds() != null) {
                    deleteQuietly(config.listen().uds());
                }
            }
        }
    }

    /**
     * Watches the app dir, or the {@code --reload-dir}s; in classpath mode also the class folders
     * and the folders of the jars, for {@code .class} and {@code .jar} files. Someone else's
     * compiler writes a burst of class files with pauses in between, so there the quiet period is
     * at least {@link #CLASSPATH_QUIET}: one reload once the writer has finished.
     */
    private Watcher watch(Supervisor supervisor) throws IOException {
        List<Path> dirs = new ArrayList<>(config.reload().dirs());
        List<String> includes = new ArrayList<>(config.reload().includes());
        Duration quiet = config.reload().delay();
        if (dirs.isEmpty()) {
            dirs.add(config.appDir());
            for (Path entry : config.classpath()) {
                Path dir = Files.isDirectory(entry) ? entry : entry.toAbsolutePath().getParent();
                if (dir != null && Files.isDirectory(dir) && !dirs.contains(dir)) {
                    dirs.add(dir);
                }
            }
        }
        if (!config.classpath().isEmpty()) {
            includes.addAll(List.of("*.class", "*.jar"));
            quiet = quiet.compareTo(CLASSPATH_QUIET) < 0 ? CLASSPATH_QUIET : quiet;
        }
        PathFilter filter = PathFilter.withGlobs(includes, config.reload().excludes());
        return Watcher.start(dirs, filter, quiet, changes -> supervisor.post(new Event.Changed(changes)));
    }

    private ListenSocket bind() throws ListenSocket.BindException {
        Config.Listen listen = config.listen();
        if (listen.fd() != null) {
            return ListenSocket.inherited(listen.fd());
        }
        if (listen.uds() != null) {
            deleteQuietly(listen.uds());
            return ListenSocket.unix(listen.uds(), listen.backlog());
        }
        return ListenSocket.tcp(listen.host(), listen.port(), listen.backlog());
    }

    private static int anyFreePort() throws ListenSocket.BindException {
        try {
            return freePort(null);
        } catch (IOException e) {
            throw new ListenSocket.BindException("cannot find a free port: " + e.getMessage());
        }
    }

    /** A port free at this moment on {@code address} (every address when null), for an app that binds its own. */
    static int freePort(InetAddress address) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, address)) {
            return probe.getLocalPort();
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            Log.debug("could not delete " + path + ": " + e.getMessage());
        }
    }
}
