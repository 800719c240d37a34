package dev.javicorn.supervise;

import java.time.Duration;

/**
 * The backoff between restarts of workers that crash after they served: at once the first time,
 * then doubling from 100 ms up to 10 s while crashes follow each other; a worker that served for
 * 10 s before it crashed starts the count again.
 */
final class Crashes {
    private static final Duration BACKOFF_MIN = Duration.ofMillis(100);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(10);
    private static final Duration STABLE = Duration.ofSeconds(10);

    private int count;
    private long restartAt = Long.MIN_VALUE;

    /** Records a crash of a worker ready since {@code readyAt}. */
    void crashed(long readyAt, long now) {
        count = now - readyAt >= STABLE.toNanos() ? 1 : count + 1;
        restartAt = count > 1 ? now + backoff(count).toNanos() : now;
    }

    /** The attempt number of the replacement of the last crash: 1 for the first in a row. */
    int attempt() {
        return count;
    }

    /** How long the replacement of the last crash waits. */
    Duration delay() {
        return count > 1 ? backoff(count) : Duration.ZERO;
    }

    boolean mayRestart(long now) {
        return now >= restartAt;
    }

    /** The nanoTime of the next restart, or Long.MAX_VALUE if none waits. */
    long nextDeadline(long now) {
        return restartAt > now ? restartAt : Long.MAX_VALUE;
    }

    static Duration backoff(int crashes) {
        long millis = BACKOFF_MIN.toMillis() << Math.min(crashes - 1, 20);
        return Duration.ofMillis(Math.min(millis, BACKOFF_MAX.toMillis()));
    }
}
