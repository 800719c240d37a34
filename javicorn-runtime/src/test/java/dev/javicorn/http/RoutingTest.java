package dev.javicorn.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javicorn.App;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RoutingTest {
    private static JettyServer server;

    @BeforeAll
    static void start() {
        App app = App.create()
                .get("/", req -> "root")
                .get("/items/{id}", req -> "item " + req.pathParam("id"))
                .get("/items/new", req -> "new form")
                .delete("/items/{id}", req -> "deleted " + req.pathParam("id"))
                .post("/items", req -> "created")
                .get("/users/{user}/posts/{post}", req -> req.pathParams().toString());
        server = Http.serve(app);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void literalRouteIsServed() {
        HttpResponse<String> response = Http.get(server, "/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("root");
    }

    @Test
    void unknownRouteIs404() {
        assertThat(Http.get(server, "/nope").statusCode()).isEqualTo(404);
        assertThat(Http.get(server, "/items/1/extra").statusCode()).isEqualTo(404);
    }

    @Test
    void wrongMethodIs405WithAllow() {
        HttpResponse<String> response = Http.send(server, "PUT", "/items/7", "x");
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).hasValue("DELETE, GET, HEAD");
    }

    @Test
    void pathParamMatchesOneDecodedSegment() {
        assertThat(Http.get(server, "/items/a%20b").body()).isEqualTo("item a b");
        assertThat(Http.get(server, "/users/ann/posts/42").body()).isEqualTo("{user=ann, post=42}");
    }

    @Test
    void anEncodedSlashOrPercentStaysInItsSegmentAndAnEncodedDotSegmentNamesNothing() {
        assertThat(Http.get(server, "/items/a%2Fb").body()).isEqualTo("item a/b");
        assertThat(Http.get(server, "/items/100%25").body()).isEqualTo("item 100%");
        assertThat(RawHttp.get(server, "/items/%2e%2e")).startsWith("HTTP/1.1 404 ");
        assertThat(RawHttp.get(server, "/items/x/%2e%2e/7")).startsWith("HTTP/1.1 404 ");
    }

    @Test
    void emptySegmentDoesNotMatchAParam() {
        assertThat(Http.get(server, "/items/").statusCode()).isEqualTo(404);
    }

    @Test
    void literalSegmentBeatsParamButMethodStillDecides() {
        assertThat(Http.get(server, "/items/new").body()).isEqualTo("new form");
        assertThat(Http.send(server, "DELETE", "/items/new", null).body()).isEqualTo("deleted new");
    }

    @Test
    void headIsServedByGetWithoutBody() {
        HttpResponse<String> response = Http.send(server, "HEAD", "/", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void rootPathIsStrippedBeforeRouting() {
        App app = App.create().get("/items/{id}", req -> req.path());
        try (JettyServer prefixed = JettyServer.start(app,
                HttpOptions.defaults().withAccessLog(false).withRootPath("/api/"), null)) {
            assertThat(Http.get(prefixed, "/api/items/3").body()).isEqualTo("/items/3");
            assertThat(Http.get(prefixed, "/items/3").body()).isEqualTo("/items/3");
            assertThat(Http.get(prefixed, "/apix/items/3").statusCode()).isEqualTo(404);
        }
    }
}
