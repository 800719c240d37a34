package dev.javicorn.watch;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;

/**
 * One walk over a directory tree that registers every accepted directory with the detector and,
 * when given a sink, reports every accepted file as {@link Change.Kind#CREATED}.
 *
 * <p>Excluded directories are skipped with their whole subtree, before any watch or listing is spent
 * on them. Paths that vanish or cannot be read mid-walk are skipped: the tree is live, and an editor
 * or a build may be deleting files while it is walked. Runs on the thread that owns the detector.
 */
final class TreeScan extends SimpleFileVisitor<Path> {
    private final WatchServiceDetector detector;
    private final PathFilter filter;
    private final Path root;
    private final Consumer<Change> sink;
    private final boolean onlyNew;
    private Path start;

    /**
     * @param sink where found files go, or {@code null} to only register (the initial walk reports
     *     nothing: the files were there before the watcher started)
     * @param onlyNew skip subdirectories already watched (a rescan needs only what it missed)
     */
    TreeScan(WatchServiceDetector detector, Path root, Consumer<Change> sink, boolean onlyNew) {
        this.detector = detector;
        this.filter = detector.filter();
        this.root = root;
        this.sink = sink;
        this.onlyNew = onlyNew;
    }

    /** @throws TooManyWatchesException if the kernel refuses a watch; other I/O trouble is skipped */
    void walk(Path start) throws IOException {
        this.start = start;
        Files.walkFileTree(start, this);
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (!dir.equals(root) && !filter.accept(root.relativize(dir), true)) {
            return FileVisitResult.SKIP_SUBTREE;
        }
        if (onlyNew && !dir.equals(start) && detector.isWatched(dir)) {
            return FileVisitResult.SKIP_SUBTREE;
        }
        return detector.register(root, dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (sink != null && !attrs.isDirectory() && !attrs.isOther()) {
            Path relative = root.relativize(file);
            if (filter.accept(relative, false)) {
                sink.accept(new Change(root, relative, Change.Kind.CREATED));
            }
        }
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
        if (failure instanceof NoSuchFileException || failure instanceof AccessDeniedException) {
            return FileVisitResult.CONTINUE;
        }
        throw failure;
    }
}
