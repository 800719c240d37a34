package dev.javicorn.supervise;

import dev.javicorn.App;
import dev.javicorn.config.Config;
import dev.javicorn.source.AppBuild;
import dev.javicorn.worker.AppTarget;
import dev.javicorn.worker.StartupCache;
import dev.javicorn.worker.WorkerMain;
import dev.javicorn.worker.WorkerSpec;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    private WorkerCommand() {}

    /**
     * @param spare {@link #SERVING}, or the number of process-pool workers for a spare to start
     *     while it warms up and waits for GO before it loads the app
     * @param sharedSocket a main-class app that accepts on the supervisor's socket
     */
    static List<String> argv(Config config, AppTarget target, List<Path> appClasspath, int port, boolean colors,
                             int spare, boolean sharedSocket) {
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
        List<String> cache = target.isNative()
                ? StartupCache.jvmOptions(StartupCache.runtimeClasspath(), config.jvmArgs()) : List.of();
        argv.addAll(cache.isEmpty() ? List.of("-Xshare:auto") : cache);
        if (!target.isNative()) {
            argv.add("-Djavicorn.host=" + config.listen().host());
            argv.add("-Djavicorn.port=" + port);
            argv.add("-Djavicorn.shared-socket=" + sharedSocket);
        }
        argv.addAll(config.jvmArgs());
        argv.add("-cp");
        argv.add(classpath(target, appClasspath));
        argv.add(WorkerMain.class.getName());
        argv.add(spec(config, target, port, colors, spare, sharedSocket).encode());
        return argv;
    }

    static Map<String, String> env(Config config, AppTarget target, int port) {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.putAll(config.env());
        if (!target.isNative()) {
            env.put("PORT", Integer.toString(port));
            env.put("HOST", config.listen().host());
        }
        return env;
    }

    private static String classpath(AppTarget target, List<Path> appClasspath) {
        List<String> entries = new ArrayList<>();
        if (target.isNative()) {
            entries.addAll(StartupCache.runtimeClasspath());
        } else {
            entries.add(AppBuild.codeSource(WorkerMain.class).toString());
            entries.add(AppBuild.codeSource(App.class).toString());
        }
        appClasspath.forEach(p -> entries.add(p.toString()));
        return String.join(File.pathSeparator, entries.stream().distinct().toList());
    }

    private static WorkerSpec spec(Config config, AppTarget target, int port, boolean colors, int spare,
                                   boolean sharedSocket) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("spare", Boolean.toString(spare != SERVING));
        v.put("pool-workers", Integer.toString(Math.max(spare, 0)));
        v.put("shared-socket", Boolean.toString(sharedSocket));
        v.put("app", target.toString());
        v.put("host", config.listen().host());
        v.put("port", Integer.toString(port));
        v.put("log-level", config.logging().level());
        v.put("use-colors", Boolean.toString(colors));
        v.put("access-log", Boolean.toString(config.logging().accessLog()));
        v.put("lifespan", config.lifespan().name().toLowerCase(java.util.Locale.ROOT));
        v.put("timeout-keep-alive", Long.toString(config.timeouts().keepAlive().toMillis()));
        v.put("limit-concurrency", Integer.toString(config.limits().concurrency()));
        v.put("root-path", config.http().rootPath());
        v.put("proxy-headers", Boolean.toString(config.http().proxyHeaders()));
        v.put("forwarded-allow-ips", config.http().forwardedAllowIps());
        v.put("header", String.join("\n", config.http().headers()));
        v.put("server-header", Boolean.toString(config.http().serverHeader()));
        v.put("date-header", Boolean.toString(config.http().dateHeader()));
        return new WorkerSpec(v);
    }

}
