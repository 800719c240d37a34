package dev.javicorn.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javicorn.App;
import dev.javicorn.Response;
import dev.javicorn.testing.StandardError;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ResultConversionTest {
    record Item(String name, int qty) {}

    private static JettyServer server;

    @BeforeAll
    static void start() {
        App app = App.create()
                .get("/text", req -> "héllo")
                .get("/bytes", req -> new byte[] {1, 2, 3})
                .get("/none", req -> null)
                .get("/json", req -> Map.of("message", "Hello World"))
                .get("/list", req -> List.of(new Item("a", 1)))
                .get("/created", req -> Response.json(new Item("b", 2)).withStatus(201).header("X-Id", "b"))
                .get("/html", req -> Response.html("<p>hi</p>"))
                .get("/boom", req -> {
                    throw new IllegalStateException("secret detail");
                })
                .post("/items", req -> {
                    Item item = req.json(Item.class);
                    return new Item(item.name().toUpperCase(), item.qty() * 2);
                })
                .post("/echo", req -> req.text())
                .get("/query", req -> req.query("q").orElse("-") + "|" + req.queryParams().get("tag"))
                .get("/header", req -> req.header("x-custom").orElse("-") + "|" + req.headers().get("X-CUSTOM"));
        server = Http.serve(app);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void stringIsUtf8TextPlain() {
        HttpResponse<String> response = Http.get(server, "/text");
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        assertThat(response.body()).isEqualTo("héllo");
    }

    @Test
    void bytesAreOctetStream() {
        HttpResponse<String> response = Http.get(server, "/bytes");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(response.headers().firstValue("content-length")).hasValue("3");
    }

    @Test
    void nullIs204() {
        HttpResponse<String> response = Http.get(server, "/none");
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void mapsListsAndRecordsAreJson() {
        HttpResponse<String> map = Http.get(server, "/json");
        assertThat(map.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(map.body()).isEqualTo("{\"message\":\"Hello World\"}");
        assertThat(Http.get(server, "/list").body()).isEqualTo("[{\"name\":\"a\",\"qty\":1}]");
    }

    @Test
    void responseKeepsItsStatusHeadersAndContentType() {
        HttpResponse<String> created = Http.get(server, "/created");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("x-id")).hasValue("b");
        assertThat(created.body()).isEqualTo("{\"name\":\"b\",\"qty\":2}");
        assertThat(Http.get(server, "/html").headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    }

    @Test
    void jsonBodyIsReadIntoARecord() {
        HttpResponse<String> response = Http.send(server, "POST", "/items", "{\"name\":\"x\",\"qty\":3,\"extra\":true}",
                "Content-Type", "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"name\":\"X\",\"qty\":6}");
    }

    @Test
    void invalidJsonBodyIs400() {
        HttpResponse<String> response = Http.send(server, "POST", "/items", "{not json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("Bad Request: body is not valid JSON for Item");
    }

    @Test
    void textBodyUsesTheDeclaredCharset() {
        HttpResponse<String> response = Http.send(server, "POST", "/echo", "ünï", "Content-Type", "text/plain; charset=utf-8");
        assertThat(response.body()).isEqualTo("ünï");
    }

    @Test
    void queryParamsAreDecoded() {
        assertThat(Http.get(server, "/query?q=a%20b%26c&tag=x&tag=y").body()).isEqualTo("a b&c|[x, y]");
        assertThat(Http.get(server, "/query").body()).isEqualTo("-|null");
    }

    @Test
    void headersAreMatchedWithoutRegardToCase() {
        assertThat(Http.get(server, "/header").body()).isEqualTo("-|null");
        assertThat(Http.send(server, "GET", "/header", null, "X-Custom", "v").body()).isEqualTo("v|[v]");
    }

    @Test
    void handlerExceptionIs500AndTheStackTraceGoesToTheLogOnly() {
        List<HttpResponse<String>> response = new ArrayList<>();
        String log = StandardError.during(() -> response.add(Http.get(server, "/boom")));
        assertThat(response.getFirst().statusCode()).isEqualTo(500);
        assertThat(response.getFirst().body()).isEqualTo("Internal Server Error");
        assertThat(log).contains("Exception in handler for GET /boom").contains("secret detail");
    }
}
