package dev.javicorn.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javicorn.App;
import dev.javicorn.Response;
import dev.javicorn.log.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadersTest {
    private static final App APP = App.create()
            .get("/", req -> "hi")
            .get("/own", req -> Response.text("hi").header("X-Frame-Options", "SAMEORIGIN"))
            .get("/client", req -> req.remoteAddress() + " " + req.scheme());

    private static JettyServer start(HttpOptions options) {
        return JettyServer.start(APP, options.withAccessLog(false), null);
    }

    @Test
    void serverAndDateHeadersAreSentByDefault() {
        try (JettyServer server = start(HttpOptions.defaults())) {
            HttpResponse<String> response = Http.get(server, "/");
            assertThat(response.headers().allValues("server")).containsExactly("javicorn");
            assertThat(response.headers().firstValue("date")).isPresent();
        }
    }

    @Test
    void serverAndDateHeadersCanBeTurnedOff() {
        try (JettyServer server = start(HttpOptions.defaults().withServerHeader(false).withDateHeader(false))) {
            HttpResponse<String> response = Http.get(server, "/");
            assertThat(response.headers().firstValue("server")).isEmpty();
            assertThat(response.headers().firstValue("date")).isEmpty();
        }
    }

    @Test
    void extraHeadersAreOnEveryResponseAndAHandlerHeaderWins() {
        List<Header> extra = List.of(Header.parse("X-Frame-Options: DENY"), Header.parse("X-Team:web"));
        try (JettyServer server = start(HttpOptions.defaults().withExtraHeaders(extra))) {
            HttpResponse<String> ok = Http.get(server, "/");
            assertThat(ok.headers().firstValue("x-frame-options")).hasValue("DENY");
            assertThat(ok.headers().firstValue("x-team")).hasValue("web");
            assertThat(Http.get(server, "/missing").headers().firstValue("x-team")).hasValue("web");
            assertThat(Http.get(server, "/own").headers().allValues("x-frame-options")).containsExactly("SAMEORIGIN");
        }
    }

    @Test
    void forwardedHeadersAreHonouredFromATrustedProxy() {
        try (JettyServer server = start(HttpOptions.defaults().withProxyHeaders(true, List.of("127.0.0.1")))) {
            HttpResponse<String> response = Http.send(server, "GET", "/client", null,
                    "X-Forwarded-For", "203.0.113.7, 127.0.0.1", "X-Forwarded-Proto", "https");
            assertThat(response.body()).isEqualTo("203.0.113.7 https");
        }
    }

    @Test
    void forwardedHeadersAreIgnoredFromAnUntrustedPeer() {
        try (JettyServer server = start(HttpOptions.defaults().withProxyHeaders(true, List.of("10.0.0.0/8")))) {
            HttpResponse<String> response = Http.send(server, "GET", "/client", null,
                    "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https");
            assertThat(response.body()).isEqualTo("127.0.0.1 http");
        }
    }

    @Test
    void accessLineIsInUvicornsFormat() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Log.configure(Log.Level.INFO, false, true);
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (JettyServer server = JettyServer.start(APP, HttpOptions.defaults(), null)) {
            Http.get(server, "/?q=1");
            Http.get(server, "/missing");
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .containsPattern("INFO:     127\\.0\\.0\\.1:\\d+ - \"GET /\\?q=1 HTTP/1\\.1\" 200 OK")
                .containsPattern("127\\.0\\.0\\.1:\\d+ - \"GET /missing HTTP/1\\.1\" 404 Not Found");
    }
}
