package dev.javicorn.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.Http;
import dev.javicorn.testing.RunningJavicorn;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code Site.java} (static files, cookies, middleware) served by a real supervisor
 * and worker: options from the command line reach the worker, and a relative static folder is
 * found from the working directory, not from {@code --app-dir}.
 */
class HttpServeTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void theReadmeSiteIsServedWithItsFilesCookiesFiltersAndTheRequestLimits() throws Exception {
        Path app = AppDirs.copy("site", tmp, "Site.java");
        Files.createDirectories(tmp.resolve("static"));
        Files.writeString(tmp.resolve("static/site.css"), "body { color: #222; }");
        try (RunningJavicorn javicorn = RunningJavicorn.start(tmp, "--port", "0", "--app-dir", app.toString(),
                "--limit-request-body", "100", "--limit-request-headers", "2048", "Site:app")) {
            int port = javicorn.awaitReady(START);

            HttpResponse<String> css = Http.get(port, "/static/site.css");
            assertThat(css.body()).isEqualTo("body { color: #222; }");
            assertThat(css.headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
            assertThat(Http.get(port, "/static/%2e%2e/site/Site.java").statusCode()).isEqualTo(404);

            HttpResponse<String> login = post(port, "/login", "x".repeat(100));
            assertThat(login.body()).isEqualTo("welcome");
            assertThat(login.headers().allValues("set-cookie")).containsExactly(
                    "session=s3cr3t; Path=/; Max-Age=28800; Secure; HttpOnly; SameSite=Lax", "theme=dark");
            assertThat(login.headers().firstValue("x-frame-options")).hasValue("DENY");
            assertThat(post(port, "/login", "x".repeat(101)).statusCode()).isEqualTo(413);

            assertThat(Http.get(port, "/admin").statusCode()).isEqualTo(401);
            assertThat(Http.get(port, "/items/3").body()).isEqualTo("no item 3");
            assertThat(statusLine(port, "X-Pad: " + "a".repeat(2048))).startsWith("HTTP/1.1 431 ");
        }
    }

    @Test
    void aStaticFolderMissingFromTheWorkingDirectoryStopsTheStartWithOneLine() {
        Path app = AppDirs.copy("site", tmp, "Site.java");
        RunningJavicorn run = RunningJavicorn.run(tmp, "--port", "0", "--app-dir", app.toString(), "Site:app");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("app.files(\"/static\", ...): no such folder: " + tmp.resolve("static")
                + " (a relative folder is resolved against the working directory)");
        assertThat(run.output()).doesNotContain("\tat ");
    }

    @Test
    void theReadmeShowsThisVerySite() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        try (InputStream site = getClass().getResourceAsStream("/apps/site/Site.java")) {
            assertThat(readme).contains(new String(site.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static HttpResponse<String> post(int port, String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(Http.uri(port, path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String statusLine(int port, String header) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: localhost\r\n" + header + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.substring(0, Math.max(0, response.indexOf("\r\n")));
        }
    }
}
