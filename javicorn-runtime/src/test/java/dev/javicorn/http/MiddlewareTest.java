package dev.javicorn.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javicorn.App;
import dev.javicorn.Response;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MiddlewareTest {
    private static final List<String> calls = new CopyOnWriteArrayList<>();
    private static JettyServer server;

    @BeforeAll
    static void start() {
        App app = App.create()
                .before(req -> {
                    calls.add("before1 " + req.path());
                    return null;
                })
                .before(req -> req.header("X-Api-Key").isPresent() || req.path().equals("/open")
                        ? null : Response.text("no key").withStatus(401))
                .before(req -> {
                    calls.add("before3");
                    return null;
                })
                .after((req, res) -> res.header("X-Frame-Options", "DENY"))
                .after((req, res) -> res.addHeader("X-Trace", "after2 saw " + res.status()))
                .exception(NoSuchElementException.class, (e, req) -> Response.text("missing: " + e.getMessage()).withStatus(404))
                .exception(IOException.class, (e, req) -> Response.text("io: " + e.getClass().getSimpleName()).withStatus(502))
                .exception(FileNotFoundException.class, (e, req) -> Response.text("no file").withStatus(410))
                .get("/open", req -> "open")
                .get("/items/{id}", req -> Map.of("id", req.pathParam("id")))
                .get("/missing", req -> { throw new NoSuchElementException("item 7"); })
                .get("/io", req -> { throw new java.net.SocketTimeoutException("slow"); })
                .get("/file", req -> { throw new FileNotFoundException("x"); })
                .get("/bug", req -> { throw new IllegalStateException("a bug"); });
        server = Http.serve(app);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clear() {
        calls.clear();
    }

    @Test
    void beforeFiltersRunInOrderAndAnAnswerSkipsTheRest() {
        HttpResponse<String> refused = Http.get(server, "/items/7");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).isEqualTo("no key");
        assertThat(calls).containsExactly("before1 /items/7");

        calls.clear();
        HttpResponse<String> passed = Http.send(server, "GET", "/items/7", null, "X-Api-Key", "k");
        assertThat(passed.body()).isEqualTo("{\"id\":\"7\"}");
        assertThat(passed.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(calls).containsExactly("before1 /items/7", "before3");
    }

    @Test
    void afterFiltersSeeEveryAnswerIncludingAnEarlyOneAnd404And405() {
        HttpResponse<String> open = Http.get(server, "/open");
        assertThat(open.body()).isEqualTo("open");
        assertThat(open.headers().firstValue("x-frame-options")).hasValue("DENY");
        assertThat(open.headers().firstValue("x-trace")).hasValue("after2 saw 200");

        assertThat(Http.get(server, "/items/7").headers().firstValue("x-trace")).hasValue("after2 saw 401");

        HttpResponse<String> notFound = Http.send(server, "GET", "/nowhere", null, "X-Api-Key", "k");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.body()).isEqualTo("Not Found");
        assertThat(notFound.headers().firstValue("x-trace")).hasValue("after2 saw 404");

        HttpResponse<String> wrong = Http.send(server, "POST", "/open", "x");
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.headers().firstValue("allow")).hasValue("GET, HEAD");
        assertThat(wrong.headers().firstValue("x-frame-options")).hasValue("DENY");
    }

    @Test
    void anExceptionGoesToTheHandlerOfItsClosestType() {
        HttpResponse<String> missing = Http.send(server, "GET", "/missing", null, "X-Api-Key", "k");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("missing: item 7");
        assertThat(missing.headers().firstValue("x-frame-options")).hasValue("DENY");

        assertThat(Http.send(server, "GET", "/io", null, "X-Api-Key", "k").statusCode()).isEqualTo(502);
        assertThat(Http.send(server, "GET", "/file", null, "X-Api-Key", "k").statusCode()).isEqualTo(410);

        HttpResponse<String> bug = Http.send(server, "GET", "/bug", null, "X-Api-Key", "k");
        assertThat(bug.statusCode()).isEqualTo(500);
        assertThat(bug.body()).isEqualTo("Internal Server Error");
    }

    @Test
    void aTypeGivenTwiceIsRefused() {
        assertThatThrownBy(() -> App.create()
                .exception(IOException.class, (e, req) -> "a")
                .exception(IOException.class, (e, req) -> "b"))
                .hasMessage("app.exception(IOException.class, ...) is given twice");
    }

    @Test
    void anAfterFilterThatThrowsOrReturnsNullIsA500() {
        App app = App.create()
                .after((req, res) -> req.path().equals("/null") ? null : res)
                .after((req, res) -> { if (req.path().equals("/throw")) { throw new IllegalStateException("x"); } return res; })
                .get("/null", req -> "a").get("/throw", req -> "b").get("/fine", req -> "c");
        try (JettyServer other = Http.serve(app)) {
            assertThat(Http.get(other, "/null").statusCode()).isEqualTo(500);
            assertThat(Http.get(other, "/throw").statusCode()).isEqualTo(500);
            assertThat(Http.get(other, "/fine").body()).isEqualTo("c");
        }
    }
}
