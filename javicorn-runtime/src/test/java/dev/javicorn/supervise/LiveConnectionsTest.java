package dev.javicorn.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.Edits;
import dev.javicorn.testing.Http;
import dev.javicorn.testing.RunningJavicorn;
import dev.javicorn.testing.Wait;
import dev.javicorn.testing.WsClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An open event stream and an open WebSocket never hold up a reload or a stop (with real
 * processes and real clients): on a reload the WebSocket is closed with 1012 and the stream ends
 * cleanly, both reconnect to the new worker; on a stop, 1001 and a clean end, within the grace.
 */
class LiveConnectionsTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void aReloadAndAStopCloseOpenStreamsAndWebSocketsCleanlyAndAreNotHeldUp() throws Exception {
        Path app = AppDirs.copy("live", tmp, "Live.java");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--reload", "Live:app")) {
            int port = javicorn.awaitReady(START);
            WsClient socket = WsClient.open(port, "/echo");
            assertThat(socket.next(WAIT)).isEqualTo("hello from v1");
            CompletableFuture<List<String>> stream = events(port);

            long edited = System.nanoTime();
            Edits.replace(app.resolve("Live.java"), "\"v1\"", "\"v2\"");
            assertThat(socket.awaitClose(WAIT)).isEqualTo("close 1012 Service Restart");
            List<String> first = stream.get(WAIT.toSeconds(), TimeUnit.SECONDS); // a reset would throw here
            assertThat(first).isNotEmpty().allMatch(line -> line.equals("data: v1") || line.isEmpty());
            javicorn.awaitLog("Reloaded in", WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - edited)).as("the reload is not held up by the connections")
                    .isLessThan(Duration.ofSeconds(15));

            WsClient again = WsClient.open(port, "/echo");
            assertThat(again.next(WAIT)).isEqualTo("hello from v2");
            again.send("ping");
            assertThat(again.next(WAIT)).isEqualTo("v2: ping");
            CompletableFuture<List<String>> second = events(port);
            Wait.until(() -> Http.get(port, "/").body().equals("v2"), WAIT, javicorn::output);

            long stopping = System.nanoTime();
            javicorn.signal("TERM", false);
            assertThat(again.awaitClose(WAIT)).isEqualTo("close 1001 Going Away");
            assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS)).contains("data: v2");
            assertThat(javicorn.awaitExit(WAIT)).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).as("well within the 3 s grace of --reload")
                    .isLessThan(Duration.ofSeconds(3));
        }
    }

    /** Reads /events to its end, once its first event has come; the future fails if the stream breaks off. */
    private static CompletableFuture<List<String>> events(int port) throws Exception {
        HttpResponse<java.io.InputStream> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        lines.add(reader.readLine());
        return CompletableFuture.supplyAsync(() -> {
            try (reader) {
                for (String line; (line = reader.readLine()) != null; ) {
                    lines.add(line);
                }
                return lines;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
