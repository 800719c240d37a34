package dev.javicorn.supervise;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the supervisor looks like at the end of one turn of its loop: immutable, so it may be read
 * from any thread once the loop has published it.
 *
 * @param at the turn's nanoTime (CLOCK_MONOTONIC on Linux)
 * @param phase where javicorn is, for sd_notify and readiness
 * @param desired the serving workers wanted ({@code --workers}, after TTIN and TTOU)
 * @param serving the workers that serve and are ready
 * @param workers the workers by state ({@code standby}, {@code starting}, {@code ready}, {@code draining}, {@code killed})
 * @param served the requests of each ready serving worker, by pid, as of its last health check
 * @param counts what happened since javicorn started
 */
public record Snapshot(long at, Phase phase, int desired, int serving, Map<String, Integer> workers,
                       Map<Long, Requests> served, Counts counts) {
    public Snapshot {
        workers = Map.copyOf(workers);
        served = Map.copyOf(served);
    }

    /** The fleet as observers see it at the end of a turn; control-loop thread only. */
    static Snapshot of(Fleet fleet, long now, Phase phase) {
        Map<String, Integer> states = new TreeMap<>();
        Map<Long, Requests> served = new TreeMap<>();
        fleet.stream().forEach(w -> {
            states.merge(w.stateName(), 1, Integer::sum);
            if (w.isServing() && w.isReady()) {
                served.put(w.pid(), new Requests(w.served(), w.inFlight()));
            }
        });
        return new Snapshot(now, phase, fleet.desired(), served.size(), states, served, fleet.tally().counts());
    }

    /** Requests a worker served and has in flight; each -1 when the app kind cannot tell. */
    public record Requests(long served, int inFlight) {}

    /**
     * Counters since javicorn started.
     *
     * @param exits workers that ended after they were asked to, by reason ({@code reload},
     *     {@code restart}, {@code recycle}, {@code unhealthy}, {@code deadlock}, {@code fewer}, {@code stop}, {@code stale})
     * @param crashes serving workers that ended on their own, by cause ({@code SIGKILL}, {@code signal 6},
     *     {@code exit 1})
     * @param failedStarts workers that ended before they were ready
     * @param reloads reloads served, with their total and last duration (change to old workers gone)
     * @param restarts rolling restarts (HUP) done, with their total and last duration
     */
    public record Counts(Map<String, Long> exits, Map<String, Long> crashes, long failedStarts,
                         Timings reloads, Timings restarts) {
        public Counts {
            exits = Map.copyOf(exits);
            crashes = Map.copyOf(crashes);
        }
    }

    /** How many times something was done, and how long it took in total and the last time, in nanoseconds. */
    public record Timings(long count, long totalNanos, long lastNanos) {
        public static final Timings NONE = new Timings(0, 0, 0);

        public Timings plus(long nanos) {
            return new Timings(count + 1, totalNanos + nanos, nanos);
        }
    }
}
