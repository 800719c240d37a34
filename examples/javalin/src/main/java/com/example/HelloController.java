package com.example;

import io.javalin.http.Context;

/** The app's one endpoint; edit the message and save to see javicorn --reload pick it up. */
public final class HelloController {
    static final String MESSAGE = "Hello from Javalin";

    public void index(Context ctx) {
        ctx.result(MESSAGE);
    }
}
