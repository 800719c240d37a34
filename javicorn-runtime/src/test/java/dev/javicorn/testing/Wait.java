package dev.javicorn.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls for a condition with a deadline: tests wait for states, never for a fixed time. */
public final class Wait {
    private static final long POLL_MILLIS = 10;

    private Wait() {}

    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                throw new AssertionError(failure.get());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(POLL_MILLIS * 1_000_000);
        }
    }

    /** How long the condition took to become true. */
    public static Duration timed(BooleanSupplier condition, Duration timeout, Supplier<String> failure) {
        long start = System.nanoTime();
        until(condition, timeout, failure);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Checks that the condition stays true for the whole window: the one way to show that
     * something does not happen (a retry that must not come). Fails as soon as it turns false.
     */
    public static void holds(BooleanSupplier condition, Duration window, Supplier<String> failure) {
        long end = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < end) {
            if (!condition.getAsBoolean()) {
                throw new AssertionError(failure.get());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(POLL_MILLIS * 1_000_000);
        }
    }
}
