package dev.javicorn.worker;

import dev.javicorn.App;
import dev.javicorn.http.HttpOptions;
import dev.javicorn.http.JettyServer;
import dev.javicorn.log.Log;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Runs a request through a throwaway server on an ephemeral port of 127.0.0.1, so that a spare
 * worker has loaded, linked and begun to compile the HTTP runtime (Jetty, the router, JSON) before
 * it is asked to serve. Best effort: a failure only means a colder start, and a GO that arrives
 * during the warm-up cuts it short.
 */
final class Warmup {
    private Warmup() {}

    /** Warms up until done or until {@code enough} says the app is wanted now. */
    static void run(java.util.function.BooleanSupplier enough) {
        App app = App.create().get("/warm/{id}", request -> Map.of("id", request.pathParam("id"), "ok", true));
        JettyServer server = null;
        try {
            server = JettyServer.start(app, HttpOptions.defaults().withAccessLog(false), null);
            for (int i = 0; i < 20 && !enough.getAsBoolean(); i++) {
                request(server.port(), "/warm/" + i);
            }
        } catch (Exception e) {
            Log.debug("Warm-up skipped: " + e);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static void request(int port, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            in.readAllBytes();
        }
    }
}
