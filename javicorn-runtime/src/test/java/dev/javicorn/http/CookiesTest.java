package dev.javicorn.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javicorn.App;
import dev.javicorn.Cookie;
import dev.javicorn.Response;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CookiesTest {
    private static JettyServer server;

    @BeforeAll
    static void start() {
        App app = App.create()
                .get("/login", req -> Response.text("in")
                        .cookie(Cookie.of("session", "abc123").path("/").maxAge(Duration.ofHours(1)).secure().httpOnly()
                                .sameSite(Cookie.SameSite.LAX))
                        .cookie(Cookie.of("theme", "dark").domain("example.com")))
                .get("/logout", req -> Response.of(204).cookie(Cookie.expired("session")))
                .get("/links", req -> Response.text("two").addHeader("Link", "</a.css>; rel=preload")
                        .addHeader("link", "</b.js>; rel=preload").header("X-One", "1").header("x-one", "2"))
                .get("/whoami", req -> req.cookie("session").orElse("-") + " " + req.cookies());
        server = JettyServer.start(app, HttpOptions.defaults().withAccessLog(false)
                .withExtraHeaders(List.of(Header.parse("X-One: default"))), null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void twoCookiesAreTwoSetCookieHeaders() {
        HttpResponse<String> response = Http.get(server, "/login");
        assertThat(response.headers().allValues("set-cookie")).containsExactly(
                "session=abc123; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax",
                "theme=dark; Domain=example.com");
        // Byte for byte: two header lines, not one joined with a comma.
        String raw = RawHttp.get(server, "/login");
        assertThat(raw.split("\r\n")).filteredOn(line -> line.regionMatches(true, 0, "Set-Cookie:", 0, 11)).hasSize(2);
    }

    @Test
    void anExpiredCookieDeletesIt() {
        assertThat(Http.get(server, "/logout").headers().allValues("set-cookie")).containsExactly("session=; Max-Age=0");
    }

    @Test
    void addHeaderAddsAValueAndHeaderReplacesAllOfThem() {
        HttpResponse<String> response = Http.get(server, "/links");
        assertThat(response.headers().allValues("link")).containsExactly("</a.css>; rel=preload", "</b.js>; rel=preload");
        assertThat(response.headers().allValues("x-one")).containsExactly("2");
    }

    @Test
    void requestCookiesAreReadByName() {
        HttpResponse<String> response = Http.send(server, "GET", "/whoami", null, "Cookie", "session=s1; theme=dark; session=s2");
        assertThat(response.body()).isEqualTo("s1 {session=s1, theme=dark}");
        assertThat(Http.get(server, "/whoami").body()).isEqualTo("- {}");
        HttpResponse<String> odd = Http.send(server, "GET", "/whoami", null, "Cookie", "=bad; session=s3; ;; x y=z; q=\"quoted\"");
        assertThat(odd.statusCode()).isEqualTo(200);
        assertThat(odd.body()).startsWith("s3 {").contains("session=s3");
    }

    @Test
    void aCookieOrHeaderThatCannotTravelIsRefusedWhereItIsMade() {
        assertThatThrownBy(() -> Cookie.of("a b", "x")).hasMessage("cookie name is not an HTTP token: 'a b'");
        assertThatThrownBy(() -> Cookie.of("a", "x;y")).hasMessageStartingWith("cookie a: value holds a character");
        assertThatThrownBy(() -> Cookie.of("a", "x").path("/;evil")).hasMessageContaining("path must be");
        assertThatThrownBy(() -> Cookie.of("a", "x").maxAge(Duration.ofSeconds(-1))).hasMessageContaining("negative");
        assertThatThrownBy(() -> Response.text("x").cookie(Cookie.of("a", "x").sameSite(Cookie.SameSite.NONE)))
                .hasMessage("cookie a: SameSite=None needs secure() (browsers drop it otherwise)");
        assertThatThrownBy(() -> Response.text("x").header("X-A", "1\r\nSet-Cookie: evil=1"))
                .hasMessage("header X-A: value holds a line break");
        assertThatThrownBy(() -> Response.text("x").header("X A", "1")).hasMessage("header name is not an HTTP token: 'X A'");
    }
}
