package dev.javicorn.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javicorn.testing.Procs;
import dev.javicorn.testing.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling a Maven run by interrupting its thread, with a fake Maven: a script that starts a
 * tree of processes and waits for them, as {@code mvnw} waits for the Maven JVM and Maven for a
 * forked one.
 */
class MavenRunTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    /** SIGKILL of a handful of processes and the reaping of the script: well under this. */
    private static final Duration BOUND = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void interruptKillsMavensWholeTreeAtOnceAndThrowsCancelled() throws Exception {
        Path pids = dir.resolve("pids");
        // The script, a child sleeping, and a child shell with a grandchild: four processes.
        Path maven = script("""
                echo $$ > '%1$s'
                sleep 300 &
                echo $! >> '%1$s'
                sh -c 'sleep 300 & echo $! >> "$1"; wait' sh '%1$s' &
                echo $! >> '%1$s'
                wait
                """.formatted(pids));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread build = Thread.ofPlatform().name("build").start(() -> {
            try {
                MavenRun.run(List.of(maven.toString()), dir, TIMEOUT, java.util.Map.of());
            } catch (Exception e) {
                thrown.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        Wait.until(() -> lines(pids).size() == 4, Duration.ofSeconds(10), () -> "the fake Maven did not start its tree");
        List<Long> tree = lines(pids).stream().map(Long::parseLong).toList();

        build.interrupt();

        Wait.until(() -> !build.isAlive(), BOUND, () -> "MavenRun.run still waiting after the interrupt");
        assertThat(thrown.get()).isInstanceOf(BuildCancelledException.class)
                .hasMessage("build cancelled while Maven was running");
        assertThat(stillInterrupted).as("interrupt status restored").isTrue();
        Wait.until(() -> tree.stream().noneMatch(Procs::alive), BOUND,
                () -> "left alive: " + tree.stream().filter(Procs::alive).toList() + " of " + tree);
    }

    @Test
    void aThreadInterruptedBeforehandDoesNotStartMaven() throws Exception {
        Path started = dir.resolve("started");
        Path maven = script("touch '" + started + "'\n");
        Thread.currentThread().interrupt();
        try {
            MavenRun.run(List.of(maven.toString()), dir, TIMEOUT, java.util.Map.of());
            throw new AssertionError("no BuildCancelledException");
        } catch (BuildCancelledException e) {
            assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
        }
        assertThat(started).doesNotExist();
    }

    private Path script(String body) throws IOException {
        Path file = dir.resolve("fake-mvn");
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
