package dev.javicorn.watch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The changes of one debounced burst: at most one {@link Change} per path, sorted by root then
 * relative path. Immutable; any thread.
 */
public record ChangeSet(List<Change> changes) {

    private static final Comparator<Change> ORDER =
            Comparator.comparing(Change::root).thenComparing(Change::relative);

    public ChangeSet {
        changes = changes.stream().sorted(ORDER).toList();
    }

    /** Builds a set from changes in the order they happened, merging repeated paths. */
    static ChangeSet of(Collection<Change> inOrder) {
        Map<Path, Change> byPath = new LinkedHashMap<>();
        for (Change change : inOrder) {
            byPath.merge(change.path(), change, Change::then);
        }
        return new ChangeSet(new ArrayList<>(byPath.values()));
    }

    /** This set followed by {@code later}, as one set: what a busy consumer receives next. */
    public ChangeSet then(ChangeSet later) {
        List<Change> all = new ArrayList<>(changes);
        all.addAll(later.changes);
        return of(all);
    }

    /** The absolute paths. */
    public Set<Path> paths() {
        return changes.stream().map(Change::path).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Whether events were lost: the set holds a {@link Change.Kind#OVERFLOW} directory and a
     * consumer that recompiles incrementally should rebuild everything instead.
     */
    public boolean overflow() {
        return changes.stream().anyMatch(c -> c.kind() == Change.Kind.OVERFLOW);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public int size() {
        return changes.size();
    }

    /**
     * The relative paths for a log line, quoted and comma-separated, at most {@code limit} of them
     * and then {@code "and N more"}: {@code 'src/Foo.java', 'static/app.css' and 3 more}.
     */
    public String describe(int limit) {
        String shown = changes.stream().limit(Math.max(1, limit))
                .map(c -> "'" + c.relative() + "'")
                .collect(Collectors.joining(", "));
        int hidden = changes.size() - Math.max(1, limit);
        return hidden > 0 ? shown + " and " + hidden + " more" : shown;
    }

    @Override
    public String toString() {
        return "ChangeSet" + changes;
    }
}
