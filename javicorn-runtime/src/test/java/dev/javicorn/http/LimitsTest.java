package dev.javicorn.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javicorn.App;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LimitsTest {
    private static final int BODY_LIMIT = 1_000;
    private static final int HEADER_LIMIT = 2_048;
    private static final AtomicInteger calls = new AtomicInteger();
    private static JettyServer server;

    @BeforeAll
    static void start() {
        App app = App.create().post("/echo", req -> {
            calls.incrementAndGet();
            return req.body().length + " bytes";
        }).get("/", req -> "ok");
        server = JettyServer.start(app, HttpOptions.defaults().withAccessLog(false).withRequestLimits(BODY_LIMIT, HEADER_LIMIT), null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBodyAtTheLimitIsServedAndOneByteMoreIs413WithoutCallingTheHandler() {
        assertThat(Http.send(server, "POST", "/echo", "x".repeat(BODY_LIMIT)).body()).isEqualTo(BODY_LIMIT + " bytes");
        int before = calls.get();
        var response = Http.send(server, "POST", "/echo", "x".repeat(BODY_LIMIT + 1));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("Payload Too Large: the request body is larger than 1000 bytes");
        assertThat(calls.get()).isEqualTo(before);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() {
        String chunk = "x".repeat(600);
        String chunked = "258\r\n" + chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n";
        String response = RawHttp.exchange(server, "POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n", chunked.getBytes(StandardCharsets.US_ASCII));
        assertThat(response).startsWith("HTTP/1.1 413 ").endsWith("larger than 1000 bytes");

        String small = "258\r\n" + chunk + "\r\n0\r\n\r\n";
        assertThat(RawHttp.exchange(server, "POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n", small.getBytes(StandardCharsets.US_ASCII))).endsWith("600 bytes");
    }

    @Test
    void headersOverTheLimitAre431AndARequestLineOverItIs414() {
        String under = "X-Pad: " + "a".repeat(HEADER_LIMIT - 200) + "\r\n";
        assertThat(RawHttp.statusLine(server, "GET / HTTP/1.1\r\nHost: localhost\r\n" + under)).startsWith("HTTP/1.1 200 ");
        String over = "X-Pad: " + "a".repeat(HEADER_LIMIT) + "\r\n";
        assertThat(RawHttp.statusLine(server, "GET / HTTP/1.1\r\nHost: localhost\r\n" + over)).startsWith("HTTP/1.1 431 ");
        String cookies = "Cookie: " + "c=" + "v".repeat(900) + "\r\nCookie: d=" + "w".repeat(900) + "\r\nCookie: e=" + "z".repeat(900) + "\r\n";
        assertThat(RawHttp.statusLine(server, "GET / HTTP/1.1\r\nHost: localhost\r\n" + cookies)).startsWith("HTTP/1.1 431 ");
        assertThat(RawHttp.statusLine(server, "GET /?q=" + "a".repeat(HEADER_LIMIT) + " HTTP/1.1\r\nHost: localhost\r\n"))
                .startsWith("HTTP/1.1 414 ");
    }

    @Test
    void limitsOutOfRangeAreRefusedByName() {
        assertThatThrownBy(() -> HttpOptions.defaults().withRequestLimits(-1, HEADER_LIMIT))
                .hasMessage("--limit-request-body must be 0 (no limit) or more bytes: -1");
        assertThatThrownBy(() -> HttpOptions.defaults().withRequestLimits(0, 100))
                .hasMessage("--limit-request-headers must be at least 1024 bytes: 100");
    }
}
