package dev.javicorn.watch;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One changed path under a watched root.
 *
 * @param root the watched root the path belongs to (absolute)
 * @param relative the path relative to {@code root}, for log lines such as
 *     {@code Detected changes in 'src/main/java/Foo.java'}
 * @param kind what happened, after merging every event the path received in one change set
 */
public record Change(Path root, Path relative, Kind kind) {

    /** What happened to a path. */
    public enum Kind {
        /** The path did not exist before this change set, as far as the watcher saw. */
        CREATED,
        /** The file's content or metadata changed, or it was deleted and created again. */
        MODIFIED,
        /** The path is gone; for a directory, everything that was below it is gone too. */
        DELETED,
        /**
         * Events for this directory were lost (the kernel or JDK queue overflowed). The watcher
         * rescanned it and reported every file it holds as {@link #MODIFIED}, but deletions in it may
         * be missing: a consumer should rebuild everything below it.
         */
        OVERFLOW
    }

    public Change {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(relative, "relative");
        Objects.requireNonNull(kind, "kind");
    }

    /** The absolute path. */
    public Path path() {
        return root.resolve(relative);
    }

    /**
     * This change followed by {@code later} on the same path, as one change.
     * Created-then-deleted stays {@link Kind#DELETED} (the consumer may have seen the file already
     * through an earlier change set), deleted-then-created is {@link Kind#MODIFIED} (an editor's
     * delete-and-recreate save), and {@link Kind#OVERFLOW} is sticky.
     */
    Change then(Change later) {
        Kind merged = switch (kind) {
            case OVERFLOW -> Kind.OVERFLOW;
            case CREATED -> later.kind == Kind.MODIFIED ? Kind.CREATED : later.kind;
            case DELETED -> later.kind == Kind.DELETED ? Kind.DELETED
                    : later.kind == Kind.OVERFLOW ? Kind.OVERFLOW : Kind.MODIFIED;
            case MODIFIED -> later.kind == Kind.CREATED ? Kind.MODIFIED : later.kind;
        };
        return merged == kind ? this : new Change(root, relative, merged);
    }

    @Override
    public String toString() {
        return kind + " " + relative;
    }
}
