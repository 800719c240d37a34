package com.example;

import io.vertx.core.Vertx;

/** A Vert.x HTTP server on its usual port, answering with the pid of the process that serves. */
public class Main {
    public static void main(String[] args) {
        long pid = ProcessHandle.current().pid();
        Vertx.vertx().createHttpServer()
                .requestHandler(request -> request.response().end("hello from vert.x " + pid))
                .listen(8080);
    }
}
