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
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * javicorn as a container's entrypoint: PID 1 of a PID namespace of its own, the parent of every
 * orphan in it. The app's workers leave orphans three ways: a grandchild that exits on its own, and
 * at each worker's end its child and its orphaned grandchild, killed by the session sweep.
 */
class Pid1Test {
    private static final Duration START = Duration.ofSeconds(60);
    private static final int GRACE = 3;
    /** With the kill -9 that follows, 20 worker replacements. */
    private static final int RESTARTS = 19;

    @TempDir
    Path tmp;

    @Test
    void asPid1ReapsEveryOrphanThroughRestartsAndCrashesAndStopsWithinTheGraceOnTerm() {
        String cannot = RunningJavicorn.cannotUnsharePid();
        assumeTrue(cannot == null, cannot);
        Path app = AppDirs.copy("orphans", tmp, "Api.java");
        try (RunningJavicorn javicorn = RunningJavicorn.startAsPid1(app, Map.of(), "--port", "0",
                "--timeout-graceful-shutdown", Integer.toString(GRACE), "Api:app")) {
            int port = javicorn.awaitReady(START);
            long init = javicorn.namespaceInit(START);
            awaitStarted(javicorn, 1);
            assertThat(javicorn.output()).contains("Running as PID 1: reaping orphaned processes.");

            for (int i = 0; i < 3; i++) {
                assertThat(Http.get(port, "/orphan").body()).isEqualTo("left one");
            }
            // The kernel gave the orphans to javicorn; once they exit, javicorn reaps them.
            Wait.until(() -> named(init, "timeout").stream().anyMatch(p -> p.ppid() == init), START,
                    () -> "no orphan adopted by PID 1: " + Procs.descendants(init));
            Wait.until(() -> named(init, "timeout").isEmpty(), Duration.ofSeconds(5),
                    () -> "orphans left as zombies: " + named(init, "timeout"));

            for (int i = 0; i < RESTARTS; i++) {
                int started = startedCount(javicorn);
                int finished = count(javicorn, "Finished server process");
                Procs.signal(init, "HUP");
                awaitStarted(javicorn, started + 1);
                // The restart is over once the worker it replaces has finished too. A worker logs its
                // start before it tells the supervisor it is ready, and a HUP that comes between retires
                // the successor not yet ready (it may have read files before that HUP) for a new one.
                Wait.until(() -> count(javicorn, "Finished server process") > finished, START,
                        () -> "the worker replaced by restart " + (started + 1) + " did not finish; output:\n" + javicorn.output());
            }
            int started = startedCount(javicorn);
            // The last replaced worker may still be on its way out, its child not yet swept.
            Wait.until(() -> servingWorkers(init).size() == 1, START, () -> "not one serving worker: " + Procs.descendants(init));
            List<Procs.Stat> serving = servingWorkers(init);
            Procs.signal(serving.getFirst().pid(), "KILL");
            awaitStarted(javicorn, started + 1);

            // The worker keeps a child and an orphaned grandchild; those of every worker gone were
            // killed with it, and reaped: nothing is a zombie.
            Wait.until(() -> named(init, "sleep").size() == 2 && Procs.descendants(init).stream().noneMatch(Procs.Stat::zombie),
                    Duration.ofSeconds(10), () -> "processes left: " + Procs.descendants(init));
            assertThat(javicorn.output()).contains("was killed by signal 9 (SIGKILL)");

            long stop = System.nanoTime();
            Procs.signal(init, "TERM");
            assertThat(javicorn.awaitExit(Duration.ofSeconds(GRACE + 5))).isZero();
            Duration took = Duration.ofNanos(System.nanoTime() - stop);

            assertThat(took).isLessThan(Duration.ofSeconds(GRACE));
            assertThat(javicorn.output()).contains("Stopping supervisor process [1]").doesNotContain("did not stop in time");
            assertThat(Procs.alive(init)).isFalse();
            assertThat(Procs.descendants(init)).isEmpty();
        }
    }

    private static List<Procs.Stat> named(long init, String name) {
        return Procs.descendants(init).stream().filter(p -> p.name().equals(name)).toList();
    }

    /** The workers that run the app: a spare has started no process yet. */
    private static List<Procs.Stat> servingWorkers(long init) {
        List<Procs.Stat> below = Procs.descendants(init);
        return below.stream().filter(p -> p.ppid() == init && p.name().equals("java"))
                .filter(w -> below.stream().anyMatch(c -> c.ppid() == w.pid() && c.name().equals("sleep"))).toList();
    }

    private static int startedCount(RunningJavicorn javicorn) {
        return count(javicorn, "Application startup complete.");
    }

    private static int count(RunningJavicorn javicorn, String line) {
        return javicorn.output().split(Pattern.quote(line), -1).length - 1;
    }

    private static void awaitStarted(RunningJavicorn javicorn, int count) {
        Wait.until(() -> startedCount(javicorn) >= count, START,
                () -> count + " workers not started; output:\n" + javicorn.output());
    }
}
