package dev.javicorn.watch;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A watcher callback that queues change sets, with deadline-bounded waits for tests. */
final class Collector implements Consumer<ChangeSet> {
    static final Duration DEADLINE = Duration.ofSeconds(10);

    private final LinkedBlockingQueue<ChangeSet> sets = new LinkedBlockingQueue<>();
    private final List<ChangeSet> taken = new ArrayList<>();

    @Override
    public void accept(ChangeSet set) {
        sets.add(set);
    }

    /** The next set, failing the test if none comes within the deadline. */
    ChangeSet next() throws InterruptedException {
        ChangeSet set = sets.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (set == null) {
            fail("no change set within " + DEADLINE);
        }
        taken.add(set);
        return set;
    }

    /** Takes sets until every path in {@code expected} was reported; returns the sets taken meanwhile. */
    List<ChangeSet> until(Set<Path> expected) throws InterruptedException {
        return until(seen -> seen.containsAll(expected));
    }

    List<ChangeSet> until(Predicate<Set<Path>> done) throws InterruptedException {
        List<ChangeSet> got = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!done.test(seen)) {
            long left = deadline - System.nanoTime();
            ChangeSet set = sets.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (set == null) {
                fail("within " + DEADLINE + " saw only " + seen + " in " + got);
            }
            got.add(set);
            taken.add(set);
            seen.addAll(set.paths());
        }
        return got;
    }

    /** Every set taken so far. */
    List<ChangeSet> taken() {
        return taken;
    }
}
