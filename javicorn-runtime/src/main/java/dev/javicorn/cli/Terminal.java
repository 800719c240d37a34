package dev.javicorn.cli;

import dev.javicorn.process.Libc;

/**
 * Whether our output goes to a person at a terminal, which is when colors help: standard input
 * and output are both terminals, as {@code System.console().isTerminal()} says, without the
 * console providers the JDK would look up (about 20 ms of a cold start).
 */
final class Terminal {
    private Terminal() {}

    static boolean isInteractive() {
        return System.getenv("NO_COLOR") == null && Libc.isTerminal(0) && Libc.isTerminal(1);
    }
}
