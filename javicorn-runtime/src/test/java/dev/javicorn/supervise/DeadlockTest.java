package dev.javicorn.supervise;

import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.Http;
import dev.javicorn.testing.RunningJavicorn;
import dev.javicorn.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A worker whose threads deadlock is found at a health check, reported with their stacks, and replaced ready-first. */
class DeadlockTest {
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void aDeadlockIsLoggedWithItsStacksAndTheWorkerReplacedWithinTheHealthTimeout() {
        Path app = AppDirs.copy("deadlock", tmp, "Api.java");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--timeout-worker-healthcheck", "3",
                "--timeout-graceful-shutdown", "2", "Api:app")) {
            int port = javicorn.awaitReady(START);
            String first = Http.get(port, "/pid").body();

            long asked = System.nanoTime();
            assertThat(Http.get(port, "/deadlock").statusCode()).isEqualTo(200);
            javicorn.awaitLog("has deadlocked threads; replacing it.", Duration.ofSeconds(3));
            assertThat(javicorn.output()).contains("\"deadlock-a\" BLOCKED on java.lang.Object@")
                    .contains("held by \"deadlock-b\"").contains("Api.lock(Api.java:31)");

            Wait.until(() -> !Http.get(port, "/pid").body().equals(first), START, javicorn::output);
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("replaced within the health timeout and a start")
                    .isLessThan(Duration.ofSeconds(15));
            javicorn.awaitLog("Finished server process [" + first + "]", Duration.ofSeconds(10));
        }
    }
}
