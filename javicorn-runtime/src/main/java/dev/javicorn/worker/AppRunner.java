package dev.javicorn.worker;

import java.time.Duration;

/** Runs one kind of app inside a worker: starts it, tells when it can serve, stops it. */
interface AppRunner {
    /**
     * Loads and starts the app on the calling (main) thread; returns once it accepts connections.
     *
     * @throws BadAppException if the target is not a usable app (exit 1)
     * @throws Exception if the app's own startup fails (exit 3)
     */
    void start() throws Exception;

    /**
     * Proves the app can still serve: returns only once a probe went through the same path a
     * request takes. Blocks for as long as the app is stuck; called on a thread of its own.
     */
    void probe() throws Exception;

    /** Requests served so far, or -1 if the runner cannot tell (main-class apps). */
    long served();

    /** Requests in flight now, or -1 if the runner cannot tell (main-class apps). */
    default int inFlight() {
        return -1;
    }

    /**
     * Stops accepting, drains in-flight work for at most {@code grace}, runs shutdown hooks.
     * {@code restart}: another worker takes over (its long-lived connections are told to come back).
     */
    void stop(Duration grace, boolean restart);

    /** The target is not a usable app; the message is one sentence for the user. */
    final class BadAppException extends Exception {
        BadAppException(String message) {
            super(message);
        }
    }
}
