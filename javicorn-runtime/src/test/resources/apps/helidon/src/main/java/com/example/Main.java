package com.example;

import io.helidon.webserver.WebServer;

/** A Helidon SE web server on 8080 (virtual threads, blocking accept), answering with its pid. */
public class Main {
    public static void main(String[] args) {
        long pid = ProcessHandle.current().pid();
        WebServer.builder()
                .port(8080)
                .routing(routing -> routing.get("/", (request, response) -> response.send("hello from helidon " + pid)))
                .build()
                .start();
    }
}
