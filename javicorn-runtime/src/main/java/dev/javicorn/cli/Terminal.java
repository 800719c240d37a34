package dev.javicorn.cli;

import java.io.Console;

/** Whether our output goes to a person at a terminal, which is when colors help. */
final class Terminal {
    private Terminal() {}

    static boolean isInteractive() {
        if (System.getenv("NO_COLOR") != null) {
            return false;
        }
        Console console = System.console();
        return console != null && console.isTerminal();
    }
}
