package dev.javicorn.supervise;

import dev.javicorn.process.Control;
import dev.javicorn.watch.ChangeSet;

/**
 * What the control loop reacts to. Other threads (a worker's reader and reaper, the signal
 * handler, the file watcher, the build thread) only create events and queue them; the loop alone
 * acts.
 */
sealed interface Event {
    /** A message a worker sent on its control channel. */
    record Message(Worker worker, Control.ToSupervisor message) implements Event {}

    /** A worker process was reaped, with its raw wait status. */
    record Exited(Worker worker, int status) implements Event {}

    /** A signal arrived: INT, TERM, HUP, TTIN or TTOU. */
    record Signal(String name) implements Event {}

    /** Files the app is made of changed (reload mode). */
    record Changed(ChangeSet changes) implements Event {}

    /** A build finished: its workers may start. */
    record Built(Build build) implements Event {}

    /**
     * A build failed, and said why in the log already (javac's errors, Maven's one line). A fatal
     * failure ends javicorn with {@code exitCode} even under {@code --reload} (a port in use).
     */
    record BuildFailed(boolean fatal, int exitCode) implements Event {}
}
