package dev.javicorn.supervise;

import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.Http;
import dev.javicorn.testing.Procs;
import dev.javicorn.testing.RunningJavicorn;
import dev.javicorn.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounded stop and no orphans, with real processes: an app whose shutdown hook hangs, with a
 * never-ending thread, a child ignoring SIGTERM and an orphaned grandchild ignoring SIGTERM.
 */
class StopTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final String GRACE = "1";
    /** Grace (1 s) + the wait for thread stacks (1 s) + SIGKILL and reaping, with room for a slow machine. */
    private static final Duration BOUND = Duration.ofSeconds(6);

    @TempDir
    Path tmp;

    @Test
    void termStopsAHungWorkerWithinTheBoundExplainsWhyAndLeavesNoProcess() {
        try (RunningJavicorn javicorn = startStubborn()) {
            long worker = javicorn.workerPids().getFirst();
            Wait.until(() -> Procs.inSession(worker).size() >= 3, START, () -> "children not started");

            long start = System.nanoTime();
            javicorn.signal("TERM", false);
            assertThat(javicorn.awaitExit(BOUND)).isZero();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(BOUND);
            assertThat(javicorn.output())
                    .contains("did not stop in time")
                    .contains("\"blocking-shutdown-hook\"")
                    .contains("\"never-ending-worker\"")
                    .contains("sleep 1000");
            assertThat(Procs.inSession(worker)).isEmpty();
        }
    }

    @Test
    void ctrlCToTheProcessGroupLeavesNoProcess() {
        try (RunningJavicorn javicorn = startStubborn()) {
            long worker = javicorn.workerPids().getFirst();
            Wait.until(() -> Procs.inSession(worker).size() >= 3, START, () -> "children not started");

            javicorn.signal("INT", true);

            assertThat(javicorn.awaitExit(BOUND)).isZero();
            assertThat(Procs.inSession(worker)).isEmpty();
        }
    }

    @Test
    void secondCtrlCKillsAtOnce() {
        try (RunningJavicorn javicorn = startStubborn()) {
            long worker = javicorn.workerPids().getFirst();
            Wait.until(() -> Procs.inSession(worker).size() >= 3, START, () -> "children not started");

            javicorn.signal("INT", false);
            javicorn.awaitLog("Shutting down", BOUND);
            javicorn.signal("INT", false);

            assertThat(javicorn.awaitExit(Duration.ofSeconds(3))).isZero();
            assertThat(javicorn.output()).contains("Killing workers at once").doesNotContain("did not stop in time");
            assertThat(Procs.inSession(worker)).isEmpty();
        }
    }

    @Test
    void sigkillOfTheSupervisorLeavesNoWorkerAndNoWorkerChild() {
        try (RunningJavicorn javicorn = startStubborn()) {
            long worker = javicorn.workerPids().getFirst();
            Wait.until(() -> Procs.inSession(worker).size() >= 3, START, () -> "children not started");
            List<Long> before = Procs.inSession(worker);

            javicorn.signal("KILL", false);

            Wait.until(() -> Procs.inSession(worker).isEmpty(), Duration.ofSeconds(2),
                    () -> "left behind: " + Procs.inSession(worker) + " of " + before);
            assertThat(before).allSatisfy(pid -> assertThat(Procs.alive(pid)).isFalse());
        }
    }

    private RunningJavicorn startStubborn() {
        Path app = AppDirs.copy("stubborn", tmp, "Main.java");
        RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--timeout-graceful-shutdown", GRACE, "Main");
        int port = javicorn.awaitReady(START);
        assertThat(Http.get(port, "/").body()).isEqualTo("stubborn");
        return javicorn;
    }
}
