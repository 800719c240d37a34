package dev.javicorn.http;

import dev.javicorn.App;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A real HTTP/1.1 client for tests, aimed at a {@link JettyServer} on 127.0.0.1. */
final class Http {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    private Http() {}

    static JettyServer serve(App app) {
        return JettyServer.start(app, HttpOptions.defaults().withAccessLog(false), null);
    }

    static HttpResponse<String> get(JettyServer server, String path) {
        return send(server, "GET", path, null);
    }

    /** @param headers name, value, name, value... */
    static HttpResponse<String> send(JettyServer server, String method, String path, String body, String... headers) {
        try {
            return CLIENT.send(request(server, method, path, body, headers), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static CompletableFuture<HttpResponse<String>> sendAsync(JettyServer server, String path) {
        return CLIENT.sendAsync(request(server, "GET", path, null), HttpResponse.BodyHandlers.ofString());
    }

    /** Returns once the headers are in; the body's lines are read as they come. */
    static HttpResponse<java.util.stream.Stream<String>> lines(JettyServer server, String path) {
        try {
            return CLIENT.send(request(server, "GET", path, null), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest request(JettyServer server, String method, String path, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder.build();
    }
}
