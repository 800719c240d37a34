package dev.javicorn.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debouncing on a real tree: bursts collapse, and nothing is lost while the consumer is busy. */
class DebounceTest {
    @TempDir
    Path root;

    private Watcher watcher;

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    @Test
    void burstOf500FilesYieldsAtMostTwoChangeSets() throws Exception {
        Path dir = Files.createDirectories(root.toRealPath().resolve("src/gen"));
        Collector changes = new Collector();
        watcher = Watcher.start(List.of(root), PathFilter.defaults(), Watcher.DEFAULT_QUIET_PERIOD, changes);
        Set<Path> written = new HashSet<>();
        long started = System.nanoTime();
        for (int i = 0; i < 500; i++) {
            Path file = dir.resolve("F" + i + ".java");
            Files.writeString(file, "class F" + i + " {}");
            written.add(file);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        List<ChangeSet> sets = changes.until(written);
        assertThat(sets).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void changeWhileCallbackIsBusyIsDeliveredAfterwards() throws Exception {
        Path real = root.toRealPath();
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Collector changes = new Collector();
        watcher = Watcher.start(List.of(root), PathFilter.defaults(), Watcher.DEFAULT_QUIET_PERIOD, set -> {
            changes.accept(set);
            if (busy.getCount() > 0) {
                busy.countDown();
                // Stands for a reload in progress that holds the consumer.
                awaitQuietly(release);
            }
        });
        Path first = Files.writeString(real.resolve("First.java"), "class First {}");
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        Path during = Files.writeString(real.resolve("During.java"), "class During {}");
        release.countDown();
        List<ChangeSet> sets = changes.until(Set.of(first, during));
        assertThat(sets.getLast().paths()).contains(during);
    }

    @Test
    void eventsDroppedWhileCallbackIsBusyAreRecoveredByARescan() throws Exception {
        Path many = Files.createDirectories(root.toRealPath().resolve("src/many"));
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Collector changes = new Collector();
        watcher = Watcher.start(List.of(root), PathFilter.defaults(), Watcher.DEFAULT_QUIET_PERIOD, set -> {
            changes.accept(set);
            if (busy.getCount() > 0) {
                busy.countDown();
                awaitQuietly(release);
            }
        });
        Path first = Files.writeString(many.resolve("First.java"), "class First {}");
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        // More events than the JDK keeps for one directory (512) pile up while the consumer is busy.
        Set<Path> written = new HashSet<>();
        for (int i = 0; i < 600; i++) {
            written.add(Files.writeString(many.resolve("M" + i + ".java"), "class M" + i + " {}"));
        }
        release.countDown();
        List<ChangeSet> sets = changes.until(written);
        assertThat(sets).anyMatch(ChangeSet::overflow);
        assertThat(changes.taken().getFirst().paths()).contains(first);
    }

    @Test
    void changesWhileNextIsNotCalledAreMergedIntoTheNextSet() throws Exception {
        Path real = root.toRealPath();
        watcher = Watcher.start(List.of(root), PathFilter.defaults(), Watcher.DEFAULT_QUIET_PERIOD);
        Path a = Files.writeString(real.resolve("A.java"), "class A {}");
        assertThat(watcher.poll(Collector.DEADLINE).paths()).containsExactly(a);

        Path b = Files.writeString(real.resolve("B.java"), "class B {}");
        awaitUntaken();
        Path c = Files.writeString(real.resolve("C.java"), "class C {}");
        Set<Path> seen = new HashSet<>(watcher.poll(Collector.DEADLINE).paths());
        if (!seen.contains(c)) {
            seen.addAll(watcher.poll(Collector.DEADLINE).paths());
        }
        assertThat(seen).containsExactlyInAnyOrder(b, c);
    }

    @Test
    void aChangeIsDetectedFast() throws Exception {
        Path real = root.toRealPath();
        watcher = Watcher.start(List.of(root), PathFilter.defaults(), Duration.ofMillis(20));
        long started = System.nanoTime();
        Files.writeString(real.resolve("Fast.java"), "class Fast {}");
        assertThat(watcher.poll(Collector.DEADLINE)).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    private void awaitUntaken() throws InterruptedException {
        long deadline = System.nanoTime() + Collector.DEADLINE.toNanos();
        while (!watcher.hasUntakenSet()) {
            assertThat(System.nanoTime()).as("a set becomes due").isLessThan(deadline);
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
