package com.example;

import io.javalin.Javalin;

/** Starts Javalin on its default port, 7070, as any Javalin app does: nothing here is for javicorn. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        HelloController hello = new HelloController();
        Javalin.create(config -> config.routes.get("/", hello::index)).start(7070);
    }
}
