package dev.javicorn.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What the code under test writes to {@code System.err} (where javicorn's log goes) while some steps run. */
public final class StandardError {
    private StandardError() {}

    /** Runs {@code steps} with {@code System.err} captured, and returns what was written to it. */
    public static String during(Runnable steps) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            steps.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
