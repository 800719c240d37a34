package dev.javicorn.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import dev.javicorn.log.Log;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@link ChangeDetector} on the JDK {@link WatchService}: inotify on Linux, one watch per directory.
 *
 * <p>The JDK watches single directories, so the tree is kept registered here: every accepted
 * directory at start, each new one when its creation is seen (and scanned, since files may appear in
 * it before its watch exists), a deleted or moved-away one forgotten with its subtree, and a
 * directory whose events overflowed rescanned. The maps below belong to the watcher's thread (and to
 * the starting thread before that one exists).
 */
final class WatchServiceDetector implements ChangeDetector {
    /** Keys handled per {@link #await} call, so a flood cannot starve the debouncer's deadline. */
    private static final int MAX_KEYS_PER_AWAIT = 1024;

    private record Dir(Path root, Path path) {}

    private final WatchService service;
    private final PathFilter filter;
    private final List<Path> roots;
    private final String kind;
    private final Map<WatchKey, Dir> dirsByKey = new HashMap<>();
    private final Map<Path, WatchKey> keysByPath = new HashMap<>();
    private volatile boolean closed;
    private boolean limitReported;

    private WatchServiceDetector(WatchService service, PathFilter filter, List<Path> roots) {
        this.service = service;
        this.filter = filter;
        this.roots = roots;
        this.kind = kindOf(service);
    }

    /**
     * Registers every accepted directory under {@code roots} before returning, so a change made after
     * this returns is seen. Called by the thread that will hand the detector to a watcher.
     *
     * @throws TooManyWatchesException if the inotify limits are too low for the tree
     * @throws NotDirectoryException if a root is not a directory
     * @throws IOException if a root cannot be read; nothing stays open then
     */
    static WatchServiceDetector start(List<Path> roots, PathFilter filter) throws IOException {
        List<Path> normalized = Roots.normalize(roots);
        WatchService service;
        try {
            service = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            TooManyWatchesException limit = TooManyWatchesException.from(e, 0);
            throw limit != null ? limit : e;
        }
        WatchServiceDetector detector = new WatchServiceDetector(service, filter, normalized);
        try {
            for (Path root : normalized) {
                new TreeScan(detector, root, null, false).walk(root);
            }
        } catch (IOException | RuntimeException e) {
            detector.close();
            throw e;
        }
        return detector;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public List<Path> roots() {
        return roots;
    }

    @Override
    public boolean await(long timeoutNanos, Consumer<Change> sink) throws InterruptedException {
        try {
            WatchKey key = timeoutNanos == Long.MAX_VALUE
                    ? service.take() : service.poll(timeoutNanos, TimeUnit.NANOSECONDS);
            for (int handled = 0; key != null && handled < MAX_KEYS_PER_AWAIT; handled++) {
                handle(key, sink);
                key = handled + 1 < MAX_KEYS_PER_AWAIT ? service.poll() : null;
            }
        } catch (ClosedWatchServiceException e) {
            return false;
        }
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            service.close();
        } catch (IOException e) {
            Log.debug("closing the watch service: " + e);
        }
    }

    private void handle(WatchKey key, Consumer<Change> sink) {
        Dir dir = dirsByKey.get(key);
        List<WatchEvent<?>> events = key.pollEvents();
        if (dir == null) {
            key.cancel();
            return;
        }
        for (WatchEvent<?> event : events) {
            if (event.kind() == OVERFLOW) {
                sink.accept(new Change(dir.root, dir.root.relativize(dir.path), Change.Kind.OVERFLOW));
                scan(dir.root, dir.path, sink, Change.Kind.MODIFIED, true);
                continue;
            }
            Path path = dir.path.resolve((Path) event.context());
            Path relative = dir.root.relativize(path);
            if (event.kind() == ENTRY_CREATE) {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    if (filter.accept(relative, true)) {
                        scan(dir.root, path, sink, Change.Kind.CREATED, false);
                    }
                } else if (filter.accept(relative, false)) {
                    sink.accept(new Change(dir.root, relative, Change.Kind.CREATED));
                }
            } else if (event.kind() == ENTRY_DELETE) {
                if (keysByPath.containsKey(path)) {
                    // A moved-away directory keeps its inotify watch (it follows the inode): drop it.
                    forgetTree(path);
                    sink.accept(new Change(dir.root, relative, Change.Kind.DELETED));
                } else if (filter.accept(relative, false)) {
                    sink.accept(new Change(dir.root, relative, Change.Kind.DELETED));
                }
            } else if (event.kind() == ENTRY_MODIFY) {
                if (!keysByPath.containsKey(path) && filter.accept(relative, false)) {
                    sink.accept(new Change(dir.root, relative, Change.Kind.MODIFIED));
                }
            }
        }
        if (!key.reset()) {
            forget(key);
            if (roots.contains(dir.path) && !closed) {
                Log.warning("Watched directory '" + dir.path + "' is gone; changes in it are no longer seen.");
            }
        }
    }

    private void scan(Path root, Path start, Consumer<Change> sink, Change.Kind fileKind, boolean onlyNew) {
        try {
            new TreeScan(this, root, change -> sink.accept(change.kind() == fileKind
                    ? change : new Change(change.root(), change.relative(), fileKind)), onlyNew).walk(start);
        } catch (TooManyWatchesException e) {
            if (!limitReported) {
                limitReported = true;
                Log.warning(e.getMessage());
            }
        } catch (IOException e) {
            Log.debug("scanning " + start + ": " + e);
        }
    }

    /**
     * Watches {@code dir}; returns {@code false} if it vanished first.
     *
     * @throws TooManyWatchesException when the kernel refuses the watch
     */
    boolean register(Path root, Path dir) throws IOException {
        WatchKey key;
        try {
            key = dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
            if (!dir.equals(key.watchable())) {
                // The inode was watched under its old name (moved, and the move not yet handled):
                // the JDK hands back that key, so start afresh with the new name.
                forget(key);
                key.cancel();
                key = dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return false;
        } catch (IOException e) {
            TooManyWatchesException limit = TooManyWatchesException.from(e, keysByPath.size());
            throw limit != null ? limit : e;
        }
        dirsByKey.put(key, new Dir(root, dir));
        keysByPath.put(dir, key);
        return true;
    }

    boolean isWatched(Path dir) {
        return keysByPath.containsKey(dir);
    }

    PathFilter filter() {
        return filter;
    }

    private void forget(WatchKey key) {
        Dir dir = dirsByKey.remove(key);
        if (dir != null) {
            keysByPath.remove(dir.path, key);
        }
    }

    private void forgetTree(Path top) {
        List<WatchKey> gone = new ArrayList<>();
        for (Iterator<Map.Entry<Path, WatchKey>> it = keysByPath.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, WatchKey> entry = it.next();
            if (entry.getKey().startsWith(top)) {
                gone.add(entry.getValue());
                it.remove();
            }
        }
        for (WatchKey key : gone) {
            dirsByKey.remove(key);
            key.cancel();
        }
    }

    private static String kindOf(WatchService service) {
        String name = service.getClass().getSimpleName();
        if (name.contains("Linux")) {
            return "inotify";
        } else if (name.contains("Windows")) {
            return "ReadDirectoryChangesW";
        } else if (name.contains("MacOSX") || name.contains("FSEvents")) {
            return "FSEvents";
        } else if (name.contains("Polling")) {
            return "polling";
        }
        return name;
    }
}
