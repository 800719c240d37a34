package dev.javicorn.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * curl as a test's HTTP/2 client: it speaks h2c with prior knowledge, which the JDK's client does
 * not, and is what users try first. Tests that need it assume {@link #speaksHttp2}.
 */
public final class Curl {
    private Curl() {}

    /** Whether curl is on this machine, built with HTTP/2. */
    public static boolean speaksHttp2() {
        return run(List.of("curl", "--version")).contains("HTTP2");
    }

    /**
     * GET {@code url} with {@code options} (e.g. {@code --http2-prior-knowledge}), not checking a
     * TLS certificate: curl's HTTP version and status, as {@code "2 200"}, or what went wrong.
     */
    public static String versionAndStatus(String url, String... options) {
        List<String> command = new ArrayList<>(List.of("curl", "-sk", "--max-time", "10", "-o", "/dev/null",
                "-w", "%{http_version} %{http_code}"));
        command.addAll(List.of(options));
        command.add(url);
        return run(command);
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            process.waitFor();
            return output;
        } catch (IOException e) {
            return "no curl: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
