package dev.javicorn.cli;

import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.RunningJavicorn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every mistake a user can make gets one clear line and an exit status, never a stack trace. */
class BadInputTest {
    @TempDir
    Path tmp;

    @Test
    void unknownOptionIsAUsageErrorWithStatus2() {
        RunningJavicorn run = RunningJavicorn.run(tmp, "--no-such-option", "Main");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("Error: Unknown option: '--no-such-option'").contains("javicorn --help");
        assertCleanFailure(run);
    }

    @Test
    void badOptionValueIsAUsageErrorWithStatus2() {
        RunningJavicorn run = RunningJavicorn.run(tmp, "--port", "eighty", "Main");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("Error:").contains("eighty");
        assertCleanFailure(run);
    }

    @Test
    void outOfRangeTimeoutsAndPortsAreUsageErrors() {
        RunningJavicorn startup = RunningJavicorn.run(tmp, "--timeout-startup", "0", "Main");
        assertThat(startup.exitCode()).isEqualTo(2);
        assertThat(startup.output()).contains("--timeout-startup must be positive");
        assertCleanFailure(startup);

        RunningJavicorn adopt = RunningJavicorn.run(tmp, "--adopt-port", "70000", "Main");
        assertThat(adopt.exitCode()).isEqualTo(2);
        assertThat(adopt.output()).contains("--adopt-port must be between 1 and 65535, got 70000");
        assertCleanFailure(adopt);
    }

    @Test
    void aBadLogConfigOrWebSocketOptionIsAUsageErrorInOneLine() throws IOException {
        RunningJavicorn missing = RunningJavicorn.run(tmp, "--log-config", "no-such.json", "Main");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.output()).contains("Error: --log-config: no such file: no-such.json");
        assertCleanFailure(missing);

        Files.writeString(tmp.resolve("log.json"), "{\"level\": \"loud\"}");
        RunningJavicorn level = RunningJavicorn.run(tmp, "--log-config", "log.json", "Main");
        assertThat(level.exitCode()).isEqualTo(2);
        assertThat(level.output()).contains("\"level\" must be one of critical, error, warning, info, debug, trace, got \"loud\"");
        assertCleanFailure(level);

        RunningJavicorn format = RunningJavicorn.run(tmp, "--log-format", "xml", "Main");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.output()).contains("Error: --log-format must be text or json, got 'xml'");

        RunningJavicorn ping = RunningJavicorn.run(tmp, "--ws-ping-timeout", "0", "Main");
        assertThat(ping.exitCode()).isEqualTo(2);
        assertThat(ping.output()).contains("Error: --ws-ping-timeout must be positive");
        assertCleanFailure(ping);
    }

    @Test
    void aDescriptorThatIsNoListeningSocketSaysSo() {
        Path app = AppDirs.copy("hello-main", tmp, "Main.java");
        // Far above the descriptors a JVM opens for itself (each jar on its classpath takes one).
        RunningJavicorn run = RunningJavicorn.run(app, "--fd", "1000", "Main");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("file descriptor 1000 is not a listening socket (--fd, LISTEN_FDS): Bad file descriptor");
        assertCleanFailure(run);
    }

    @Test
    void anAdminPortInUseSaysSo() throws IOException {
        Path app = AppDirs.copy("hello-main", tmp, "Main.java");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            RunningJavicorn run = RunningJavicorn.run(app, "--port", "0", "--admin-port", Integer.toString(taken.getLocalPort()), "Main");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.output()).contains("cannot bind the admin endpoint to 127.0.0.1:" + taken.getLocalPort()
                    + ": address already in use (--admin-port, --admin-host)");
            assertCleanFailure(run);
        }
    }

    @Test
    void outOfRangeRequestLimitsAreUsageErrors() {
        RunningJavicorn body = RunningJavicorn.run(tmp, "--limit-request-body", "-5", "Main");
        assertThat(body.exitCode()).isEqualTo(2);
        assertThat(body.output()).contains("--limit-request-body must be 0 (no limit) or more bytes, got -5");
        assertCleanFailure(body);

        RunningJavicorn headers = RunningJavicorn.run(tmp, "--h11-max-incomplete-event-size", "10", "Main");
        assertThat(headers.exitCode()).isEqualTo(2);
        assertThat(headers.output()).contains("--limit-request-headers must be at least 1024 bytes, got 10");
        assertCleanFailure(headers);
    }

    @Test
    void missingAppDirSaysSo() {
        RunningJavicorn run = RunningJavicorn.run(tmp, "--app-dir", "nowhere", "Main");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("App dir not found: nowhere");
        assertCleanFailure(run);
    }

    @Test
    void unknownClassSaysSo() {
        Path app = AppDirs.copy("hello-main", tmp, "Main.java");
        RunningJavicorn run = RunningJavicorn.run(app, "Missing");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("Could not find class \"Missing\"");
        assertCleanFailure(run);
    }

    @Test
    void classWithoutMainSaysSo() {
        Path app = AppDirs.copy("no-main", tmp, "Tool.java");
        RunningJavicorn run = RunningJavicorn.run(app, "Tool");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("Class \"Tool\" has no static main(String[]) method");
        assertCleanFailure(run);
    }

    @Test
    void missingMemberSaysSo() {
        Path app = AppDirs.copy("no-main", tmp, "Tool.java");
        RunningJavicorn run = RunningJavicorn.run(app, "Tool:app");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("Attribute \"app\" not found in class \"Tool\"");
        assertCleanFailure(run);
    }

    @Test
    void memberThatIsNotAnAppSaysSo() {
        Path app = AppDirs.copy("no-main", tmp, "Tool.java");
        RunningJavicorn run = RunningJavicorn.run(app, "Tool:answer");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("Attribute \"answer\" not found in class \"Tool\"").contains("dev.javicorn.App");
        assertCleanFailure(run);
    }

    @Test
    void compileErrorIsShownLikeJavacWithFileAndLine() throws IOException {
        Path app = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(app.resolve("Main.java"), "public class Main {\n    int x = ;\n}\n");
        RunningJavicorn run = RunningJavicorn.run(app, "Main");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("Main.java:2: error: illegal start of expression").contains("1 error");
        assertCleanFailure(run);
    }

    /** No stack trace, and no second "running on" line just before javicorn stops. */
    private static void assertCleanFailure(RunningJavicorn run) {
        assertThat(run.output()).doesNotContain("\tat ").doesNotContain("Exception in thread");
        assertThat(run.output().split("Javicorn running on", -1).length - 1).as("announcements in:%n%s", run.output())
                .isLessThanOrEqualTo(1);
    }
}
