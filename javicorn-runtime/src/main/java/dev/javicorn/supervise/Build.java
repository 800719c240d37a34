package dev.javicorn.supervise;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * One finished build of the app, as the control loop sees it: immutable, made on the build
 * thread, read on the loop.
 *
 * @param number the build's number, growing with each successful build (1 for the first)
 * @param launcher starts workers that run this build
 * @param sharesSocket its workers accept on the supervisor's socket, so a new one can start
 *     before the old one stops; false for an app that binds its own port (stop first)
 * @param spares starts spare workers for this build or one to come
 * @param dependenciesChanged true when the dependencies changed (a pom edit): spares started
 *     before it name the old ones and are of no use
 * @param makeCache the run that makes a main-class app's start-up cache, if one is wanted
 */
record Build(int number, WorkerProcess.Launcher launcher, boolean sharesSocket, Spares spares, boolean dependenciesChanged,
             Optional<MakeCache> makeCache) {

    /** Starts spare workers. */
    @FunctionalInterface
    interface Spares {
        /** No spares: an app that binds its own port waits for it anyway. */
        Spares NONE = (build, poolWorkers) -> Optional.empty();

        /**
         * A launcher of spares for build {@code build} (this one or one to come), whose JVM starts
         * {@code poolWorkers} process-pool workers ahead; empty when the app cannot use spares.
         */
        Optional<WorkerProcess.Launcher> launcher(int build, int poolWorkers);
    }

    /**
     * The run that makes a main-class app's start-up cache from a worker's recording: started by
     * the loop like any worker once {@code ready} (the recording is complete), killed after
     * {@code limit} or on a stop; {@code finished} takes its wait status on the loop.
     */
    record MakeCache(WorkerProcess.Launcher launcher, Duration limit, BooleanSupplier ready, IntConsumer finished) {}
}
