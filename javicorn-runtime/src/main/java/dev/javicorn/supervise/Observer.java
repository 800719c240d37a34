package dev.javicorn.supervise;

/**
 * Told what the control loop sees at the end of each turn: the systemd notifier, the admin
 * endpoint, the orphan reaper. Called on the loop's thread, so an observer must never block; one
 * that throws is an internal error of the loop.
 */
public interface Observer {
    void turned(Snapshot snapshot);

    /** The nanoTime by which the loop must turn again for this observer (a watchdog ping), or Long.MAX_VALUE. */
    default long nextTurn() {
        return Long.MAX_VALUE;
    }
}
