package com.example;

import io.javalin.Javalin;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Starts Javalin on {@code HOST}:{@code PORT} from the environment (defaults 0.0.0.0:7070), the
 * way a platform or javicorn tells an app where to listen.
 *
 * <p>Under javicorn it also accepts on the supervisor's own socket when javicorn shares one
 * ({@code javicorn.shared-socket}): the new worker of a reload then serves before the old one
 * stops, and no request fails in between. Outside javicorn nothing changes.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String host = System.getenv().getOrDefault("HOST", "0.0.0.0");
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "7070"));
        boolean shared = Boolean.getBoolean("javicorn.shared-socket");
        HelloController hello = new HelloController();
        Javalin.create(config -> {
            if (shared) {
                // Jetty opens System.inheritedChannel(): the socket javicorn bound, never bound here.
                config.jetty.addConnector((server, http) -> {
                    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                    connector.setInheritChannel(true);
                    return connector;
                });
            } else {
                config.jetty.host = host;
                config.jetty.port = port;
            }
            config.routes.get("/", hello::index);
        }).start();
    }
}
