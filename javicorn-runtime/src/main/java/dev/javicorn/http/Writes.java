package dev.javicorn.http;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Waiting for a write that Jetty completes: not cut short by an interrupt (a stream or socket
 * being ended), since a write left pending would fail the next one; the interrupt is kept for the
 * caller's next blocking call instead.
 */
final class Writes {
    private Writes() {}

    /**
     * Blocks until {@code written} completes.
     *
     * @throws IOException if the write failed (the connection is gone), saying {@code what} failed
     */
    static void await(Future<?> written, String what) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    written.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IOException(what + ": " + e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
