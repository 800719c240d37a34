package dev.javicorn.supervise;

import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.Edits;
import dev.javicorn.testing.LoadClient;
import dev.javicorn.testing.Procs;
import dev.javicorn.testing.RunningJavicorn;
import dev.javicorn.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Socket adoption with real processes: an app hard-wired to 0.0.0.0:8080 (apps/fixed-port) serves
 * on javicorn's port, one or several workers at a time, through restarts and reloads without a
 * failed request; with {@code --no-adopt} it binds 8080 itself. apps/acceptors does the same with
 * each way the JDK accepts connections.
 */
class AdoptionTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final String SERVING = "Application is serving";
    private static final Pattern PID = Pattern.compile("pid (\\d+)");

    @TempDir
    Path tmp;

    @Test
    void anAppBoundToAFixedPortServesOnJavicornsPort() throws IOException {
        try (RunningJavicorn javicorn = start("--port", "0", "Main")) {
            int port = javicorn.awaitReady(START);
            assertThat(get(port)).startsWith("version 1, pid " + javicorn.workerPids().getFirst());
            assertThat(javicorn.output())
                    .contains("Application bound 0.0.0.0:8080; it serves on javicorn's socket http://127.0.0.1:" + port);
        }
    }

    /** The JDK's ways to accept: a blocking accept, on a platform or a virtual thread; an asynchronous channel; a selector. */
    @ParameterizedTest
    @ValueSource(strings = {"blocking", "virtual", "async", "selector", "several"})
    void everyKindOfAcceptorServesOnJavicornsPort(String kind) {
        List<String> args = kind.equals("several") ? List.of("--adopt-port", "8080") : List.of();
        Path app = AppDirs.copy("acceptors", tmp, "Main.java");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, Stream.concat(
                Stream.of("--port", "0", "--no-access-log"), Stream.concat(args.stream(), Stream.of("Main", "--", kind)))
                .toArray(String[]::new))) {
            int port = javicorn.awaitReady(START);
            assertThat(get(port)).isEqualTo(kind);
            if (kind.equals("several")) {
                assertThat(javicorn.output()).contains("Application bound 0.0.0.0:0 itself: javicorn adopts only port 8080.");
            }
        }
    }

    @Test
    void twoWorkersShareTheSocketAndTwoRestartsUnderLoadFailNoRequest() {
        try (RunningJavicorn javicorn = start("--port", "0", "--workers", "2", "--no-access-log", "Main")) {
            int port = javicorn.awaitReady(START);
            Wait.until(() -> count(javicorn, SERVING) >= 2, START, () -> "two workers not ready:\n" + javicorn.output());
            Set<Long> answered = new HashSet<>();
            Wait.until(() -> answered.add(pid(get(port))) && answered.size() >= 2, START,
                    () -> "only " + answered + " answered:\n" + javicorn.output());
            assertThat(answered).isSubsetOf(javicorn.workerPids());
            try (LoadClient load = LoadClient.start(port, "/", Long.MAX_VALUE)) {
                for (int hup = 1; hup <= 2; hup++) {
                    long ready = 2 + 2L * hup;
                    List<Long> before = javicorn.workerPids().stream().filter(Procs::alive).toList();
                    javicorn.signal("HUP", false);
                    Wait.until(() -> before.stream().noneMatch(Procs::alive) && count(javicorn, SERVING) >= ready,
                            START, () -> "restart did not replace " + before + ":\n" + javicorn.output());
                }
                long served = load.ok();
                Wait.until(() -> load.ok() > served + 50, START, () -> "no load served after the restarts");
                load.close();
                assertThat(load.failed()).as("failures %s", load.failures()).isZero();
            }
        }
    }

    @Test
    void threeReloadsUnderLoadFailNoRequest() {
        Path app = AppDirs.copy("fixed-port", tmp, "Main.java");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--reload", "--no-access-log", "Main");
             LoadClient load = LoadClient.start(javicorn.awaitReady(START), "/", Long.MAX_VALUE)) {
            for (int version = 2; version <= 4; version++) {
                Edits.replace(app.resolve("Main.java"), "version " + (version - 1), "version " + version);
                String expected = "version " + version;
                Wait.until(() -> load.lastBody().startsWith(expected), START,
                        () -> expected + " not served:\n" + javicorn.output());
            }
            load.close();
            assertThat(load.failed()).as("failures %s", load.failures()).isZero();
            assertThat(load.ok()).isPositive();
        }
    }

    @Test
    void withNoAdoptTheAppBindsItsOwnPort() throws IOException {
        assumeTrue(free(8080), "port 8080 is taken on this machine");
        try (RunningJavicorn javicorn = start("--port", "8080", "--no-adopt", "Main")) {
            javicorn.awaitLog("Application is listening on 127.0.0.1:8080", START);
            assertThat(get(8080)).startsWith("version 1, pid " + javicorn.workerPids().getFirst());
            assertThat(javicorn.output()).doesNotContain("Application bound");
        }
    }

    // --- helpers

    private RunningJavicorn start(String... args) {
        return RunningJavicorn.start(AppDirs.copy("fixed-port", tmp, "Main.java"), args);
    }

    /** One request on a connection of its own, so that any worker may take it. */
    private static String get(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long pid(String body) {
        Matcher m = PID.matcher(body);
        assertThat(m.find()).as("a pid in '%s'", body).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long count(RunningJavicorn javicorn, String text) {
        return javicorn.output().lines().filter(l -> l.contains(text)).count();
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("0.0.0.0", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
