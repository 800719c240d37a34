package dev.javicorn.supervise;

import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.Http;
import dev.javicorn.testing.RunningJavicorn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Both app kinds served by a real supervisor and worker, with lifespan and a graceful stop. */
class ServeTest {
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void nativeAppIsServedWithLifespanHooksInOrder() {
        Path app = AppDirs.copy("native", tmp, "Api.java");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "Api:app")) {
            int port = javicorn.awaitReady(START);

            assertThat(Http.get(port, "/").body()).isEqualTo("{\"message\":\"Hello World\"}");
            assertThat(Http.get(port, "/items/7?q=x").body()).contains("\"id\":\"7\"").contains("\"q\":\"x\"");

            javicorn.signal("TERM", false);
            assertThat(javicorn.awaitExit(Duration.ofSeconds(15))).isZero();
            assertThat(javicorn.output()).containsSubsequence(
                    "running on http://127.0.0.1:" + port, "Started supervisor process",
                    "Started server process", "Waiting for application startup.",
                    "hook: startup 1", "hook: startup 2", "Application startup complete.",
                    "Shutting down", "Waiting for application shutdown.",
                    "hook: shutdown added second", "hook: shutdown added first",
                    "Application shutdown complete.", "Finished server process", "Stopping supervisor process");
        }
    }

    /** A worker once got -Xshare:auto beside the user's own archive option, and the JVM refused the pair. */
    @Test
    void aUsersOwnStartupCacheOptionIsTheWorkersOnly() {
        Path app = AppDirs.copy("native", tmp, "Api.java");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--jvm-arg=-XX:AOTMode=off", "Api:app")) {
            int port = javicorn.awaitReady(START);
            assertThat(Http.get(port, "/").body()).isEqualTo("{\"message\":\"Hello World\"}");
        }
    }

    @Test
    void programArgumentsReachMainAndDevToolsRestartIsTurnedOff() {
        Path app = AppDirs.copy("args", tmp, "Main.java", "org/springframework/boot/devtools/restart/Restarter.java");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "Main", "--", "server", "config.yml")) {
            int port = javicorn.awaitReady(START);
            assertThat(Http.get(port, "/").body()).isEqualTo("args=[server, config.yml] restart=false");
            assertThat(javicorn.output()).contains("Spring Boot DevTools is on the classpath: its restart is turned off");
        }
    }

    @Test
    void mainClassAppIsToldItsPortAndServed() {
        Path app = AppDirs.copy("hello-main", tmp, "Main.java");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "Main")) {
            int port = javicorn.awaitReady(START);

            assertThat(Http.get(port, "/").body()).isEqualTo("hello from main, port " + port);

            javicorn.signal("INT", true);
            assertThat(javicorn.awaitExit(Duration.ofSeconds(15))).isZero();
        }
    }

    @Test
    void slowInFlightRequestCompletesDuringAGracefulStop() {
        Path app = AppDirs.copy("native", tmp, "Api.java");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--timeout-graceful-shutdown", "10", "Api:app")) {
            int port = javicorn.awaitReady(START);
            CompletableFuture<HttpResponse<String>> slow = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(Http.uri(port, "/slow")).build(), HttpResponse.BodyHandlers.ofString());
            javicorn.awaitLog("slow: started", Duration.ofSeconds(10));

            javicorn.signal("TERM", false);

            HttpResponse<String> response = slow.join();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("slow done");
            assertThat(javicorn.awaitExit(Duration.ofSeconds(15))).isZero();
            assertThat(javicorn.output()).doesNotContain("did not stop in time");
        }
    }

    @Test
    void failingStartupHookExits3WithTheAppsOwnStackTrace() {
        Path app = AppDirs.copy("native", tmp, "Api.java");
        RunningJavicorn run = RunningJavicorn.run(app, "--port", "0", "Api:failing");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.output())
                .contains("Application startup failed")
                .contains("java.lang.IllegalStateException: database unreachable")
                .contains("at Api.lambda$failing$");
    }

    @Test
    void portInUseSaysSoInOneLine() throws Exception {
        Path app = AppDirs.copy("native", tmp, "Api.java");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            RunningJavicorn run = RunningJavicorn.run(app, "--port", Integer.toString(taken.getLocalPort()), "Api:app");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.output()).contains("error while attempting to bind on address 127.0.0.1:"
                    + taken.getLocalPort() + ": address already in use").doesNotContain("\tat ");
        }
    }

    @Test
    void addressNotOnThisMachineSaysSoInOneLine() {
        Path app = AppDirs.copy("native", tmp, "Api.java");
        RunningJavicorn run = RunningJavicorn.run(app, "--host", "192.0.2.1", "--port", "0", "Api:app");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("cannot assign requested address").doesNotContain("\tat ");
    }
}
