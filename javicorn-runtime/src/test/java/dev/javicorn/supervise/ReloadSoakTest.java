package dev.javicorn.supervise;

import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.Edits;
import dev.javicorn.testing.Http;
import dev.javicorn.testing.LoadClient;
import dev.javicorn.testing.Procs;
import dev.javicorn.testing.RunningJavicorn;
import dev.javicorn.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A hundred reloads of a native app under continuous requests: nothing fails, nothing grows. */
class ReloadSoakTest {
    private static final int RELOADS = 100;
    private static final int WARM_UP = 10;

    @TempDir
    Path tmp;

    @Test
    void hundredReloadsUnderLoadFailNoRequestAndLeakNothingInTheSupervisor() {
        Path app = AppDirs.copy("native", tmp, "Api.java");
        Path source = app.resolve("Api.java");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--reload", "--no-access-log", "Api:app")) {
            int port = javicorn.awaitReady(Duration.ofSeconds(60));
            long supervisor = javicorn.pid();
            long threads = 0, fds = 0, heap = 0;
            try (LoadClient client = LoadClient.paced(port, "/", 2)) {
                String body = "Hello World";
                for (int i = 1; i <= RELOADS; i++) {
                    String next = "reload-" + i;
                    Edits.replace(source, "\"" + body + "\"", "\"" + next + "\"");
                    body = next;
                    String expected = next;
                    Wait.until(() -> Http.get(port, "/").body().contains(expected), Duration.ofSeconds(30),
                            () -> "reload " + expected + " not served; output:\n" + tail(javicorn.output()));
                    int done = i;
                    Wait.until(() -> ReloadTest.count(javicorn.output(), "Reloaded in") >= done, Duration.ofSeconds(30),
                            () -> "reload " + done + " did not finish");
                    if (i == WARM_UP) {
                        awaitSteadyChildren(supervisor);
                        threads = Procs.threadCount(supervisor);
                        fds = Procs.fdCount(supervisor);
                        heap = Procs.heapUsedAfterGc(supervisor);
                    }
                }
                assertThat(client.failed()).as("failed requests: %s", client.failures()).isZero();
                assertThat(client.ok()).isGreaterThan(RELOADS);
            }
            awaitSteadyChildren(supervisor);
            System.out.printf("reload soak: %d reloads under load; supervisor threads %d -> %d, fds %d -> %d, heap after GC %d KiB -> %d KiB%n",
                    RELOADS, threads, Procs.threadCount(supervisor), fds, Procs.fdCount(supervisor), heap, Procs.heapUsedAfterGc(supervisor));
            // Each live worker process costs the supervisor a reader and a reaper thread and one
            // socket; both counts are taken with the same processes alive (the serving worker and
            // the two spares), and a thread may be on its way out. A leak would grow with the 90
            // reloads in between.
            assertThat(Procs.threadCount(supervisor)).isLessThanOrEqualTo(threads + 4);
            assertThat(Procs.fdCount(supervisor)).isLessThanOrEqualTo(fds + 2);
            assertThat(Procs.heapUsedAfterGc(supervisor)).isLessThanOrEqualTo(heap + heap / 5 + 2048);
            assertThat(javicorn.workerPids()).hasSize(RELOADS + 1);
            for (long worker : javicorn.workerPids().subList(0, RELOADS)) {
                assertThat(Procs.alive(worker)).isFalse();
            }
        }
    }

    /** Waits until the supervisor's children are the serving worker and its two spares: no worker draining, no spare missing. */
    private static void awaitSteadyChildren(long supervisor) {
        Wait.until(() -> Procs.children(supervisor).size() == 3, Duration.ofSeconds(30),
                () -> "supervisor children: " + Procs.children(supervisor));
    }

    private static String tail(String output) {
        return output.length() > 4000 ? output.substring(output.length() - 4000) : output;
    }
}
