package dev.javicorn.worker;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The worker JVM's ahead-of-time cache ({@code -XX:AOTCache}), made by {@link AotTraining} next to
 * javicorn's runtime jar. Most of the classes a worker loads then come ready-made from it, and a
 * spare is warm in about two thirds of the time (docs/benchmarks.md): that is what a reload, a
 * swap or a crash replacement waits for when it finds no warm spare.
 *
 * <p>The JVM only maps a cache whose classpath is a prefix of its own, made of the very jars it
 * was trained with; any other cache it ignores. So it is offered only to workers that run on
 * javicorn's own jars first (native apps; main-class apps bring their own framework), and only
 * when javicorn itself runs from jars (not from class folders, as in its own tests). The JVM's
 * messages about a stale or foreign cache are silenced: without the cache a worker is only slower.
 * {@code JAVICORN_AOT=off} in the environment turns the cache off, for the supervisor too.
 */
public final class StartupCache {
    static final String FILE_NAME = "worker.aot";

    private StartupCache() {}

    /**
     * The JVM options that make a worker use the cache, or none if there is no usable one.
     *
     * @param runtimeClasspath javicorn's own classpath entries, which the worker's classpath starts with
     * @param userJvmArgs the {@code --jvm-arg}s; an archive option of the user's own wins over the cache
     */
    public static List<String> jvmOptions(List<String> runtimeClasspath, List<String> userJvmArgs) {
        boolean usable = !"off".equals(System.getenv("JAVICORN_AOT")) && !runtimeClasspath.isEmpty()
                && userJvmArgs.stream().noneMatch(StartupCache::isArchiveOption)
                && runtimeClasspath.stream().allMatch(e -> e.endsWith(".jar") && Files.isRegularFile(Path.of(e)));
        if (!usable) {
            return List.of();
        }
        Path cache = Path.of(runtimeClasspath.getFirst()).resolveSibling(FILE_NAME);
        return size(cache) > 0 ? options(cache) : List.of();
    }

    /** The options that map {@code cache}; the JVM's messages about a stale cache are silenced. */
    public static List<String> options(Path cache) {
        return List.of("-XX:AOTCache=" + cache, "-Xlog:aot*=off", "-Xlog:cds*=off");
    }

    private static long size(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** A JVM option of the user's own that chooses a class-data archive or cache. */
    public static boolean isArchiveOption(String arg) {
        return arg.startsWith("-Xshare") || arg.startsWith("-XX:SharedArchiveFile") || arg.startsWith("-XX:AOT")
                || arg.startsWith("-XX:+AutoCreateSharedArchive");
    }

    /** javicorn's own classpath, as the JVM running the supervisor has it. */
    public static List<String> runtimeClasspath() {
        return List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    }
}
