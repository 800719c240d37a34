package dev.javicorn.supervise;

import dev.javicorn.watch.ChangeSet;

/**
 * What the control loop needs from the app's build to reload it. Called on the control loop's
 * thread only.
 */
interface Reloadable {
    /**
     * Rebuilds the app after {@code changes} and returns a launcher for workers running the new
     * build, or {@code null} if the build failed — after reporting why (compile errors with file
     * and line), so the loop only has to keep the last good worker serving.
     */
    WorkerProcess.Launcher rebuild(ChangeSet changes);

    /**
     * True for apps that bind their own port: the old worker must be gone before the new one can
     * listen. Native apps share the supervisor's socket and swap with no gap.
     */
    boolean stopBeforeStart();

    /**
     * Whether a spare started before the last rebuild may serve it: not when the rebuild changed
     * the dependencies (a pom edit), since the spare's classpath names the old ones. Resets.
     */
    boolean takeSpareValidity();

    /**
     * The number of the current build, which grows with each successful one; a spare started for
     * a build to come runs only once this number reaches it.
     */
    int generation();
}
