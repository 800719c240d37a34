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

import dev.javicorn.systemd.SocketActivation;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
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
    static final String LOOPBACK = "127.0.0.1";
    private static final Path NICE = Path.of("/usr/bin/nice");

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
        argv.addAll(cache.isEmpty() ? List.of("-Xshare:auto") : cache);
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
     * The training run of a main-class app's start-up cache: the app on {@code port} of the
     * loopback (a socket of its own that it adopts, unless {@code --no-adopt}), with only jars on its classpath and its class folders in a loader of their own,
     * writing the cache to {@code output} as it exits; at low priority when {@code nice} is there.
     */
    static List<String> trainingArgv(Config config, AppTarget target, Layout layout, int port,
                                     Path output) {
        List<String> argv = new ArrayList<>();
        if (Files.isExecutable(NICE)) {
            argv.addAll(List.of(NICE.toString(), "-n", "10"));
        }
        argv.addAll(java(config, target));
        argv.add("-XX:AOTCacheOutput=" + output);
        boolean adopted = config.mainClass().adopt();
        mainClassProperties(argv, LOOPBACK, port, adopted);
        argv.addAll(config.jvmArgs());
        argv.add("-cp");
        argv.add(join(layout.jars()));
        argv.add(WorkerMain.class.getName());
        List<Path> folders = layout.folders().stream().map(Path::of).toList();
        argv.add(spec(config, target, LOOPBACK, port, false, SERVING, adopted).asTraining(folders).encode());
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
        if (config.reload().enabled() && !target.isNative()
                && config.jvmArgs().stream().noneMatch(a -> a.startsWith("-XX:TieredStopAtLevel") || a.endsWith("TieredCompilation"))) {
            // A framework's start under --reload is mostly code that runs once: the quick compiler
            // alone starts Spring Boot in about two thirds of the time on two cores (docs/benchmarks.md),
            // as Spring Boot's own run goal long did. The workers of --reload live minutes, not days.
            argv.add("-XX:TieredStopAtLevel=1");
        }
        if (!target.isNative() && config.mainClass().adopt()) {
            // The app's server socket becomes javicorn's (dev.javicorn.adopt). Netty's native
            // transports bind in their own JNI code, out of the agent's reach: NIO binds through the JDK.
            // Here, not per run, since the JDK maps a start-up cache only under the agents it was trained with.
            argv.add("-Dio.netty.transport.noNative=true");
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
