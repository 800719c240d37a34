package dev.javicorn.supervise;

import dev.javicorn.config.Config;
import dev.javicorn.log.Log;
import dev.javicorn.worker.AppTarget;
import dev.javicorn.worker.StartupCache;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The start-up cache of a main-class app: the JDK's ahead-of-time cache ({@code -XX:AOTCache}) of
 * the classes its framework loads and links as it starts, made once per set of jars. A Spring
 * Boot worker that maps it starts in about half the time (docs/benchmarks.md), and under
 * {@code --reload} every edit waits for a worker's start.
 *
 * <p>The JDK caches only classes from jars, refuses to make a cache for a classpath with a
 * non-empty class folder, and maps a cache only into a JVM whose classpath begins with the very
 * jars it was made with. Hence:
 * <ul>
 *   <li>A worker that uses the cache has the jars first and the class folders after them
 *       ({@link Layout#jarsFirst}). That changes which copy of a file is found only if a file is
 *       in both; every launch checks that none is, or runs without the cache.</li>
 *   <li>The training is a worker of its own: the app started once more, in the background at low
 *       priority, on a free port of the loopback, with only the jars on its classpath and its
 *       class folders in a class loader of their own (as Spring Boot DevTools loads them). Once it
 *       is listening it serves one request and exits, and the JVM writes the cache as it exits.
 *       Its output goes to {@code training.log} next to the cache. It runs only under
 *       {@code --reload} (it runs the app's {@code main} a second time), is bounded by the
 *       start-up timeout, and goes down with the supervisor like any worker.</li>
 *   <li>The cache's name is a digest of what makes it valid: the JVM, each jar's path, size and
 *       time, and the {@code --jvm-arg}s. Only the newest cache is kept.</li>
 * </ul>
 * {@code JAVICORN_AOT=off}, or an archive option among the {@code --jvm-arg}s, turns it off.
 */
final class AppStartupCache implements AutoCloseable {
    private static final Duration DUMP_TIME = Duration.ofSeconds(120);
    private static final String SUFFIX = ".aot";
    /** The training writes {@code NAME.aot.tmp} (and the JVM {@code NAME.aot.tmp.config}). */
    private static final String TEMPORARY = ".aot.tmp";
    /** Files a jar and a class folder may both have without one hiding the other's use. */
    private static final Set<String> SHARED_NAMES = Set.of("META-INF/MANIFEST.MF", "module-info.class");

    private final Config config;
    private final AppTarget target;
    private final Path dir;
    private final boolean trains;
    /** The last training run: written by the control loop, read by close. */
    private volatile Training training;
    private volatile boolean closed;
    /** Digests trained (or tried) in this run: one training each. */
    private final Set<String> tried = new HashSet<>();
    private final Map<String, Set<String>> jarFiles = new HashMap<>();
    private final Set<String> reported = new HashSet<>();

    AppStartupCache(Config config, AppTarget target, Path dir) {
        this.config = config;
        this.target = target;
        this.dir = dir;
        this.trains = config.reload().enabled();
    }

    private record Training(WorkerProcess process, CountDownLatch done) {
        boolean running() {
            return done.getCount() > 0;
        }
    }

    /** A main-class worker's classpath split in its jars and its class folders, in order. */
    record Layout(List<String> jars, List<String> folders) {
        static Layout of(List<String> classpath) {
            List<String> jars = new ArrayList<>();
            List<String> folders = new ArrayList<>();
            for (String entry : classpath) {
                (Files.isDirectory(Path.of(entry)) ? folders : jars).add(entry);
            }
            return new Layout(List.copyOf(jars), List.copyOf(folders));
        }

        List<String> jarsFirst() {
            return Stream.concat(jars.stream(), folders.stream()).toList();
        }

        /** True when every entry that is not a class folder is a jar that exists. */
        boolean cacheable() {
            return !jars.isEmpty() && jars.stream().allMatch(j -> j.endsWith(".jar") && Files.isRegularFile(Path.of(j)));
        }
    }

    /** The cache a worker with this app classpath should map, or null if there is none ready for it. */
    Path readyFor(List<Path> appClasspath) {
        Layout layout = layout(appClasspath);
        if (!usable(layout)) {
            return null;
        }
        Path cache = cacheFile(layout);
        return Files.isRegularFile(cache) && shadowed(layout, cache) == null ? cache : null;
    }

    /** Starts the training for this classpath in the background, unless done, running or not wanted. */
    void trainInBackground(List<Path> appClasspath) {
        Layout layout = layout(appClasspath);
        Training last = training;
        if (!trains || last != null && last.running() || !usable(layout)) {
            return;
        }
        Path cache = cacheFile(layout);
        if (Files.isRegularFile(cache) || !tried.add(cache.getFileName().toString()) || shadowed(layout, cache) != null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path output = cache.resolveSibling(cache.getFileName() + TEMPORARY);
            Path log = dir.resolve("training.log");
            int port = Server.freePort(InetAddress.getLoopbackAddress());
            WorkerProcess.Launcher launcher = SpawnedWorker.launcher(
                    WorkerCommand.trainingArgv(config, target, layout, port, output),
                    WorkerCommand.env(config, target, WorkerCommand.LOOPBACK, port), -1, log);
            CountDownLatch done = new CountDownLatch(1);
            long started = System.nanoTime();
            WorkerProcess process = launcher.launch(new WorkerProcess.Listener() {
                @Override
                public void message(String line) {}

                @Override
                public void exited(int waitStatus) {
                    finish(waitStatus, output, cache, log, started);
                    done.countDown();
                }
            });
            training = new Training(process, done);
            Log.info("Making a start-up cache for " + target + " in the background: one more run of the app ["
                    + process.pid() + "], on port " + port + " (its output goes to " + log + ").");
            Duration deadline = config.startupTimeout().plus(DUMP_TIME);
            Thread.ofVirtual().name("javicorn-aot-deadline").start(() -> {
                if (!await(done, deadline)) {
                    Log.warning("The start-up cache's training run did not end within " + deadline.toSeconds() + " s; killing it.");
                    process.killSession();
                }
            });
        } catch (IOException | RuntimeException e) {
            Log.warning("Cannot make a start-up cache for " + target + ": " + e.getMessage());
        }
    }

    /** Kills a training still running, with everything it started. */
    @Override
    public void close() {
        closed = true;
        Training last = training;
        if (last != null && last.running()) {
            last.process().killSession();
        }
    }

    private void finish(int waitStatus, Path output, Path cache, Path log, long started) {
        try {
            if (waitStatus != 0 || !Files.isRegularFile(output) || Files.size(output) == 0) {
                deleteFiles(name -> name.contains(TEMPORARY));
                if (closed) {
                    return; // killed by our own stop
                }
                Log.warning("No start-up cache for " + target + ": its training run " + Supervisor.describe(waitStatus)
                        + " (see " + log + "). Restarts run without it.");
                return;
            }
            deleteFiles(name -> name.endsWith(SUFFIX)); // the caches of other jars
            Files.move(output, cache, StandardCopyOption.ATOMIC_MOVE);
            // The JVM's own training file, if kept, and what a training cut short (SIGKILL) left.
            deleteFiles(name -> name.contains(TEMPORARY));
            Log.info("Start-up cache for " + target + " ready (" + Files.size(cache) / (1024 * 1024) + " MB, made in "
                    + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s): the next restarts map it.");
        } catch (IOException e) {
            Log.warning("Cannot keep the start-up cache for " + target + ": " + e.getMessage());
        }
    }

    private void deleteFiles(Predicate<String> named) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> named.test(f.getFileName().toString())).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private Layout layout(List<Path> appClasspath) {
        return Layout.of(WorkerCommand.classpath(target, appClasspath));
    }

    private boolean usable(Layout layout) {
        return !target.isNative() && !"off".equals(System.getenv("JAVICORN_AOT")) && layout.cacheable()
                && layout.jars().containsAll(WorkerCommand.classpath(target, List.of()))
                && config.jvmArgs().stream().noneMatch(StartupCache::isArchiveOption);
    }

    /** The cache's file, named by a digest of the JVM, the jars (path, size, time) and the JVM options. */
    private Path cacheFile(Layout layout) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<String> key = new ArrayList<>(List.of(System.getProperty("java.home"), System.getProperty("java.vm.version")));
            for (String jar : layout.jars()) {
                File file = new File(jar);
                key.add(jar + "|" + file.length() + "|" + file.lastModified());
            }
            key.addAll(config.jvmArgs());
            digest.update(String.join("\n", key).getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(digest.digest(), 0, 8) + SUFFIX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file in both a class folder and a jar, or null; reported once. {@code cache} names the jars. */
    private String shadowed(Layout layout, Path cache) {
        Set<String> inJars = jarFiles.computeIfAbsent(cache.getFileName().toString(), k -> filesIn(layout.jars()));
        String both = fileInBoth(layout, inJars);
        if (both != null && reported.add(both)) {
            Log.info("No start-up cache for " + target + ": " + both + " is both in a class folder and in a jar,"
                    + " and the cache would change which one is found.");
        }
        return both;
    }

    /**
     * A file that is both in one of the layout's class folders and among {@code inJars} (which
     * copy a lookup finds then depends on the classpath's order), or null.
     */
    static String fileInBoth(Layout layout, Set<String> inJars) {
        for (String folder : layout.folders()) {
            Path root = Path.of(folder);
            try (Stream<Path> files = Files.walk(root)) {
                String both = files.filter(Files::isRegularFile)
                        .map(f -> root.relativize(f).toString().replace(File.separatorChar, '/'))
                        .filter(name -> inJars.contains(name) && !SHARED_NAMES.contains(name))
                        .findFirst().orElse(null);
                if (both != null) {
                    return both;
                }
            } catch (IOException | UncheckedIOException e) {
                return folder; // a folder we cannot read: play safe
            }
        }
        return null;
    }

    private static Set<String> filesIn(List<String> jars) {
        Set<String> names = new HashSet<>();
        for (String jar : jars) {
            try (ZipFile zip = new ZipFile(jar)) {
                zip.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName).forEach(names::add);
            } catch (IOException e) {
                // A jar the JVM cannot open either: nothing in it can hide a class folder's file.
            }
        }
        return names;
    }

    private static boolean await(CountDownLatch latch, Duration timeout) {
        try {
            return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
