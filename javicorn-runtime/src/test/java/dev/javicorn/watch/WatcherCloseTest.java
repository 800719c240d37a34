package dev.javicorn.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javicorn.testing.Wait;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatcherCloseTest {
    @TempDir
    Path root;

    @Test
    void closeReleasesThreadsAndInotifyDescriptors() throws Exception {
        Files.createDirectories(root.resolve("a/b/c"));
        long threadsBefore = watchThreads();
        long inotifyBefore = inotifyDescriptors();
        Watcher watcher = Watcher.start(List.of(root), PathFilter.defaults(), Watcher.DEFAULT_QUIET_PERIOD);
        assertThat(watchThreads()).isGreaterThan(threadsBefore);
        assertThat(inotifyDescriptors()).isEqualTo(inotifyBefore + 1);

        long started = System.nanoTime();
        watcher.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        awaitTrue(() -> watchThreads() == threadsBefore);
        assertThat(inotifyDescriptors()).isEqualTo(inotifyBefore);
        assertThat(watcher.isOpen()).isFalse();
        watcher.close();
    }

    @Test
    void closeWakesABlockedNext() throws Exception {
        Watcher watcher = Watcher.start(List.of(root), PathFilter.defaults(), Watcher.DEFAULT_QUIET_PERIOD);
        CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                watcher.next();
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        watcher.close();
        assertThat(blocked.get(5, TimeUnit.SECONDS)).isInstanceOf(ClosedWatchServiceException.class);
    }

    @Test
    void missingRootFailsAtStartWithoutLeaking() throws Exception {
        long inotifyBefore = inotifyDescriptors();
        assertThatThrownBy(() -> Watcher.start(List.of(root.resolve("missing")), PathFilter.defaults(),
                Watcher.DEFAULT_QUIET_PERIOD)).isInstanceOf(NoSuchFileException.class);
        assertThat(inotifyDescriptors()).isEqualTo(inotifyBefore);
    }

    @Test
    void callbackWatcherRefusesNext() throws Exception {
        try (Watcher watcher = Watcher.start(List.of(root), PathFilter.defaults(), Watcher.DEFAULT_QUIET_PERIOD,
                set -> { })) {
            assertThatThrownBy(watcher::next).isInstanceOf(IllegalStateException.class);
        }
    }

    private static long watchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && (t.getName().equals("javicorn-watch")
                        || t.getName().equals("FileSystemWatchService")))
                .count();
    }

    private static long inotifyDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().contains("inotify");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    private static void awaitTrue(BooleanSupplier condition) {
        Wait.until(condition, Duration.ofSeconds(5), () -> "condition not met within 5 s");
    }
}
