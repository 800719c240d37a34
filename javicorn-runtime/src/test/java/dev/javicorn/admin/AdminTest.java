package dev.javicorn.admin;

import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.Http;
import dev.javicorn.testing.Procs;
import dev.javicorn.testing.RunningJavicorn;
import dev.javicorn.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin endpoint of a real javicorn with two workers: the metrics of a crash and of a rolling
 * restart, and readiness that turns at the first moment of a stop, while a worker still drains.
 */
class AdminTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Pattern ADMIN = Pattern.compile("Admin endpoint on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path tmp;

    @Test
    void metricsShowACrashWithItsSignalAndARestartWithItsReasonAndReadyzFailsAsSoonAsAStopBegins() {
        Path app = AppDirs.copy("workers", tmp, "Api.java");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--workers", "2", "--admin-port", "0",
                "--timeout-graceful-shutdown", "3", "Api:app")) {
            int port = javicorn.awaitReady(START);
            Matcher admin = ADMIN.matcher(javicorn.awaitLog("Admin endpoint on", START).output());
            assertThat(admin.find()).isTrue();
            int adminPort = Integer.parseInt(admin.group(1));
            Wait.until(() -> metrics(adminPort).contains("javicorn_workers_serving 2"), START, () -> metrics(adminPort));
            assertThat(get(adminPort, "/readyz")).isEqualTo("200 2 of 2 workers serving\n");
            assertThat(get(adminPort, "/livez")).isEqualTo("200 ok\n");
            assertThat(get(adminPort, "/nothing")).startsWith("404");

            long victim = Long.parseLong(Http.get(port, "/pid").body());
            Procs.signal(victim, "KILL");
            Wait.until(() -> metrics(adminPort).contains("javicorn_worker_crashes_total{cause=\"SIGKILL\"} 1"), START,
                    () -> metrics(adminPort));
            Wait.until(() -> metrics(adminPort).contains("javicorn_workers_serving 2"), START, () -> metrics(adminPort));

            javicorn.signal("HUP", false);
            Wait.until(() -> metrics(adminPort).contains("javicorn_rolling_restart_seconds_count 1"), START,
                    () -> metrics(adminPort));
            String metrics = metrics(adminPort);
            assertThat(metrics).contains("javicorn_worker_exits_total{reason=\"restart\"} 2")
                    .contains("javicorn_phase{phase=\"ready\"} 1").contains("javicorn_worker_failed_starts_total 0")
                    .containsPattern("javicorn_worker_requests_served\\{pid=\"\\d+\"} \\d+");

            // A request that never ends holds its worker in its drain until the grace is over.
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    Http.get(port, "/spin");
                } catch (AssertionError expected) {
                    // the worker is killed at the end of the grace
                }
            });
            Wait.until(() -> metrics(adminPort).contains("javicorn_workers{state=\"ready\"} 2")
                    && metrics(adminPort).matches("(?s).*javicorn_worker_requests_in_flight\\{pid=\"\\d+\"} 1\n.*"),
                    START, () -> metrics(adminPort));
            List<Long> workers = Procs.children(javicorn.pid()).stream().toList();
            javicorn.signal("TERM", false);
            Wait.until(() -> get(adminPort, "/readyz").equals("503 stopping\n"), Duration.ofSeconds(2),
                    () -> "still ready after TERM: " + get(adminPort, "/readyz"));
            assertThat(workers).anyMatch(Procs::alive);
            assertThat(get(adminPort, "/livez")).isEqualTo("200 ok\n");
            assertThat(metrics(adminPort)).contains("javicorn_phase{phase=\"stopping\"} 1");
            assertThat(javicorn.awaitExit(Duration.ofSeconds(10))).isZero();
        }
    }

    private static String metrics(int adminPort) {
        return get(adminPort, "/metrics");
    }

    /** "STATUS BODY" of a GET on the admin endpoint. */
    private static String get(int adminPort, String path) {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(Http.uri(adminPort, path))
                .timeout(Duration.ofSeconds(5)).GET().build());
        return response.statusCode() + " " + response.body();
    }
}
