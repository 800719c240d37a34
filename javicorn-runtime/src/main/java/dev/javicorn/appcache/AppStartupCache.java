package dev.javicorn.appcache;

import dev.javicorn.log.Log;
import dev.javicorn.worker.StartupCache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
 * The start-up cache of a main-class app: which cache a worker maps, which worker records what the
 * cache is made of, and what becomes of that recording and of the run that makes the cache from it.
 * It starts no process: the supervisor's control loop starts the workers and the cache's making
 * run like any worker (see package-info).
 *
 * <p>Files, per key (see {@link CacheKey}): {@code KEY.aotconf.N.tmp} while worker N records,
 * {@code KEY.aotconf} once a recording worker ended its recording or exited normally (kept across
 * runs until the cache is made from it), {@code KEY.aot.tmp} while the cache
 * is made, {@code KEY.aot} once it is. A file is renamed only once complete, so no step ever reads
 * what a killed JVM left half-written.
 *
 * <p>Called from the build thread ({@link #readyFor}, {@link #plan}), the control loop
 * ({@link #startRecording}, {@link #mayMake}, {@link #making}, {@link #finished}) and a recording
 * worker's reader and reaper threads ({@link #recorded}); synchronized for that.
 */
public final class AppStartupCache {
    private static final String SUFFIX = ".aot";
    private static final String CONFIG = ".aotconf";
    private static final String TEMPORARY = ".tmp";
    private static final int SIGKILL = 9;
    /**
     * How long a recording worker serves before it ends its recording: long enough for the first
     * requests, which many frameworks set their request path up on, to be recorded too; short
     * enough to end before most first edits (a worker stopped before it ended its recording writes
     * it as it exits, which may take longer than the stop may).
     */
    public static final Duration RECORD_FOR = Duration.ofSeconds(5);

    private final Path dir;
    private final boolean records;
    private final List<String> jvmArgs;
    private final List<String> ownEntries;
    private final String app;
    /** Keys whose cache is being made, or was made or given up in this run: never made again. */
    private final Set<String> settled = new HashSet<>();
    /** The key each recording worker records, with the file its JVM writes. */
    private final Map<String, Path> recording = new HashMap<>();
    private int recordings;
    private final Map<String, Set<String>> jarFiles = new HashMap<>();
    private final Set<String> reported = new HashSet<>();

    /**
     * @param dir where caches are kept
     * @param records whether a missing cache is recorded and made ({@code --reload} only)
     * @param jvmArgs the workers' {@code --jvm-arg}s, part of the cache's key
     * @param ownEntries javicorn's own classpath entries, which must be jars for any cache
     * @param app the app's name, for the log
     */
    public AppStartupCache(Path dir, boolean records, List<String> jvmArgs, List<String> ownEntries, String app) {
        this.dir = dir;
        this.records = records;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.ownEntries = List.copyOf(ownEntries);
        this.app = app;
    }

    /**
     * A cache to make: the classpath layout its recording worker and its making run have, the
     * complete recording it is made from, where the making run writes, where the cache goes, and
     * where that run's output goes.
     */
    public record Plan(String key, Layout layout, Path config, Path output, Path cache, Path log) {}

    /** A worker's recording: its JVM writes {@code temporary} as it exits normally. */
    public record Recording(Plan plan, Path temporary) {}

    /** The cache a worker with this classpath maps, if one is ready and safe to use. */
    public synchronized Optional<Path> readyFor(List<String> classpath) {
        Layout layout = Layout.of(classpath);
        if (!usable(layout)) {
            return Optional.empty();
        }
        Path cache = dir.resolve(key(layout) + SUFFIX);
        return Files.isRegularFile(cache) && shadowed(layout, cache) == null ? Optional.of(cache) : Optional.empty();
    }

    /** The cache to make for this classpath, unless it exists, was made or given up, or is not wanted. */
    public synchronized Optional<Plan> plan(List<String> classpath) {
        Layout layout = Layout.of(classpath);
        if (!records || !usable(layout)) {
            return Optional.empty();
        }
        String key = key(layout);
        Path cache = dir.resolve(key + SUFFIX);
        if (Files.isRegularFile(cache) || settled.contains(key) || shadowed(layout, cache) != null) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            Log.warning("No start-up cache for " + app + ": cannot create " + dir + " (" + e.getMessage() + ").");
            settled.add(key);
            return Optional.empty();
        }
        return Optional.of(new Plan(key, layout, dir.resolve(key + CONFIG), dir.resolve(key + SUFFIX + TEMPORARY), cache,
                dir.resolve("cache.log")));
    }

    /**
     * A recording for a worker about to start, unless one is complete, another worker records, or
     * the cache is made already. Control-loop thread.
     */
    public synchronized Optional<Recording> startRecording(Plan plan) {
        if (settled.contains(plan.key()) || Files.isRegularFile(plan.config()) || recording.containsKey(plan.key())) {
            return Optional.empty();
        }
        Path temporary = dir.resolve(plan.key() + CONFIG + "." + ++recordings + TEMPORARY);
        recording.put(plan.key(), temporary);
        return Optional.of(new Recording(plan, temporary));
    }

    /**
     * Keeps what a recording worker wrote once it said its recording ended ({@code waitStatus} 0)
     * or it exited normally, else drops it: a worker killed at its stop's deadline writes nothing,
     * or part of a file, and the next worker records again. Called on the worker's reader or reaper
     * thread, before its message or its exit reaches the control loop; once more at its exit
     * after it said so, which then finds nothing left to keep.
     */
    public synchronized void recorded(Recording recording, int waitStatus) {
        this.recording.remove(recording.plan().key());
        try {
            if (waitStatus == 0 && Files.isRegularFile(recording.temporary()) && Files.size(recording.temporary()) > 0
                    && !settled.contains(recording.plan().key()) && !Files.exists(recording.plan().config())) {
                Files.move(recording.temporary(), recording.plan().config(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                Log.debug("Start-up cache for " + app + " recorded; it is made in the background once javicorn is idle.");
            } else {
                Files.deleteIfExists(recording.temporary());
            }
        } catch (IOException e) {
            Log.warning("Cannot keep the start-up cache's recording for " + app + ": " + e.getMessage());
        }
    }

    /**
     * The recording worker ended while its JVM wrote the recording. Killed by SIGKILL (javicorn's
     * kill at a stop's deadline): as {@link #recorded}, the next worker records again. Otherwise
     * the cache is given up for this run: the JDK ends a JVM whose recording fails (a full disk, a
     * class path it refuses), and the next worker would die the same way. Reaper thread.
     */
    public synchronized void endedWriting(Recording recording, int waitStatus) {
        if ((waitStatus & 0x7f) == SIGKILL) {
            recorded(recording, waitStatus);
            return;
        }
        settled.add(recording.plan().key());
        recorded(recording, waitStatus);
        Log.warning("No start-up cache for " + app + ": its worker ended with wait status " + waitStatus
                + " as it wrote what it recorded. No other worker records it in this run.");
    }

    /** True when a complete recording waits for its cache to be made. Control-loop thread. */
    public synchronized boolean mayMake(Plan plan) {
        return !settled.contains(plan.key()) && Files.isRegularFile(plan.config());
    }

    /** The cache's making run starts: no other is started for its key. Control-loop thread. */
    public synchronized void making(Plan plan) {
        settled.add(plan.key());
    }

    /**
     * Keeps the cache the making run wrote, or drops what it left; {@code startedNanos} is when it
     * started. A run killed by SIGKILL (at its deadline, or on a stop) is dropped without a word,
     * and its recording kept: the next javicorn run makes the cache from it without recording
     * again. A run that failed drops the recording too. Control-loop thread.
     */
    public synchronized void finished(Plan plan, int waitStatus, long startedNanos) {
        try {
            if (waitStatus != 0 || !Files.isRegularFile(plan.output()) || Files.size(plan.output()) == 0) {
                Files.deleteIfExists(plan.output());
                if ((waitStatus & 0x7f) != SIGKILL) {
                    Files.deleteIfExists(plan.config());
                    Log.warning("No start-up cache for " + app + ": making it ended with wait status " + waitStatus
                            + " (see " + plan.log() + "). Restarts run without it.");
                }
                return;
            }
            Files.move(plan.output(), plan.cache(), StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(plan.config());
            // Those of other jars, and what recordings cut short left (a killed supervisor's).
            String kept = plan.cache().getFileName().toString();
            deleteFiles(name -> !name.equals(kept) && (name.endsWith(SUFFIX) || name.endsWith(CONFIG)
                    || name.endsWith(TEMPORARY) && !recording.containsValue(dir.resolve(name))));
            Log.info("Start-up cache for " + app + " ready (" + Files.size(plan.cache()) / (1024 * 1024) + " MB, made in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos) + " ms): the next restarts map it.");
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

    private String key(Layout layout) {
        return CacheKey.forThisJvm(layout.jars(), jvmArgs);
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
