package dev.javicorn.supervise;

import dev.javicorn.App;
import dev.javicorn.adopt.AgentJar;
import dev.javicorn.appcache.AppStartupCache;
import dev.javicorn.appcache.Layout;
import dev.javicorn.config.Config;
import dev.javicorn.log.Log;
import dev.javicorn.process.Control;
import dev.javicorn.source.AppBuild;
import dev.javicorn.systemd.SocketActivation;
import dev.javicorn.worker.AppTarget;
import dev.javicorn.worker.StartupCache;
import dev.javicorn.worker.WorkerMain;
import dev.javicorn.worker.WorkerSpec;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line and environment of a worker JVM.
 *
 * <p>A native app's worker gets javicorn's whole runtime (Jetty, Jackson) before the app's
 * classes. A main-class app's worker gets only javicorn's own two jars, so its framework brings
 * its own versions of everything without clashing with ours.
 */
final class WorkerCommand {
    /** The {@code spare} argument of a worker that serves at once. */
    static final int SERVING = -1;
    private static final Path NICE = Path.of("/usr/bin/nice");
    /** How often a worker JVM gives the C library's freed memory back to the system. */
    static final Duration TRIM_NATIVE_HEAP = Duration.ofSeconds(2);
    private static final String SHELL = "/bin/sh";
    /**
     * Runs its arguments and ends with their status, leaving no process behind; kills its whole
     * process group (the session it leads) if fd 3 reaches end of stream first: the supervisor is
     * gone. The watcher is a subshell running only builtins, so killing it leaves nothing.
     */
    private static final String WATCH_SUPERVISOR = "\"$@\" 3<&- & child=$!; "
            + "{ while read -r _; do :; done; kill -KILL 0; } <&3 & watcher=$!; "
            + "wait \"$child\"; status=$?; kill -KILL \"$watcher\"; exit \"$status\"";

    private WorkerCommand() {}

    /**
     * @param spare {@link #SERVING}, or the number of process-pool workers for a spare to start
     *     while it warms up and waits for GO before it loads the app
     * @param sharedSocket a main-class app that accepts on the supervisor's socket
     * @param appCache a main-class app's start-up cache to map ({@link AppStartupCache})
     */
    static List<String> argv(Config config, AppTarget target, List<Path> appClasspath, int port, boolean colors,
                             int spare, boolean sharedSocket, Optional<Path> appCache) {
        List<String> argv = java(config, target);
        List<String> cache = target.isNative() ? StartupCache.jvmOptions(StartupCache.runtimeClasspath(), config.jvmArgs())
                : appCache.map(StartupCache::options).orElse(List.of());
        argv.addAll(cache);
        if (!target.isNative()) {
            mainClassProperties(argv, config.listen().host(), port, sharedSocket);
        }
        argv.addAll(config.jvmArgs());
        argv.add("-cp");
        List<String> classpath = classpath(target, appClasspath);
        argv.add(join(appCache.isPresent() ? Layout.of(classpath).jarsFirst() : classpath));
        argv.add(WorkerMain.class.getName());
        argv.add(spec(config, target, config.listen().host(), port, colors, spare, sharedSocket).encode());
        return argv;
    }

    /**
     * A main-class worker that records the app's start-up cache as it runs: only the jars on its
     * {@code -cp}, its class folders added after them by the worker itself (see
     * {@code worker.ClassFolders}), so that it finds its classes as a worker that maps the cache does.
     * It ends the recording {@link AppStartupCache#RECORD_FOR} after it is ready, or else at its
     * normal exit, and its JVM then writes it to {@code recording}; the JVM's own messages about
     * classes it cannot cache (the app's, from folders) are silenced.
     */
    static List<String> recordingArgv(Config config, AppTarget target, Layout layout, int port, boolean colors,
                                      boolean sharedSocket, Path recording) {
        List<String> argv = java(config, target);
        argv.addAll(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + recording, "-Xlog:aot*=off", "-Xlog:cds*=off"));
        mainClassProperties(argv, config.listen().host(), port, sharedSocket);
        argv.addAll(config.jvmArgs());
        argv.add("-cp");
        argv.add(join(layout.jars()));
        argv.add(WorkerMain.class.getName());
        List<Path> folders = layout.folders().stream().map(Path::of).toList();
        argv.add(spec(config, target, config.listen().host(), port, colors, SERVING, sharedSocket).recording(folders, AppStartupCache.RECORD_FOR).encode());
        return argv;
    }

    /**
     * The JVM that makes the start-up cache from a worker's recording ({@code -XX:AOTMode=create}):
     * the recording worker's JVM options and class path, which the JDK checks, and no main class;
     * it runs none of the app's code. At low priority when {@code nice} is there, under a shell that
     * kills its session when its control socket (fd 3) reaches end of stream: a JVM that makes a
     * cache runs no Java code of javicorn's that could notice its supervisor die (SIGKILL included).
     */
    static List<String> makingArgv(Config config, AppTarget target, Layout layout, Path recording, Path output) {
        List<String> java = new ArrayList<>();
        if (Files.isExecutable(NICE)) {
            java.addAll(List.of(NICE.toString(), "-n", "10"));
        }
        java.addAll(java(config, target));
        java.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + recording, "-XX:AOTCache=" + output));
        java.addAll(config.jvmArgs());
        java.add("-cp");
        java.add(join(layout.jars()));
        List<String> argv = new ArrayList<>(List.of(SHELL, "-c", WATCH_SUPERVISOR, "javicorn-aot"));
        argv.addAll(java);
        return argv;
    }

    private static List<String> java(Config config, AppTarget target) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.add("--enable-native-access=ALL-UNNAMED");
        if (config.jvmArgs().stream().noneMatch(a -> a.matches("-XX:\\+Use\\w*GC"))) {
            // One small heap per worker: the serial collector costs the least memory and start-up.
            // Measured on the hello benchmark (docs/benchmarks.md): with about 2 KB allocated per
            // request, young pauses are under 2% of the time, while the parallel collector and G1
            // left the loaded worker at about 2x and 1.7x the resident memory without a throughput
            // gain that stood out from the noise.
            argv.add("-XX:+UseSerialGC");
        }
        if (config.jvmArgs().stream().noneMatch(a -> a.startsWith("-XX:TrimNativeHeapInterval"))) {
            // The JIT's arenas grow to tens of MiB while a worker starts and are freed after, but
            // the C library keeps freed memory: trimming it now and then gives an idle worker back
            // about 27 MiB of resident memory (docs/benchmarks.md).
            argv.add("-XX:TrimNativeHeapInterval=" + TRIM_NATIVE_HEAP.toMillis());
        }
        if (config.reload().enabled()
                && config.jvmArgs().stream().noneMatch(a -> a.startsWith("-XX:TieredStopAtLevel") || a.endsWith("TieredCompilation"))) {
            // A start under --reload is mostly code that runs once: the quick compiler alone starts
            // Spring Boot in about two thirds of the time on two cores, and a native app's first
            // worker about 200 ms sooner (docs/benchmarks.md), as Spring Boot's own run goal long
            // did. The optimizing compiler would spend those moments on code a worker of --reload,
            // which lives minutes rather than days, hardly runs.
            argv.add("-XX:TieredStopAtLevel=1");
        }
        if (!target.isNative() && config.mainClass().adopt()) {
            // The app's server socket becomes javicorn's (dev.javicorn.adopt). Netty's native
            // transports bind in their own JNI code, out of the agent's reach: NIO binds through the JDK.
            argv.add("-Dio.netty.transport.noNative=true");
        }
        if (!target.isNative()) {
            // Adoption, and the class folders of a worker that records the start-up cache. For every
            // main-class worker, since the JDK maps a cache only under the agents it was recorded with;
            // without adoption the agent changes no bind.
            argv.add("-javaagent:" + AgentJar.path());
        }
        return argv;
    }

    private static void mainClassProperties(List<String> argv, String host, int port, boolean sharedSocket) {
        argv.add("-Djavicorn.host=" + host);
        argv.add("-Djavicorn.port=" + port);
        argv.add("-Djavicorn.shared-socket=" + sharedSocket);
    }

    static Map<String, String> env(Config config, AppTarget target, int port) {
        return env(config, target, config.listen().host(), port);
    }

    static Map<String, String> env(Config config, AppTarget target, String host, int port) {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        SocketActivation.VARIABLES.forEach(env::remove);
        env.putAll(config.env());
        if (!target.isNative()) {
            env.put("PORT", Integer.toString(port));
            env.put("HOST", host);
        }
        return env;
    }

    /**
     * What a worker is told before anything else: a native app's TLS password, which must stay
     * out of {@link #argv} and {@link #env} (both readable by any local user in {@code /proc}).
     */
    static List<Control.ToWorker> firstMessages(Config config, AppTarget target) {
        String password = config.http().tls().password();
        return target.isNative() && password != null ? List.of(new Control.TlsPassword(password)) : List.of();
    }

    /** The worker's classpath: javicorn's part (see the class comment), then the app's. */
    static List<String> classpath(AppTarget target, List<Path> appClasspath) {
        List<String> entries = new ArrayList<>();
        if (target.isNative()) {
            entries.addAll(StartupCache.runtimeClasspath());
        } else {
            entries.add(AppBuild.codeSource(WorkerMain.class).toString());
            entries.add(AppBuild.codeSource(App.class).toString());
        }
        appClasspath.forEach(p -> entries.add(p.toString()));
        return entries.stream().distinct().toList();
    }

    private static String join(List<String> entries) {
        return String.join(File.pathSeparator, entries);
    }

    private static WorkerSpec spec(Config config, AppTarget target, String host, int port, boolean colors, int spare,
                                   boolean sharedSocket) {
        WorkerSpec spec = WorkerSpec.of(target, host, port)
                .withSharedSocket(sharedSocket)
                .withLogging(Log.Level.parse(config.logging().level()), colors, config.logging().accessLog(),
                        Log.Format.parse(config.logging().format()))
                .withLifespan(config.lifespan())
                .withHttp(config.http(), config.timeouts().keepAlive(), config.limits().concurrency())
                .withRequestLimits(config.limits().requestBody(), config.limits().requestHeaders())
                .withMainClass(config.mainClass());
        return spare == SERVING ? spec : spec.asSpare(spare);
    }

}
