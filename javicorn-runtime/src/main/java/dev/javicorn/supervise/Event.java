package dev.javicorn.supervise;

/**
 * What the control loop reacts to. Other threads (a worker's reader and reaper, the signal
 * handler, the file watcher) only create events and queue them; the loop alone acts.
 */
sealed interface Event {
    /** A line a worker sent on its control channel. */
    record Message(Worker worker, String line) implements Event {}

    /** A worker process was reaped, with its raw wait status. */
    record Exited(Worker worker, int status) implements Event {}

    /** A signal arrived: INT, TERM, HUP, TTIN or TTOU. */
    record Signal(String name) implements Event {}

    /** Files the app is made of changed (reload mode). */
    record Changed(dev.javicorn.watch.ChangeSet changes) implements Event {}
}
