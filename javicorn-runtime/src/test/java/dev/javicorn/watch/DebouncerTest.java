package dev.javicorn.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DebouncerTest {
    private static final long MS = 1_000_000L;
    private static final Path ROOT = Path.of("/app");

    private final Debouncer debouncer = new Debouncer(Duration.ofMillis(50), Duration.ofMillis(1600));

    @Test
    void burstYieldsOneSetAfterTheQuietPeriod() {
        for (int i = 0; i < 500; i++) {
            debouncer.add(change("F" + i + ".java", Change.Kind.CREATED), i * MS);
        }
        assertThat(debouncer.drainIfDue(499 * MS + 49 * MS)).isNull();
        assertThat(debouncer.nanosUntilDue(499 * MS + 49 * MS)).isEqualTo(MS);
        ChangeSet set = debouncer.drainIfDue(499 * MS + 50 * MS);
        assertThat(set.size()).isEqualTo(500);
        assertThat(debouncer.isEmpty()).isTrue();
        assertThat(debouncer.nanosUntilDue(0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void neverEndingTrickleStillFiresAtTheMaximumWait() {
        long now = 0;
        while (debouncer.drainIfDue(now) == null) {
            debouncer.add(change("Gen.java", Change.Kind.MODIFIED), now);
            now += 10 * MS;
            assertThat(now).isLessThanOrEqualTo(1610 * MS);
        }
        assertThat(now).isGreaterThanOrEqualTo(1600 * MS);
    }

    @Test
    void eventsOfOnePathMergeIntoWhatTheConsumerNeeds() {
        debouncer.add(change("A.java", Change.Kind.DELETED), 0);
        debouncer.add(change("A.java", Change.Kind.CREATED), 1);
        debouncer.add(change("B.java", Change.Kind.CREATED), 2);
        debouncer.add(change("B.java", Change.Kind.MODIFIED), 3);
        debouncer.add(change("C.java", Change.Kind.MODIFIED), 4);
        debouncer.add(change("C.java", Change.Kind.DELETED), 5);
        ChangeSet set = debouncer.drainIfDue(100 * MS);
        assertThat(set.changes()).containsExactly(change("A.java", Change.Kind.MODIFIED),
                change("B.java", Change.Kind.CREATED), change("C.java", Change.Kind.DELETED));
        assertThat(set.overflow()).isFalse();
    }

    @Test
    void setsNotYetTakenMergeIntoOne() {
        ChangeSet first = ChangeSet.of(java.util.List.of(change("A.java", Change.Kind.MODIFIED)));
        ChangeSet second = ChangeSet.of(java.util.List.of(change("B.java", Change.Kind.MODIFIED),
                change("A.java", Change.Kind.DELETED)));
        assertThat(first.then(second).changes()).containsExactly(
                change("A.java", Change.Kind.DELETED), change("B.java", Change.Kind.MODIFIED));
        assertThat(first.then(second).describe(1)).isEqualTo("'A.java' and 1 more");
    }

    private static Change change(String relative, Change.Kind kind) {
        return new Change(ROOT, Path.of(relative), kind);
    }
}
