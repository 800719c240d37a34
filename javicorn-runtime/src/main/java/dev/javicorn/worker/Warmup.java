package dev.javicorn.worker;

import dev.javicorn.App;
import dev.javicorn.http.HttpOptions;
import dev.javicorn.http.JettyServer;
import dev.javicorn.log.Log;
import dev.javicorn.tls.KeyMaterial;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Runs a request through a throwaway server on an ephemeral port of 127.0.0.1, so that a spare
 * worker has loaded, linked and begun to compile the HTTP runtime (Jetty, the router, JSON) before
 * it is asked to serve; with TLS, the handshake and Jetty's TLS and ALPN layers too. Best effort:
 * a failure only means a colder start, and a GO that arrives during the warm-up cuts it short.
 */
final class Warmup {
    private Warmup() {}

    /**
     * Warms up until done or until {@code enough} says the app is wanted now.
     *
     * @param tls the worker's key material, to warm up TLS with; null for none
     */
    static void run(BooleanSupplier enough, KeyMaterial tls) {
        App app = App.create().get("/warm/{id}", request -> Map.of("id", request.pathParam("id"), "ok", true));
        warm(app, null, SocketFactory.getDefault(), 20, enough);
        if (tls != null) {
            try {
                warm(app, tls, trusting(tls).getSocketFactory(), 10, enough);
            } catch (GeneralSecurityException e) {
                Log.debug("TLS warm-up skipped: " + e);
            }
        }
    }

    private static void warm(App app, KeyMaterial tls, SocketFactory sockets, int requests, BooleanSupplier enough) {
        JettyServer server = null;
        try {
            server = JettyServer.start(app, HttpOptions.defaults().withAccessLog(false), tls, null);
            for (int i = 0; i < requests && !enough.getAsBoolean(); i++) {
                request(sockets, server.port(), "/warm/" + i);
            }
        } catch (Exception e) {
            Log.debug("Warm-up skipped: " + e);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /** A client that trusts exactly the certificate it is about to be shown, its own. */
    private static SSLContext trusting(KeyMaterial tls) throws GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(tls.keyStore());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static void request(SocketFactory sockets, int port, String path) throws IOException {
        try (Socket socket = sockets.createSocket()) {
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
