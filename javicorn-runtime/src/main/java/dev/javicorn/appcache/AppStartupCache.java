package dev.javicorn.appcache;

import dev.javicorn.log.Log;
import dev.javicorn.worker.StartupCache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The start-up cache of a main-class app: which cache a worker maps, when one is to be made, and
 * what becomes of a training run's output. It starts no process: the supervisor's control loop
 * runs the training like any worker (see package-info).
 *
 * <p>Called from the build thread ({@link #readyFor}, {@link #plan}) and the control loop
 * ({@link #finished}); synchronized for that.
 */
public final class AppStartupCache {
    private static final String SUFFIX = ".aot";
    /** The training writes {@code NAME.aot.tmp} (and the JVM {@code NAME.aot.tmp.config}). */
    private static final String TEMPORARY = ".aot.tmp";
    private static final int SIGKILL = 9;

    private final Path dir;
    private final boolean trains;
    private final List<String> jvmArgs;
    private final List<String> ownEntries;
    private final String app;
    /** Keys trained (or tried) in this run: one training each. */
    private final Set<String> tried = new HashSet<>();
    private final Map<String, Set<String>> jarFiles = new HashMap<>();
    private final Set<String> reported = new HashSet<>();

    /**
     * @param dir where caches are kept
     * @param trains whether a missing cache is made ({@code --reload} only: it runs the app once more)
     * @param jvmArgs the workers' {@code --jvm-arg}s, part of the cache's key
     * @param ownEntries javicorn's own classpath entries, which must be jars for any cache
     * @param app the app's name, for the log
     */
    public AppStartupCache(Path dir, boolean trains, List<String> jvmArgs, List<String> ownEntries, String app) {
        this.dir = dir;
        this.trains = trains;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.ownEntries = List.copyOf(ownEntries);
        this.app = app;
    }

    /** A training to run: its classpath layout, where it writes, and where its output goes. */
    public record Plan(Layout layout, Path output, Path cache, Path log) {}

    /** The cache a worker with this classpath maps, if one is ready and safe to use. */
    public synchronized Optional<Path> readyFor(List<String> classpath) {
        Layout layout = Layout.of(classpath);
        if (!usable(layout)) {
            return Optional.empty();
        }
        Path cache = cacheFile(layout);
        return Files.isRegularFile(cache) && shadowed(layout, cache) == null ? Optional.of(cache) : Optional.empty();
    }

    /** The training to run for this classpath, unless its cache exists, was tried, or is not wanted. */
    public synchronized Optional<Plan> plan(List<String> classpath) {
        Layout layout = Layout.of(classpath);
        if (!trains || !usable(layout)) {
            return Optional.empty();
        }
        Path cache = cacheFile(layout);
        if (Files.isRegularFile(cache) || !tried.add(cache.getFileName().toString()) || shadowed(layout, cache) != null) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            Log.warning("No start-up cache for " + app + ": cannot create " + dir + " (" + e.getMessage() + ").");
            return Optional.empty();
        }
        return Optional.of(new Plan(layout, cache.resolveSibling(cache.getFileName() + TEMPORARY), cache,
                dir.resolve("training.log")));
    }

    /**
     * Keeps the cache a training run wrote, or drops what it left; {@code startedNanos} is when it
     * started. A run killed by SIGKILL (at its deadline, or on a stop) is dropped without a word.
     */
    public synchronized void finished(Plan plan, int waitStatus, long startedNanos) {
        try {
            if (waitStatus != 0 || !Files.isRegularFile(plan.output()) || Files.size(plan.output()) == 0) {
                deleteFiles(name -> name.contains(TEMPORARY));
                if ((waitStatus & 0x7f) != SIGKILL) {
                    Log.warning("No start-up cache for " + app + ": its training run ended with wait status " + waitStatus
                            + " (see " + plan.log() + "). Restarts run without it.");
                }
                return;
            }
            deleteFiles(name -> name.endsWith(SUFFIX)); // the caches of other jars
            Files.move(plan.output(), plan.cache(), StandardCopyOption.ATOMIC_MOVE);
            // The JVM's own training file, if kept, and what a training cut short left.
            deleteFiles(name -> name.contains(TEMPORARY));
            Log.info("Start-up cache for " + app + " ready (" + Files.size(plan.cache()) / (1024 * 1024) + " MB, made in "
                    + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos) + " s): the next restarts map it.");
        } catch (IOException e) {
            Log.warning("Cannot keep the start-up cache for " + app + ": " + e.getMessage());
        }
    }

    private void deleteFiles(Predicate<String> named) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> named.test(f.getFileName().toString())).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private boolean usable(Layout layout) {
        return !"off".equals(System.getenv("JAVICORN_AOT")) && layout.cacheable() && layout.jars().containsAll(ownEntries)
                && jvmArgs.stream().noneMatch(StartupCache::isArchiveOption);
    }

    private Path cacheFile(Layout layout) {
        return dir.resolve(CacheKey.forThisJvm(layout.jars(), jvmArgs) + SUFFIX);
    }

    /** A file in both a class folder and a jar, or null; reported once. */
    private String shadowed(Layout layout, Path cache) {
        Set<String> inJars = jarFiles.computeIfAbsent(cache.getFileName().toString(), k -> Shadowing.filesIn(layout.jars()));
        String both = Shadowing.fileInBoth(layout, inJars);
        if (both != null && reported.add(both)) {
            Log.info("No start-up cache for " + app + ": " + both + " is both in a class folder and in a jar,"
                    + " and the cache would change which one is found.");
        }
        return both;
    }
}
