/**
 * The supervisor: one control loop that owns every worker process.
 *
 * <h2>Theory of operation</h2>
 *
 * <p>{@link dev.javicorn.supervise.Server} checks the input, binds the listening socket once
 * (native apps) and builds the app; then {@link dev.javicorn.supervise.Supervisor#run} takes over.
 * From there on a single thread acts on processes. Everything else only queues an
 * {@code Event}: each worker's reader thread (lines from its control channel: READY, POOL, PONG, DUMP,
 * FAILED), its reaper thread (the exit status from {@code waitpid}), the signal handlers (INT,
 * TERM, HUP, TTIN, TTOU) and the file watcher (a debounced change set). No lock guards worker
 * state, because no other thread touches it.
 *
 * <p>A worker moves through {@code WorkerState}: Standby (a spare) -> Starting -> Ready ->
 * Draining -> Killed -> Exited. Every state but Ready and Exited has a deadline, and the loop
 * wakes for the nearest one, so nothing waits forever: a stop is always over within the grace
 * period plus the time a SIGKILL takes. Shortly before a draining worker's deadline the loop asks
 * it for its thread stacks; at the deadline it logs them with the processes still alive in the
 * worker's session, and kills the session.
 *
 * <p>Replacing a worker — a reload, a rolling restart, a recycle after N requests, a failed health
 * check — is a swap: the new worker starts (or a warmed-up spare is told to load the app), and the
 * old one is asked to stop only once the new one is ready. Both accept on the same socket, so no
 * connection is refused in between. Apps that bind their own port cannot overlap, and are stopped
 * first. A crash is replaced at once, then with an exponential backoff if crashes repeat; if no
 * worker ever became ready the app cannot start and the loop ends with status 3 (in reload mode it
 * waits for the next change instead).
 */
package dev.javicorn.supervise;
