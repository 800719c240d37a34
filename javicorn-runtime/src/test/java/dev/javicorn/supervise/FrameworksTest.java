package dev.javicorn.supervise;

import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.LoadClient;
import dev.javicorn.testing.RunningJavicorn;
import dev.javicorn.testing.Wait;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real frameworks from Maven Central, unmodified, each binding its own port 8080: Vert.x (Netty,
 * an event loop) and Helidon 4 SE (virtual threads, a blocking accept). With {@code --workers 2}
 * both workers serve on javicorn's socket, and a rolling restart under load fails no request.
 */
class FrameworksTest {
    /** A first Maven resolution downloads the framework (tens of files), then two JVMs start. */
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration RESTART = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"vertx", "helidon"})
    void twoWorkersShareTheSocketAndARollingRestartUnderLoadFailsNoRequest(String framework) {
        Path app = AppDirs.copy(framework, tmp, "pom.xml", "src/main/java/com/example/Main.java");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--workers", "2", "com.example.Main")) {
            javicorn.awaitLog("Application bound ", START);
            int port = javicorn.port(Duration.ZERO);
            Wait.until(() -> ReloadTest.count(javicorn.output(), "it serves on javicorn's socket") >= 2, START, javicorn::output);
            try (LoadClient load = LoadClient.paced(port, "/", 5)) {
                // A new connection per request: each may go to either worker (the body names its pid).
                Set<String> answered = new HashSet<>();
                Wait.until(() -> {
                    if (!load.lastBody().isEmpty()) {
                        answered.add(load.lastBody());
                    }
                    return answered.size() == 2;
                }, START,
                        () -> "not both workers answer: " + answered + "\n" + javicorn.output());
                javicorn.signal("HUP", false);
                Wait.until(() -> ReloadTest.count(javicorn.output(), "Finished server process") >= 2, RESTART, javicorn::output);
                assertThat(load.failed()).as("failed requests during the restart: %s", load.failures()).isZero();
                assertThat(load.ok()).isPositive();
            }
            javicorn.signal("TERM", false);
            assertThat(javicorn.awaitExit(RESTART)).isZero();
        }
    }
}
