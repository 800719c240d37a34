package dev.javicorn.systemd;

import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.DatagramReceiver;
import dev.javicorn.testing.Http;
import dev.javicorn.testing.RunningJavicorn;
import dev.javicorn.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * javicorn started the way a socket-activated {@code Type=notify} unit starts it: a launcher binds
 * the listening socket, passes it as fd 3 with {@code LISTEN_FDS=1} and {@code LISTEN_PID}, and
 * execs javicorn with {@code NOTIFY_SOCKET} naming a datagram socket the test reads, and a watchdog.
 */
class SystemdTest {
    private static final Duration START = Duration.ofSeconds(60);
    /** systemd's socket activation, in a few lines: bind 127.0.0.1:0, put it on fd 3, exec the rest. */
    private static final String LAUNCHER = """
            import os, socket, sys
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", 0))
            s.listen(128)
            print("launcher bound port", s.getsockname()[1], flush=True)
            if s.fileno() != 3:
                os.dup2(s.fileno(), 3)
            os.set_inheritable(3, True)
            os.environ["LISTEN_FDS"] = "1"
            os.environ["LISTEN_PID"] = str(os.getpid())
            os.execv(sys.argv[1], sys.argv[1:])
            """;

    @TempDir
    Path tmp;

    @Test
    void notifiesReadyReloadingAndStoppingInOrderPingsTheWatchdogAndServesTheActivatedSocket() throws Exception {
        assumeTrue(python(), "no python3 to pass a socket the way systemd does");
        Path app = AppDirs.copy("workers", tmp, "Api.java");
        try (DatagramReceiver systemd = DatagramReceiver.bind("@javicorn-systemd-test-" + ProcessHandle.current().pid());
             RunningJavicorn javicorn = RunningJavicorn.startWrapped(List.of("python3", "-c", LAUNCHER), app,
                     Map.of("NOTIFY_SOCKET", systemd.address(), "WATCHDOG_USEC", "400000"),
                     "--timeout-graceful-shutdown", "2", "Api:app")) {
            int port = javicorn.awaitReady(START);
            assertThat(javicorn.output()).contains("launcher bound port " + port)
                    .contains("running on http://127.0.0.1:" + port + " (file descriptor 3)");
            assertThat(Http.get(port, "/").body()).contains("Hello World");
            Wait.until(() -> phases(systemd).contains("READY=1"), START, () -> "no READY=1: " + systemd.messages());
            assertThat(systemd.messages()).anyMatch(m -> m.contains("STATUS=Serving; 1 of 1 worker serving"));

            // The watchdog is pinged at half its 400 ms interval, while nothing else happens.
            int pings = watchdogs(systemd);
            Wait.until(() -> watchdogs(systemd) >= pings + 4, Duration.ofSeconds(3), () -> "watchdog not pinged: " + systemd.messages());
            // Nothing of systemd's reaches the app.
            long worker = javicorn.workerPids().getFirst();
            assertThat(Files.readString(Path.of("/proc", Long.toString(worker), "environ")))
                    .doesNotContain("NOTIFY_SOCKET").doesNotContain("LISTEN_FDS").doesNotContain("WATCHDOG_USEC");

            long hup = System.nanoTime() / 1000;
            javicorn.signal("HUP", false);
            Wait.until(() -> phases(systemd).size() >= 3, START, () -> "no reload notified: " + systemd.messages());
            String reloading = systemd.messages().stream().filter(m -> m.contains("RELOADING=1")).findFirst().orElseThrow();
            long monotonic = Long.parseLong(reloading.replaceAll("(?s).*MONOTONIC_USEC=(\\d+).*", "$1"));
            assertThat(monotonic).isBetween(hup, System.nanoTime() / 1000);
            assertThat(Http.get(port, "/").body()).contains("Hello World");

            javicorn.signal("TERM", false);
            assertThat(javicorn.awaitExit(Duration.ofSeconds(10))).isZero();
            assertThat(phases(systemd)).containsExactly("READY=1", "RELOADING=1", "READY=1", "STOPPING=1");
            assertThat(systemd.messages()).filteredOn(m -> m.contains("STOPPING=1")).singleElement().asString()
                    .contains("STATUS=Stopping");
        }
    }

    /** READY=1, RELOADING=1 and STOPPING=1 in the order they came. */
    private static List<String> phases(DatagramReceiver systemd) {
        return systemd.messages().stream().flatMap(String::lines)
                .filter(line -> List.of("READY=1", "RELOADING=1", "STOPPING=1").contains(line)).toList();
    }

    private static int watchdogs(DatagramReceiver systemd) {
        return (int) systemd.messages().stream().filter(m -> m.contains("WATCHDOG=1")).count();
    }

    private static boolean python() {
        try {
            return new ProcessBuilder("python3", "-c", "pass").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
