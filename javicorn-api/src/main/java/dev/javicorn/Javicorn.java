package dev.javicorn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.util.Optional;

/**
 * What a main-class app (any framework) may ask javicorn: where to listen, and the supervisor's own
 * listening socket.
 *
 * <p>An app that serves on {@link #listener()} instead of binding its port shares one socket with
 * the worker that replaces it, so a reload or a rolling restart starts the new worker before the
 * old one stops and no connection is refused in between. With Jetty-based frameworks, open a
 * connector on it, e.g. {@code connector.setInheritChannel(true)}. javicorn notices the call in the
 * app's compiled classes and then binds the socket for the app; such an app counts as ready once
 * its {@code main} has returned.
 */
public final class Javicorn {
    private Javicorn() {}

    /**
     * The listening socket the supervisor shares with this worker, already bound: accept on it,
     * never bind it. Empty when the app does not run under javicorn or javicorn shares no socket
     * with it; the app should then bind {@link #port()} itself.
     *
     * @throws UncheckedIOException if the inherited socket cannot be obtained
     */
    public static Optional<ServerSocketChannel> listener() {
        if (!Boolean.getBoolean("javicorn.shared-socket")) {
            return Optional.empty();
        }
        try {
            Channel channel = System.inheritedChannel();
            return channel instanceof ServerSocketChannel socket ? Optional.of(socket) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port to listen on: {@code javicorn.port}, else {@code PORT}, else {@code fallback}. */
    public static int port(int fallback) {
        String value = System.getProperty("javicorn.port", System.getenv("PORT"));
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
    }

    /** The host to listen on: {@code javicorn.host}, else {@code HOST}, else {@code fallback}. */
    public static String host(String fallback) {
        String value = System.getProperty("javicorn.host", System.getenv("HOST"));
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
