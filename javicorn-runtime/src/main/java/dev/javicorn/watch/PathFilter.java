package dev.javicorn.watch;

import java.nio.file.Path;
import java.util.List;

/**
 * Decides which paths under a watched root matter to a reload.
 *
 * <p>The watcher asks about every directory before it registers or scans it, and about every file
 * before it reports it. A rejected directory is never registered, so nothing below it costs an
 * inotify watch or a scan: that is how an excluded folder stays excluded at any depth. Because a
 * directory is always judged before anything inside it, an implementation may judge a path by its
 * last name alone.
 *
 * <p>Contract: {@link #accept} is called from the watcher's thread, often (once per event), so it
 * must be fast, side-effect free and must never block: no I/O, no locks that another thread may hold.
 */
@FunctionalInterface
public interface PathFilter {

    /**
     * @param relative the path relative to its watched root; never empty (the root itself is never asked)
     * @param directory whether the path is a directory (a rejected directory is not descended into)
     * @return whether the path is watched (directory) or reported (file)
     */
    boolean accept(Path relative, boolean directory);

    /** The defaults for a Java project: see {@link GlobFilter#DEFAULT_INCLUDES} and the exclude lists. */
    static PathFilter defaults() {
        return GlobFilter.DEFAULTS;
    }

    /**
     * The defaults plus {@code --reload-include} and {@code --reload-exclude} globs.
     *
     * <p>A glob without {@code /} is matched against a single name ({@code *.sql}, {@code generated});
     * one with {@code /} against the whole path relative to the root ({@code src/gen/**}). Includes
     * add file names to report. Excludes apply to files and directories alike, and an excluded
     * directory is excluded with its whole subtree at any depth. Excludes win over includes, except
     * that an include equal to a default exclude lifts that default ({@code --reload-include build}
     * watches {@code build/} folders again), and an exclude equal to a default include removes it.
     *
     * @throws IllegalArgumentException if a glob is empty or malformed, naming it
     */
    static PathFilter withGlobs(List<String> includes, List<String> excludes) {
        return GlobFilter.withGlobs(includes, excludes);
    }
}
