package dev.javicorn.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javicorn.App;
import dev.javicorn.Response;
import dev.javicorn.WebSocket;
import dev.javicorn.testing.Wait;
import dev.javicorn.testing.WsClient;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** WebSockets of a native app, with the JDK's client: messages, refusals, limits and the close frames of a stop. */
class WebSocketTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final App app = App.create()
            .before(req -> req.path().startsWith("/private") ? Response.of(401) : null)
            .ws("/echo/{name}", socket -> {
                for (WebSocket.Message message; (message = socket.receive()) != null; ) {
                    if (message.isText()) {
                        socket.send(socket.request().pathParam("name") + ": " + message.text());
                    } else {
                        socket.send(message.bytes());
                    }
                }
            })
            .ws("/private", socket -> socket.send("secret"))
            .ws("/hello", socket -> socket.send("hello, " + socket.request().query("who").orElse("?")));

    @Test
    void textAndBinaryMessagesAreEchoedAndTheHandlersReturnClosesNormally() throws Exception {
        try (JettyServer server = Http.serve(app); WsClient client = WsClient.open(server.port(), "/echo/ann")) {
            client.send("hi");
            assertThat(client.next(WAIT)).isEqualTo("ann: hi");
            client.send(new byte[70_000]);
            assertThat(client.next(WAIT)).isEqualTo("bytes:70000");
            assertThat(server.inFlight()).as("an open WebSocket is in flight").isEqualTo(1);

            client.closeOutput().join();
            assertThat(client.awaitClose(WAIT)).startsWith("close 1000");
            Wait.until(() -> server.inFlight() == 0, WAIT, () -> "still in flight: " + server.inFlight());
        }
        try (JettyServer server = Http.serve(app); WsClient client = WsClient.open(server.port(), "/hello?who=bob")) {
            assertThat(client.next(WAIT)).isEqualTo("hello, bob");
            assertThat(client.awaitClose(WAIT)).isEqualTo("close 1000 ");
        }
    }

    @Test
    void aWebSocketWorksBehindGzip() throws Exception {
        App gzipped = App.create().gzip(32).ws("/echo", socket -> socket.send("hi " + socket.receive().text()));
        try (JettyServer server = Http.serve(gzipped); WsClient client = WsClient.open(server.port(), "/echo")) {
            client.send("there");
            assertThat(client.next(WAIT)).isEqualTo("hi there");
            assertThat(client.awaitClose(WAIT)).startsWith("close 1000");
        }
    }

    @Test
    void aBeforeFilterRefusesTheUpgradeAndAPlainGetIsAnswered426() {
        try (JettyServer server = Http.serve(app)) {
            CompletionException refused = org.assertj.core.api.Assertions.catchThrowableOfType(CompletionException.class,
                    () -> WsClient.open(server.port(), "/private"));
            assertThat(refused).hasStackTraceContaining("Unexpected HTTP response status code 401");

            var plain = Http.get(server, "/hello");
            assertThat(plain.statusCode()).isEqualTo(426);
            assertThat(plain.headers().firstValue("upgrade")).hasValue("websocket");
            Wait.until(() -> server.inFlight() == 0, WAIT, () -> "still in flight: " + server.inFlight());
        }
    }

    @Test
    void aRestartClosesOpenWebSocketsWith1012AndTheDrainDoesNotWaitForTheGrace() throws Exception {
        try (JettyServer server = Http.serve(app); WsClient client = WsClient.open(server.port(), "/echo/a")) {
            client.send("x");
            assertThat(client.next(WAIT)).isEqualTo("a: x");

            long start = System.nanoTime();
            server.stopAccepting(true);
            assertThat(client.awaitClose(WAIT)).isEqualTo("close 1012 Service Restart");
            assertThat(server.awaitIdle(WAIT)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aStopClosesOpenWebSocketsWith1001() throws Exception {
        try (JettyServer server = Http.serve(app); WsClient client = WsClient.open(server.port(), "/echo/a")) {
            client.send("x");
            assertThat(client.next(WAIT)).isEqualTo("a: x");

            server.stopAccepting(false);
            assertThat(client.awaitClose(WAIT)).isEqualTo("close 1001 Going Away");
            assertThat(server.awaitIdle(WAIT)).isTrue();
        }
    }

    @Test
    void aClientThatAnswersPingsStaysAndOneThatDoesNotIsClosedWith1011() throws Exception {
        HttpOptions options = HttpOptions.defaults().withAccessLog(false)
                .withWebSockets(new WebSocketOptions(1024, Duration.ofMillis(100), Duration.ofMillis(300), true));
        try (JettyServer server = JettyServer.start(app, options, null);
                WsClient answering = WsClient.open(server.port(), "/echo/a");
                Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            silent.setSoTimeout((int) WAIT.toMillis());
            silent.getOutputStream().write(("GET /echo/b HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(silent.getInputStream());
            String headers = readHeaders(in);
            assertThat(headers).startsWith("HTTP/1.1 101");
            // Frames from the server, unmasked: opcode, length, payload. Pings (9) until the close (8).
            int pings = 0;
            while (true) {
                int opcode = in.readUnsignedByte() & 0x0f;
                byte[] payload = new byte[in.readUnsignedByte() & 0x7f];
                in.readFully(payload);
                if (opcode == 0x9) {
                    pings++;
                    continue;
                }
                assertThat(opcode).as("a close frame").isEqualTo(0x8);
                assertThat(((payload[0] & 0xff) << 8) | (payload[1] & 0xff)).isEqualTo(1011);
                assertThat(new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)).isEqualTo("keepalive ping timeout");
                break;
            }
            assertThat(pings).isEqualTo(1);

            answering.send("still here");
            assertThat(answering.next(WAIT)).as("the client that answers its pings stays").isEqualTo("a: still here");
        }
    }

    private static String readHeaders(DataInputStream in) throws java.io.IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            headers.append((char) in.readUnsignedByte());
        }
        return headers.toString();
    }

    @Test
    void aMessageAboveTheMaximumSizeClosesTheConnectionWith1009() throws Exception {
        HttpOptions options = HttpOptions.defaults().withAccessLog(false)
                .withWebSockets(new WebSocketOptions(1024, Duration.ofSeconds(20), Duration.ofSeconds(20), true));
        try (JettyServer server = JettyServer.start(app, options, null); WsClient client = WsClient.open(server.port(), "/echo/a")) {
            client.send("small");
            assertThat(client.next(WAIT)).isEqualTo("a: small");
            client.send("x".repeat(2048));
            assertThat(client.awaitClose(WAIT)).startsWith("close 1009");
        }
    }
}
