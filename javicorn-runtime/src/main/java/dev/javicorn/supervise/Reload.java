package dev.javicorn.supervise;

import dev.javicorn.log.Log;

/**
 * The times of one reload, from the change to the moment the last worker of the old build is
 * gone, for the one log line that reports them. Owned by the control loop; it refers to no worker:
 * the loop tells it when the new build is ready and when the old one is gone.
 *
 * <p>Swap (the workers share the supervisor's socket): build, start the new worker, and once it
 * is ready stop the old one. Stop first (apps that bind their own port): build, stop the old
 * worker, start the new one.
 */
final class Reload {
    private final long changed;
    private long built;
    private boolean hadOld;
    private boolean stopFirst;
    private long ready;
    private long oldGone;

    Reload(long changed) {
        this.changed = changed;
    }

    void built(long now, boolean hadOld, boolean stopFirst) {
        this.built = now;
        this.hadOld = hadOld;
        this.stopFirst = stopFirst;
    }

    boolean isBuilt() {
        return built != 0;
    }

    void ready(long now) {
        if (ready == 0) {
            ready = now;
        }
    }

    void oldGone(long now) {
        if (oldGone == 0) {
            oldGone = now;
        }
    }

    /** From the change to the first response of the new build, once it served; else 0. */
    long servedAfter() {
        return ready == 0 ? 0 : ready - changed;
    }

    /** Logs the reload's times once the new build serves and the old one is gone; true once logged. */
    boolean reportIfDone(long now) {
        if (ready == 0 || oldGone == 0) {
            return false;
        }
        long compile = millis(built - changed);
        if (!hadOld) {
            Log.info("Reloaded in " + millis(ready - changed) + " ms (compile " + compile + " ms, start "
                    + millis(ready - built) + " ms)");
        } else if (stopFirst) {
            Log.info("Reloaded in " + millis(ready - changed) + " ms (compile " + compile + " ms, stop "
                    + millis(oldGone - built) + " ms, start " + millis(ready - oldGone) + " ms)");
        } else {
            Log.info("Reloaded in " + millis(ready - changed) + " ms (compile " + compile + " ms, start "
                    + millis(ready - built) + " ms, swap " + millis(oldGone - ready) + " ms)");
        }
        return true;
    }

    private static long millis(long nanos) {
        return Math.max(0, nanos / 1_000_000);
    }
}
