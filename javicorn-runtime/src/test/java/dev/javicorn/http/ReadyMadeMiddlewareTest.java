package dev.javicorn.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javicorn.App;
import dev.javicorn.Cors;
import dev.javicorn.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CORS and gzip, as an app turns them on, seen by a real client. */
class ReadyMadeMiddlewareTest {
    private static final String BIG = "javicorn ".repeat(200);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path dir;
    private static JettyServer server;

    @BeforeAll
    static void start() throws IOException {
        Files.writeString(dir.resolve("big.txt"), BIG);
        App app = App.create()
                .cors(Cors.allowOrigins("https://app.example").allowMethods("GET", "POST")
                        .allowHeaders("Authorization").exposeHeaders("X-Total").maxAge(Duration.ofMinutes(5)))
                .before(req -> req.method().equals("OPTIONS") ? Response.of(401) : null)
                .gzip(100)
                .get("/big", req -> BIG)
                .get("/small", req -> "tiny")
                .post("/items", req -> Response.text("made").withStatus(201))
                .files("/static", dir);
        server = Http.serve(app);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredBeforeOtherFilters() {
        HttpResponse<String> preflight = Http.send(server, "OPTIONS", "/items", null, "Origin", "https://app.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization");
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example");
        assertThat(preflight.headers().firstValue("access-control-allow-methods")).hasValue("GET, POST");
        assertThat(preflight.headers().firstValue("access-control-allow-headers")).hasValue("authorization");
        assertThat(preflight.headers().firstValue("access-control-max-age")).hasValue("300");
        assertThat(preflight.headers().allValues("vary")).contains("Origin");
    }

    @Test
    void aPreflightAskingForTooMuchIs400NamingIt() {
        HttpResponse<String> other = Http.send(server, "OPTIONS", "/items", null, "Origin", "https://evil.example",
                "Access-Control-Request-Method", "DELETE");
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(other.body()).isEqualTo("Disallowed CORS origin, method");
        assertThat(other.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void aRequestFromAnAllowedOriginIsMarkedAndOthersAreNot() {
        HttpResponse<String> allowed = Http.send(server, "POST", "/items", "x", "Origin", "https://app.example");
        assertThat(allowed.statusCode()).isEqualTo(201);
        assertThat(allowed.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example");
        assertThat(allowed.headers().firstValue("access-control-expose-headers")).hasValue("X-Total");
        HttpResponse<String> stranger = Http.send(server, "POST", "/items", "x", "Origin", "https://evil.example");
        assertThat(stranger.statusCode()).isEqualTo(201);
        assertThat(stranger.headers().firstValue("access-control-allow-origin")).isEmpty();
        assertThat(Http.send(server, "OPTIONS", "/items", null).statusCode()).isEqualTo(401);
    }

    @Test
    void bodiesFromTheMinimumUpAreGzippedForClientsThatAcceptIt() throws Exception {
        HttpResponse<byte[]> big = getBytes("/big", "gzip");
        assertThat(big.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(big.body().length).isLessThan(BIG.length() / 4);
        assertThat(gunzip(big.body())).isEqualTo(BIG);
        assertThat(big.headers().allValues("vary")).anyMatch(v -> v.toLowerCase().contains("accept-encoding"));

        assertThat(getBytes("/small", "gzip").headers().firstValue("content-encoding")).isEmpty();
        HttpResponse<byte[]> plain = getBytes("/big", null);
        assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
        assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo(BIG);

        HttpResponse<byte[]> file = getBytes("/static/big.txt", "gzip");
        assertThat(file.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(gunzip(file.body())).isEqualTo(BIG);

        HttpResponse<String> range = Http.send(server, "GET", "/static/big.txt", null, "Range", "bytes=0-7",
                "Accept-Encoding", "gzip");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("content-encoding")).isEmpty();
        assertThat(range.body()).isEqualTo("javicorn");
    }

    @Test
    void badSettingsAreRefusedWhereTheyAreMade() {
        assertThatThrownBy(() -> Cors.allowOrigins("https://a.example/path")).hasMessageContaining("without a path");
        assertThatThrownBy(() -> Cors.allowOrigins()).hasMessageContaining("at least one origin");
        assertThatThrownBy(() -> App.create().gzip(-1)).hasMessage("app.gzip minimum must not be negative: -1");
    }

    private static HttpResponse<byte[]> getBytes(String path, String acceptEncoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Http.TIMEOUT);
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
