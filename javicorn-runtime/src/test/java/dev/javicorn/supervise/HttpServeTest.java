package dev.javicorn.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.Http;
import dev.javicorn.testing.RunningJavicorn;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * A native app's HTTP features through a real supervisor and worker: options from the command
 * line reach the worker, and a relative static folder is found from the working directory.
 */
class HttpServeTest {
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void staticFilesCookiesAndRequestLimitsFromTheCommandLine() throws Exception {
        AppDirs.copy("web", tmp, "Web.java");
        Files.createDirectories(tmp.resolve("static"));
        Files.writeString(tmp.resolve("static/hello.txt"), "hello from the working directory");
        try (RunningJavicorn javicorn = RunningJavicorn.start(tmp, "--port", "0", "--app-dir", "web",
                "--limit-request-body", "100", "--limit-request-headers", "2048", "Web:app")) {
            int port = javicorn.awaitReady(START);

            assertThat(Http.get(port, "/static/hello.txt").body()).isEqualTo("hello from the working directory");
            assertThat(Http.get(port, "/static/%2e%2e/web/Web.java").statusCode()).isEqualTo(404);
            assertThat(Http.get(port, "/login").headers().allValues("set-cookie")).containsExactly("a=1", "b=2; HttpOnly");

            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> atLimit = client.send(HttpRequest.newBuilder(Http.uri(port, "/upload"))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(atLimit.body()).isEqualTo("100 bytes");
            HttpResponse<String> over = client.send(HttpRequest.newBuilder(Http.uri(port, "/upload"))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(101))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(over.statusCode()).isEqualTo(413);

            assertThat(statusLine(port, "X-Pad: " + "a".repeat(2048))).startsWith("HTTP/1.1 431 ");
        }
    }

    @Test
    void aMissingStaticFolderStopsTheStartWithOneLine() {
        AppDirs.copy("web", tmp, "Web.java");
        RunningJavicorn run = RunningJavicorn.run(tmp.resolve("web"), "--port", "0", "Web:missingFolder");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("app.files(\"/assets\", ...): no such folder: " + tmp.resolve("web/no-such-folder")
                + " (a relative folder is resolved against the working directory)");
        assertThat(run.output()).doesNotContain("\tat ");
    }

    private static String statusLine(int port, String header) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: localhost\r\n" + header + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.substring(0, Math.max(0, response.indexOf("\r\n")));
        }
    }
}
