package dev.javicorn.supervise;

import dev.javicorn.admin.AdminServer;
import dev.javicorn.config.Config;
import dev.javicorn.http.Protocols;
import dev.javicorn.log.Log;
import dev.javicorn.process.ListenSocket;
import dev.javicorn.process.Orphans;
import dev.javicorn.source.MavenProject;
import dev.javicorn.systemd.Notifier;
import dev.javicorn.tls.KeyMaterial;
import dev.javicorn.watch.PathFilter;
import dev.javicorn.watch.Watcher;
import dev.javicorn.worker.AppTarget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Serves an app: checks the input, binds the socket (native apps), and runs the control loop,
 * which builds the app and runs its workers until a stop — with a watcher feeding it changes in
 * reload mode. Every problem a user can cause ends as one line and exit status 1 before any
 * worker starts; in reload mode a broken build instead waits for the next change.
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
        Watcher watcher = null;
        AdminServer admin = null;
        try (Listening listening = new Listening(config)) {
            AppTarget target = AppTarget.parse(config.app());
            checkTls(target);
            if (target.isNative() || config.mainClass().adopt()) {
                listening.share(); // a port in use is said before any build
            }
            if (target.isNative()) {
                if (!config.mainClass().args().isEmpty()) {
                    Log.warning("Ignoring the program arguments " + config.mainClass().args() + ": they are for a main-class"
                            + " app's main, and " + target + " is a native app.");
                }
            } else if (config.http().protocols() != Protocols.AUTO) {
                Log.warning("Ignoring --http " + config.http().protocols().option() + ": it is for native apps, and " + target
                        + " is a main-class app, whose own server speaks the HTTP versions it speaks.");
            }
            Health health = new Health(config.timeouts().workerHealthcheck(), config.limits().maxRequests(),
                    config.limits().maxRequestsJitter());
            Supervisor supervisor = new Supervisor(new Policy(workers, config.sparesOrDefault(), reload, config.timeouts().gracefulShutdown(),
                    config.startupTimeout(), health), System::nanoTime);
            long pid = ProcessHandle.current().pid();
            admin = observe(supervisor, pid);
            if (reload) {
                watcher = watch(supervisor);
                Log.info("Will watch for changes in these directories: " + watcher.roots());
            }
            if (listening.decided()) {
                listening.announce();
            }
            Log.info(reload ? "Started reloader process [" + pid + "] using " + watcher.kind()
                    : "Started supervisor process [" + pid + "]");
            Signals.forwardTo(supervisor);
            CompletableFuture<Void> firstServing = new CompletableFuture<>();
            supervisor.observe(snapshot -> {
                if (snapshot.serving() > 0) {
                    firstServing.complete(null);
                }
            });
            int status = supervisor.run(new Builds(config, target, colors, listening, supervisor::post, firstServing));
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
            if (admin != null) {
                admin.close();
            }
        }
    }

    /**
     * Reads the TLS files once here, so that a missing file, a wrong password or a key that does
     * not match its certificate is one line and exit 1 before any worker starts. Each worker reads
     * them again as it starts (see tls.KeyMaterial).
     *
     * @throws IllegalArgumentException the one line
     */
    private void checkTls(AppTarget target) {
        if (!config.http().tls().enabled()) {
            return;
        }
        if (!target.isNative()) {
            throw new IllegalArgumentException("The --ssl-* options serve a native app (Class:member) over TLS; " + target
                    + " is a main-class app, which sets up TLS in its own server");
        }
        KeyMaterial.load(config.http().tls());
    }

    /**
     * Gives the loop its observers: systemd's notifier under a notify unit, the admin endpoint
     * when asked for, the orphan reaper as PID 1. Returns the admin endpoint, or null.
     *
     * @throws IllegalArgumentException for bad systemd variables or an admin address that cannot be bound
     */
    private AdminServer observe(Supervisor supervisor, long pid) {
        Notifier.fromEnvironment(System.getenv(), pid).ifPresent(supervisor::observe);
        Orphans.ifInit().ifPresent(orphans -> {
            Log.info("Running as PID 1: reaping orphaned processes.");
            supervisor.observe(snapshot -> orphans.reapWhenDue(snapshot.at()));
        });
        if (!config.admin().enabled()) {
            return null;
        }
        AdminServer admin = AdminServer.start(config.admin().host(), config.admin().port());
        supervisor.observe(admin);
        Log.info("Admin endpoint on " + admin.url() + " (/livez, /readyz, /metrics)");
        return admin;
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
            dirs.add(MavenProject.isMavenProject(config.appDir()) ? MavenProject.watchRoot(config.appDir()) : config.appDir());
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
}
