package dev.javicorn.supervise;

import dev.javicorn.config.Config;
import dev.javicorn.log.Log;
import dev.javicorn.process.ListenSocket;
import dev.javicorn.source.AppBuild;
import dev.javicorn.source.SourceCompiler;
import dev.javicorn.worker.AppTarget;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Serves an app: builds it, checks it, binds the socket, and runs the control loop until a stop.
 * Every problem a user can cause ends here as one line and an exit status (1), before any worker
 * starts.
 */
public final class Server {
    public static final int EXIT_OK = 0, EXIT_CONFIG = 1, EXIT_STARTUP = 3;

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
        AppTarget target;
        List<Path> classpath;
        try {
            target = AppTarget.parse(config.app());
            classpath = new AppBuild(config.appDir(), config.classpath()).build();
            check(target, classpath);
        } catch (SourceCompiler.CompileException e) {
            System.err.println(e.getMessage());
            Log.error("The app does not compile; fix the errors above.");
            return EXIT_CONFIG;
        } catch (IllegalArgumentException e) {
            Log.error(e.getMessage());
            return EXIT_CONFIG;
        }
        ListenSocket socket = null;
        try {
            int port;
            if (target.isNative()) {
                socket = bind();
                port = socket.port();
            } else {
                port = config.listen().port() != 0 ? config.listen().port() : freePort();
            }
            Log.info("Started supervisor process [" + ProcessHandle.current().pid() + "]");
            String where = socket != null ? socket.display() : "http://" + config.listen().host() + ":" + port;
            Log.info("Javicorn running on " + Log.bold(where) + " (Press CTRL+C to quit)");
            WorkerProcess.Launcher launcher = SpawnedWorker.launcher(
                    WorkerCommand.argv(config, target, classpath, port, colors),
                    WorkerCommand.env(config, target, port), socket == null ? -1 : socket.fd());
            Supervisor supervisor = new Supervisor(launcher, config.workers(), config.timeouts().gracefulShutdown(),
                    config.startupTimeout(), System::nanoTime);
            Signals.forwardTo(supervisor);
            int status = supervisor.run();
            Log.info("Stopping supervisor process [" + ProcessHandle.current().pid() + "]");
            return status;
        } catch (ListenSocket.BindException e) {
            Log.error(e.getMessage());
            return EXIT_CONFIG;
        } finally {
            if (socket != null) {
                socket.close();
                if (config.listen().uds() != null) {
                    deleteQuietly(config.listen().uds());
                }
            }
        }
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

    /** Checks the target in a throwaway class loader, without running the app's static initializers. */
    private static void check(AppTarget target, List<Path> classpath) {
        URL[] urls = classpath.stream().map(Server::url).toArray(URL[]::new);
        try (URLClassLoader loader = new URLClassLoader(urls, Server.class.getClassLoader())) {
            target.check(loader);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private int freePort() throws ListenSocket.BindException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new ListenSocket.BindException("cannot find a free port: " + e.getMessage());
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
