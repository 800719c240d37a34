package dev.javicorn.supervise;

import dev.javicorn.log.Log;

/**
 * One reload in progress, from the change to the old worker's exit, with the time each step took
 * for the one log line that reports it. Owned by the control loop.
 *
 * <p>Swap (native apps): build, start the new worker, and once it is ready stop the old one.
 * Stop first (apps that bind their own port): build, stop the old worker, start the new one.
 */
final class Reload {
    private final long started;
    private final long built;
    private final Worker old;
    private final boolean stopFirst;
    private Worker fresh;
    private long oldGone;
    private long ready;

    Reload(long started, long built, Worker old, boolean stopFirst) {
        this.started = started;
        this.built = built;
        this.old = old;
        this.stopFirst = stopFirst;
    }

    Worker old() {
        return old;
    }

    Worker fresh() {
        return fresh;
    }

    boolean stopFirst() {
        return stopFirst;
    }

    void started(Worker worker) {
        fresh = worker;
    }

    void oldGone(long now) {
        oldGone = now;
    }

    void ready(long now) {
        ready = now;
    }

    boolean isReady() {
        return ready != 0;
    }

    /** Logs the reload's times; called once both the new worker is ready and the old one is gone. */
    void report(long now) {
        long compile = millis(built - started);
        if (old == null) {
            Log.info("Reloaded in " + millis(ready - started) + " ms (compile " + compile + " ms, start "
                    + millis(ready - built) + " ms)");
        } else if (stopFirst) {
            Log.info("Reloaded in " + millis(ready - started) + " ms (compile " + compile + " ms, stop "
                    + millis(oldGone - built) + " ms, start " + millis(ready - oldGone) + " ms)");
        } else {
            Log.info("Reloaded in " + millis(ready - started) + " ms (compile " + compile + " ms, start "
                    + millis(ready - built) + " ms, swap " + millis(now - ready) + " ms)");
        }
    }

    private static long millis(long nanos) {
        return Math.max(0, nanos / 1_000_000);
    }
}
