package dev.javicorn.supervise;

import dev.javicorn.config.Config;
import dev.javicorn.log.Log;
import dev.javicorn.process.ListenSocket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the workers listen, decided once: on the socket the supervisor binds and shares with
 * every worker (native apps, and main-class apps that accept on it), or on a port an app binds
 * itself. {@link #announce} says where, in the one {@code Javicorn running on} line. Decided by the first build's
 * thread, read by later builds; closed by the server once the loop is over.
 */
final class Listening implements AutoCloseable {
    private final Config config;
    private ListenSocket socket;
    private int port = -1;
    private String display;

    Listening(Config config) {
        this.config = config;
    }

    /** Binds the shared socket (once). */
    synchronized void share() throws ListenSocket.BindException {
        if (port >= 0) {
            return;
        }
        Config.Listen listen = config.listen();
        if (listen.fd() != null) {
            socket = ListenSocket.inherited(listen.fd());
        } else if (listen.uds() != null) {
            deleteQuietly(listen.uds());
            socket = ListenSocket.unix(listen.uds(), listen.backlog());
        } else {
            socket = ListenSocket.tcp(listen.host(), listen.port(), listen.backlog());
        }
        port = socket.port();
        display = socket.display();
    }

    /** Leaves the port to the app (once): the configured one, or a free one for {@code --port 0}. */
    synchronized void leaveToApp() throws ListenSocket.BindException {
        if (port >= 0) {
            return;
        }
        try {
            port = config.listen().port() != 0 ? config.listen().port() : freePort(null);
        } catch (IOException e) {
            throw new ListenSocket.BindException("cannot find a free port: " + e.getMessage());
        }
        display = "http://" + config.listen().host() + ":" + port;
    }

    synchronized boolean decided() {
        return port >= 0;
    }

    /** The shared socket's descriptor, or -1 when the app binds its own port. */
    synchronized int fd() {
        return socket == null ? -1 : socket.fd();
    }

    synchronized int port() {
        return port;
    }

    /** Says where javicorn runs, in uvicorn's words (https with TLS); once the decision is made. */
    synchronized void announce() {
        String shown = config.http().tls().enabled() && display.startsWith("http://") ? "https://" + display.substring(7) : display;
        Log.info("Javicorn running on " + Log.bold(shown) + " (Press CTRL+C to quit)");
    }

    /** A port free at this moment on {@code address} (every address when null), for an app that binds its own. */
    static int freePort(InetAddress address) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, address)) {
            return probe.getLocalPort();
        }
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            socket.close();
            if (config.listen().uds() != null) {
                deleteQuietly(config.listen().uds());
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            Log.debug("could not delete " + path + ": " + e.getMessage());
        }
    }
}
