package dev.javicorn.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javicorn.App;
import dev.javicorn.testing.Wait;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticFilesTest {
    private static final String CSS = "body { color: #222; }\n";
    private static final String TEN = "0123456789";

    @TempDir
    static Path dir;
    private static JettyServer server;

    @BeforeAll
    static void start() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("static"));
        Files.writeString(folder.resolve("site.css"), CSS);
        Files.writeString(folder.resolve("ten.txt"), TEN);
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new Random(15).nextBytes(big);
        Files.write(folder.resolve("big.bin"), big);
        Files.createDirectories(folder.resolve("js"));
        Files.writeString(folder.resolve("js/app.js"), "let x = 1;\n");
        Files.writeString(folder.resolve("js/a b.js"), "spaced");
        Files.writeString(dir.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(folder.resolve("passwd"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(folder.resolve("secret"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(folder.resolve("style.css"), folder.resolve("site.css"));
        App app = App.create()
                .get("/", req -> "root")
                .get("/secret.txt", req -> "a route, not the file")
                .files("/static/", folder);
        server = Http.serve(app);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFileIsServedWithItsContentTypeLengthAndValidators() {
        HttpResponse<String> response = Http.get(server, "/static/site.css");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(CSS);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
        assertThat(response.headers().firstValue("content-length")).hasValue(Integer.toString(CSS.length()));
        assertThat(response.headers().firstValue("etag")).isPresent();
        assertThat(response.headers().firstValue("last-modified")).isPresent();
        assertThat(response.headers().firstValue("accept-ranges")).hasValue("bytes");
        assertThat(response.headers().allValues("server")).containsExactly("javicorn");
        assertThat(Http.get(server, "/static/js/app.js").headers().firstValue("content-type"))
                .hasValue("text/javascript; charset=utf-8");
        assertThat(Http.get(server, "/static/js/a%20b.js").body()).isEqualTo("spaced");
    }

    @Test
    void headSendsTheHeadersWithoutTheBody() {
        HttpResponse<String> response = Http.send(server, "HEAD", "/static/site.css", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-length")).hasValue(Integer.toString(CSS.length()));
        assertThat(response.body()).isEmpty();
    }

    @Test
    void aMatchingETagOrAnUnchangedDateIs304() {
        HttpResponse<String> first = Http.get(server, "/static/site.css");
        String etag = first.headers().firstValue("etag").orElseThrow();
        String modified = first.headers().firstValue("last-modified").orElseThrow();

        HttpResponse<String> byTag = Http.send(server, "GET", "/static/site.css", null, "If-None-Match", etag);
        assertThat(byTag.statusCode()).isEqualTo(304);
        assertThat(byTag.body()).isEmpty();
        assertThat(byTag.headers().firstValue("etag")).hasValue(etag);

        assertThat(Http.send(server, "GET", "/static/site.css", null, "If-Modified-Since", modified).statusCode()).isEqualTo(304);
        assertThat(Http.send(server, "GET", "/static/site.css", null, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(Http.send(server, "GET", "/static/site.css", null, "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aRangeIs206AndARangePastTheEndIs416() {
        HttpResponse<String> part = Http.send(server, "GET", "/static/ten.txt", null, "Range", "bytes=2-5");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo("2345");
        assertThat(part.headers().firstValue("content-range")).hasValue("bytes 2-5/10");

        HttpResponse<String> tail = Http.send(server, "GET", "/static/ten.txt", null, "Range", "bytes=-3");
        assertThat(tail.body()).isEqualTo("789");

        HttpResponse<String> past = Http.send(server, "GET", "/static/ten.txt", null, "Range", "bytes=20-30");
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("content-range")).hasValue("bytes */10");
    }

    @Test
    void severalRangesAreOneMultipartAnswer() {
        HttpResponse<String> parts = Http.send(server, "GET", "/static/ten.txt", null, "Range", "bytes=0-1,8-9");
        assertThat(parts.statusCode()).isEqualTo(206);
        assertThat(parts.headers().firstValue("content-type").orElseThrow()).startsWith("multipart/byteranges");
        assertThat(parts.body()).contains("Content-Range: bytes 0-1/10").contains("01")
                .contains("Content-Range: bytes 8-9/10").contains("89");
    }

    @Test
    void aLargeFileArrivesWhole() throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/static/big.bin")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(response.body()).isEqualTo(Files.readAllBytes(dir.resolve("static/big.bin")));
    }

    @Test
    void aDownloadInProgressIsInFlightUntilItsLastByteSoADrainWaitsForIt() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("downloads"));
        long size = 12L * 1024 * 1024;
        try (RandomAccessFile sparse = new RandomAccessFile(folder.resolve("large.iso").toFile(), "rw")) {
            sparse.setLength(size);
        }
        try (JettyServer own = Http.serve(App.create().files("/dl", folder)); Socket client = new Socket()) {
            client.setReceiveBufferSize(4096);
            client.connect(new InetSocketAddress("127.0.0.1", own.port()), 5_000);
            client.setSoTimeout(10_000);
            client.getOutputStream().write("GET /dl/large.iso HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long read = in.read(buffer);
            Wait.until(() -> own.inFlight() == 1, Duration.ofSeconds(5), () -> "the download is not in flight");

            own.stopAccepting();
            assertThat(own.awaitIdle(Duration.ofMillis(100))).as("idle while the client has not read the file").isFalse();

            String head = new String(buffer, 0, (int) Math.min(read, 1024), StandardCharsets.ISO_8859_1);
            long body = read - (head.indexOf("\r\n\r\n") + 4);
            for (int n; body < size && (n = in.read(buffer)) >= 0; ) {
                body += n;
            }
            assertThat(body).isEqualTo(size);
            assertThat(own.awaitIdle(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void missingFilesFoldersAndOtherMethodsAreRefused() {
        assertThat(Http.get(server, "/static/nope.css").statusCode()).isEqualTo(404);
        assertThat(Http.get(server, "/static/js").statusCode()).isEqualTo(404);
        assertThat(Http.get(server, "/static/js/").statusCode()).isEqualTo(404);
        assertThat(Http.get(server, "/static").statusCode()).isEqualTo(404);
        HttpResponse<String> post = Http.send(server, "POST", "/static/site.css", "x");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
        assertThat(Http.get(server, "/").body()).isEqualTo("root");
    }

    @Test
    void noPathLeadsOutOfTheFolder() {
        for (String target : new String[] {
                "/static/../pom.xml",
                "/static/js/../../pom.xml",
                "/static/%2e%2e/secret.txt",
                "/static/.%2e/secret.txt",
                "/static/%252e%252e/secret.txt",
                "/static/%252e%252e/%252e%252e/etc/passwd",
                "/static/..%2fsecret.txt",
                "/static/js/..%2f..%2fsecret.txt",
                "/static/%2e%2e%2fsecret.txt",
                "/static/passwd",
                "/static/secret"}) {
            String response = RawHttp.get(server, target);
            assertThat(response).as(target).startsWith("HTTP/1.1 404 ").doesNotContain("root:").doesNotContain("outside");
        }
        // Jetty resolves a plain .. before routing: this asks for /secret.txt, a route.
        assertThat(RawHttp.get(server, "/static/../secret.txt")).startsWith("HTTP/1.1 200 ").endsWith("a route, not the file");
        // Refused by Jetty's parser before any routing: a path that climbs above / itself, a NUL, a backslash.
        for (String target : new String[] {
                "/static/../../../../etc/passwd",
                "/static/%2E%2E/%2e%2e/etc/passwd",
                "/static/site.css%00.txt",
                "/static/..%5csecret.txt"}) {
            assertThat(RawHttp.get(server, target)).as(target).startsWith("HTTP/1.1 400 ").doesNotContain("root:").doesNotContain("outside");
        }
    }

    @Test
    void aSymbolicLinkInsideTheFolderIsServed() {
        assertThat(Http.get(server, "/static/style.css").body()).isEqualTo(CSS);
    }

    @Test
    void aMissingFolderIsOneLineAtStart() {
        App app = App.create().files("/assets", dir.resolve("nowhere"));
        assertThatThrownBy(() -> Http.serve(app))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("app.files(\"/assets\", ...): no such folder: " + dir.resolve("nowhere"));
    }

    @Test
    void aPrefixMustNameAPath() {
        assertThatThrownBy(() -> App.create().files("/", dir)).hasMessageContaining("must start with '/' and name a path");
        assertThatThrownBy(() -> App.create().files("static", dir)).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> App.create().files("/s/{x}", dir)).hasMessageContaining("literal path");
    }
}
