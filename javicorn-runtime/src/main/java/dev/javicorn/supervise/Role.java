package dev.javicorn.supervise;

/**
 * What a worker is for. Every worker has exactly one role, kept on the worker itself; on every
 * turn the control loop compares the workers it wants with the roles it has and acts on the
 * difference ({@link Fleet#reconcile}). A role changes only on the loop's thread:
 *
 * <pre>
 * Spare(build) --GO--> Serving <-- promoted when ready -- Successor(of W)
 *                         |                                     |
 *                         '--- stop, replaced, fewer ---> Retiring(reason) <--- outdated ---'
 * MakingCache: the run that makes a main-class app's start-up cache; killed at its deadline or on a stop.
 * </pre>
 */
sealed interface Role {
    /** A JVM started and warmed up ahead of need, for build number {@code build}; serves nothing yet. */
    record Spare(int build) implements Role {}

    /** Counts toward {@code --workers}: starting (a gap being filled) or serving. */
    record Serving() implements Role {}

    /** Starting to take over from {@code replaces}, which keeps serving until this one is ready. */
    record Successor(Worker replaces, Reason reason) implements Role {}

    /** Told to stop; leaves the fleet when reaped. */
    record Retiring(Reason reason) implements Role {}

    /** The JVM that makes a main-class app's start-up cache from a worker's recording (see AppStartupCache). */
    record MakingCache(long deadline, java.util.function.IntConsumer finished) implements Role {}

    /** Why a worker is replaced or retired, as the log says it. */
    enum Reason {
        RELOAD("reload"),
        RESTART("rolling restart"),
        RECYCLE("served its share of requests"),
        UNHEALTHY("failed its health check"),
        DEADLOCK("deadlocked threads"),
        FEWER("fewer workers wanted"),
        STOP("stop"),
        STALE("a newer build came");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
