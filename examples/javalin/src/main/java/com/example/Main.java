package com.example;

import io.javalin.Javalin;

/**
 * Starts Javalin on {@code HOST}:{@code PORT} from the environment (defaults 0.0.0.0:7070), the
 * way a platform or javicorn tells an app where to listen.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String host = System.getenv().getOrDefault("HOST", "0.0.0.0");
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "7070"));
        HelloController hello = new HelloController();
        Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.routes.get("/", hello::index);
        }).start();
    }
}
