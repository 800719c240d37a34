package dev.javicorn.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Requests written byte for byte on a socket, for what an HTTP client would tidy up first: a
 * {@code ..} in a path, headers too large, several headers of one name in the answer.
 */
final class RawHttp {
    private RawHttp() {}

    /** Sends {@code head} (request line and headers, without the blank line) and returns the status line. */
    static String statusLine(JettyServer server, String head) {
        String response = exchange(server, head + "Connection: close\r\n\r\n", new byte[0]);
        int end = response.indexOf("\r\n");
        return end < 0 ? response : response.substring(0, end);
    }

    /** A GET of {@code target} exactly as written; the whole response, head and body. */
    static String get(JettyServer server, String target) {
        return exchange(server, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", new byte[0]);
    }

    /**
     * Writes {@code head} and {@code body}, then reads until the server closes. A reset after the
     * server answered (it may close before reading a body it refused) ends the read, not the test.
     */
    static String exchange(JettyServer server, String head, byte[] body) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            try {
                socket.getOutputStream().write(body);
            } catch (IOException refusedBeforeRead) {
                // the server answered and closed first: its answer is still there to read
            }
            return readAll(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (java.net.SocketException reset) {
            if (text.isEmpty()) {
                throw reset;
            }
        }
        return text.toString();
    }
}
