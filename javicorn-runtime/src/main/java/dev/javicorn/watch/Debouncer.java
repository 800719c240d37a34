package dev.javicorn.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Groups a burst of changes into one {@link ChangeSet}.
 *
 * <p>A set is due once no change has arrived for the quiet period, or once the oldest pending change
 * has waited the maximum wait, so a never-ending trickle (a tool rewriting a file every few
 * milliseconds) still yields a set now and then. Time is passed in as {@link System#nanoTime()}
 * readings, which keeps this class a plain state machine that tests drive with made-up clocks:
 * <pre>
 *   EMPTY --add--> PENDING --add--> PENDING (quiet deadline moves, max deadline does not)
 *   PENDING --drain when due--> EMPTY
 * </pre>
 * Not thread-safe: owned by the watcher's thread.
 */
final class Debouncer {

    /**
     * 50 ms: an editor's save (truncate+write, temp+rename, vim's rename+write+chmod) completes within
     * a few milliseconds, and tools that touch many files ({@code git checkout}, a formatter) write
     * them far less than 50 ms apart, so 50 ms of silence means the burst is over. It is also the step
     * watchfiles (uvicorn's preferred reloader) uses. uvicorn's 250 ms would be a quarter of a second
     * added to every reload for nothing.
     */
    static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMillis(50);

    /** Like watchfiles' 1600 ms debounce: long enough for a large checkout, short enough to notice. */
    static final Duration MIN_MAX_WAIT = Duration.ofMillis(1600);

    private final long quietNanos;
    private final long maxWaitNanos;
    private final Map<Path, Change> pending = new LinkedHashMap<>();
    private long firstAt;
    private long lastAt;

    /**
     * @throws IllegalArgumentException if {@code quietPeriod} is negative or {@code maxWait} is
     *     shorter than {@code quietPeriod}
     */
    Debouncer(Duration quietPeriod, Duration maxWait) {
        if (quietPeriod.isNegative()) {
            throw new IllegalArgumentException("--reload-delay < 0: " + quietPeriod);
        }
        if (maxWait.compareTo(quietPeriod) < 0) {
            throw new IllegalArgumentException("max wait " + maxWait + " < quiet period " + quietPeriod);
        }
        this.quietNanos = quietPeriod.toNanos();
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** The maximum wait that goes with a quiet period: the greater of 1.6 s and 4 quiet periods. */
    static Duration maxWaitFor(Duration quietPeriod) {
        // Not Duration.multipliedBy, which multiplies through BigDecimal: 40 ms to initialize on a cold JVM.
        Duration fourQuiet = Duration.ofNanos(Math.multiplyExact(quietPeriod.toNanos(), 4));
        return fourQuiet.compareTo(MIN_MAX_WAIT) > 0 ? fourQuiet : MIN_MAX_WAIT;
    }

    void add(Change change, long now) {
        if (pending.isEmpty()) {
            firstAt = now;
        }
        lastAt = now;
        pending.merge(change.path(), change, Change::then);
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Nanoseconds until a set is due: 0 if due now, {@link Long#MAX_VALUE} if nothing is pending. */
    long nanosUntilDue(long now) {
        if (pending.isEmpty()) {
            return Long.MAX_VALUE;
        }
        long quietLeft = quietNanos - (now - lastAt);
        long maxLeft = maxWaitNanos - (now - firstAt);
        return Math.max(0, Math.min(quietLeft, maxLeft));
    }

    /** The pending set if it is due, else {@code null}; a returned set is no longer pending. */
    ChangeSet drainIfDue(long now) {
        if (pending.isEmpty() || nanosUntilDue(now) > 0) {
            return null;
        }
        ChangeSet set = new ChangeSet(new ArrayList<>(pending.values()));
        pending.clear();
        return set;
    }
}
