package dev.javicorn.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.javicorn.App;
import dev.javicorn.testing.Curl;
import dev.javicorn.testing.TestCerts;
import dev.javicorn.testing.Wait;
import dev.javicorn.tls.KeyMaterial;
import dev.javicorn.tls.TlsOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 and TLS inside one JVM, with the JDK's client: streams count as requests for the
 * concurrency limit and the drain, HTTP/2 clients are told to go away on a drain, and a TLS connection is
 * one arrival whatever Jetty layers on it.
 */
class Http2Test {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    static KeyMaterial tls;

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final App app = App.create()
            .get("/", req -> "hello")
            .get("/slow", req -> {
                entered.countDown();
                release.await();
                return "slow done";
            });

    @BeforeAll
    static void certificates() {
        TestCerts certs = TestCerts.shared(0);
        tls = KeyMaterial.load(new TlsOptions(certs.keyfile(), certs.certfile(), null, null, null, 0, List.of()));
    }

    @AfterEach
    void releaseHandlers() {
        release.countDown();
    }

    private static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder().version(version).sslContext(TestCerts.trustingEveryone()).connectTimeout(TIMEOUT).build();
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static CompletableFuture<HttpResponse<String>> getAsync(HttpClient client, String url) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void streamsOfOneConnectionCountAgainstTheConcurrencyLimit() throws Exception {
        HttpOptions options = HttpOptions.defaults().withAccessLog(false).withLimitConcurrency(1);
        try (JettyServer server = JettyServer.start(app, options, tls, null); HttpClient client = client(HttpClient.Version.HTTP_2)) {
            String base = "https://127.0.0.1:" + server.port();
            assertThat(get(client, base + "/").version()).as("h2 through ALPN").isEqualTo(HttpClient.Version.HTTP_2);
            // The client may see the response a moment before the handler's slot is given back.
            Wait.until(() -> server.inFlight() == 0, TIMEOUT, () -> "first request still in flight");
            CompletableFuture<HttpResponse<String>> slow = getAsync(client, base + "/slow");
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            HttpResponse<String> rejected = get(client, base + "/");
            assertThat(rejected.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(rejected.statusCode()).isEqualTo(503);
            assertThat(server.http2Connections()).as("both streams on one connection").isEqualTo(1);
            assertThat(server.sockets()).as("an h2 connection over TLS is still one socket").isEqualTo(1);
            release.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo("slow done");
        }
    }

    @Test
    void theBodyLimitAnswers413OverHttp2() throws Exception {
        App echo = App.create().get("/", req -> "hello").post("/", req -> req.body().length);
        HttpOptions options = HttpOptions.defaults().withAccessLog(false).withRequestLimits(1_000, HttpOptions.DEFAULT_LIMIT_REQUEST_HEADERS);
        try (JettyServer server = JettyServer.start(echo, options, tls, null); HttpClient client = client(HttpClient.Version.HTTP_2)) {
            URI uri = URI.create("https://127.0.0.1:" + server.port() + "/");
            HttpResponse<String> tooLarge = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(5_000))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(tooLarge.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(tooLarge.statusCode()).isEqualTo(413);
        }
    }

    @Test
    void aDrainServesTheStreamsInFlightAndTellsHttp2ClientsToGoAway() throws Exception {
        try (JettyServer server = JettyServer.start(app, HttpOptions.defaults().withAccessLog(false), tls, null);
             HttpClient client = client(HttpClient.Version.HTTP_2)) {
            String base = "https://127.0.0.1:" + server.port();
            assertThat(get(client, base + "/").version()).as("h2 through ALPN").isEqualTo(HttpClient.Version.HTTP_2);
            CompletableFuture<HttpResponse<String>> slow = getAsync(client, base + "/slow");
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

            server.stopAccepting();
            assertThat(server.awaitIdle(Duration.ofMillis(200))).as("a stream is still in flight").isFalse();
            release.countDown();
            HttpResponse<String> answered = slow.get(10, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(answered.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(server.awaitIdle(TIMEOUT)).isTrue();
            // Without a GOAWAY the client would send this on its open connection, which the draining
            // server still serves; after one it opens a new connection, refused as nothing listens.
            assertThatThrownBy(() -> get(client, base + "/")).isInstanceOf(java.net.ConnectException.class);
        }
    }

    /**
     * A worker exits as soon as its drain is over, so the drain is over only once each HTTP/2
     * connection's final GOAWAY, naming the last stream the server took, is written: a client that
     * sent a stream before it read the first GOAWAY sees that it may send it again instead of an
     * EOF. Spoken in raw h2c frames, since the JDK's client keeps GOAWAYs to itself. Repeated: when
     * Jetty queued its own final GOAWAY first, a drain that took Jetty's word for it lost both
     * frames in about one run in 35 here.
     */
    @RepeatedTest(30)
    void aDrainIsOverOnlyOnceEachHttp2ConnectionHasItsFinalGoAway() throws Exception {
        try (JettyServer server = JettyServer.start(app, HttpOptions.defaults().withAccessLog(false), null, null);
             java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            writeFrame(out, 0x4, 0, 0, new byte[0]); // SETTINGS
            // GET / over http, :authority 127.0.0.1 (HPACK: indexed fields, then a literal one)
            byte[] get = {(byte) 0x82, (byte) 0x86, (byte) 0x84, 0x41, 9, '1', '2', '7', '.', '0', '.', '0', '.', '1'};
            writeFrame(out, 0x1, 0x5, 1, get); // HEADERS, END_STREAM | END_HEADERS
            while (true) {
                Frame frame = Frame.read(in);
                if (frame.stream() == 1 && (frame.flags() & 0x1) != 0 && (frame.type() == 0x0 || frame.type() == 0x1)) {
                    break; // the response's last frame
                }
            }
            server.stopAccepting();
            assertThat(server.awaitIdle(TIMEOUT)).isTrue();
            server.close(); // as the worker's exit would

            List<Integer> goAways = new java.util.ArrayList<>();
            for (Frame frame = Frame.read(in); frame != null; frame = Frame.read(in)) {
                if (frame.type() == 0x7) {
                    goAways.add(java.nio.ByteBuffer.wrap(frame.payload()).getInt() & Integer.MAX_VALUE);
                }
            }
            assertThat(goAways).as("GOAWAYs before the connection closed: the first one, then the final one")
                    .containsExactly(Integer.MAX_VALUE, 1);
        }
    }

    private static void writeFrame(OutputStream out, int type, int flags, int stream, byte[] payload) throws java.io.IOException {
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(9);
        header.put((byte) (payload.length >> 16)).put((byte) (payload.length >> 8)).put((byte) payload.length)
                .put((byte) type).put((byte) flags).putInt(stream);
        out.write(header.array());
        out.write(payload);
        out.flush();
    }

    /** An HTTP/2 frame as read off the wire. */
    private record Frame(int type, int flags, int stream, byte[] payload) {
        /** The next frame, or null at the end of the stream. */
        static Frame read(java.io.DataInputStream in) throws java.io.IOException {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            int length = first << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & Integer.MAX_VALUE;
            byte[] payload = new byte[length];
            in.readFully(payload);
            return new Frame(type, flags, stream, payload);
        }
    }

    @Test
    void tlsWithH1OnlyNegotiatesHttp11() throws Exception {
        HttpOptions options = HttpOptions.defaults().withAccessLog(false).withProtocols(Protocols.H1);
        try (JettyServer server = JettyServer.start(app, options, tls, null); HttpClient client = client(HttpClient.Version.HTTP_2)) {
            HttpResponse<String> response = get(client, "https://127.0.0.1:" + server.port() + "/");
            assertThat(response.body()).isEqualTo("hello");
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        }
    }

    @Test
    void aTlsConnectionIsOneArrivalUntilItsFirstRequestWhateverJettyLayersOnIt() throws Exception {
        try (JettyServer server = JettyServer.start(app, HttpOptions.defaults().withAccessLog(false), tls, null);
             SSLSocket socket = (SSLSocket) TestCerts.trustingEveryone().getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.startHandshake();
            Wait.until(() -> server.arrivals() == 1, TIMEOUT, () -> "arrivals: " + server.arrivals());
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            assertThat(in.readNBytes(head, 0, head.length)).isEqualTo(head.length);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            Wait.until(() -> server.arrivals() == 0, TIMEOUT, () -> "a served keep-alive connection still counted: " + server.arrivals());
            assertThat(server.sockets()).isEqualTo(1);
            socket.close();
            Wait.until(() -> server.sockets() == 0, TIMEOUT, () -> "a closed socket still known: " + server.sockets());
        }
    }

    @Test
    void h2OnlyTakesPriorKnowledgeOnPlainSocketsAndRefusesHttp11() throws Exception {
        assumeTrue(Curl.speaksHttp2(), "curl with HTTP/2 is needed");
        HttpOptions options = HttpOptions.defaults().withAccessLog(false).withProtocols(Protocols.H2);
        try (JettyServer server = JettyServer.start(app, options, null, null)) {
            String url = "http://127.0.0.1:" + server.port() + "/";
            assertThat(Curl.versionAndStatus(url, "--http2-prior-knowledge")).isEqualTo("2 200");
            assertThat(Curl.versionAndStatus(url, "--http1.1")).doesNotEndWith(" 200");
        }
    }
}
