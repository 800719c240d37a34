/**
 * The supervisor: one control loop that owns every worker process.
 *
 * <h2>Theory of operation</h2>
 *
 * <p>{@link dev.javicorn.supervise.Server} checks the input, binds the listening socket (native
 * apps) and hands over to {@link dev.javicorn.supervise.Supervisor}. From there on a single thread
 * acts on processes, and nothing it does waits: everything else only queues an {@code Event}.
 * Each worker's reader thread (its {@link dev.javicorn.process.Control} messages), its reaper
 * thread (the exit status from {@code waitpid}), the signal handlers (INT, TERM, HUP, TTIN,
 * TTOU), the file watcher (a debounced change set) and the build thread ({@code Builds}: compile,
 * Maven resolution, resources — {@code Built} or {@code BuildFailed}). A newer change or a stop
 * cancels a build still running, Maven's whole process tree included. No lock guards worker
 * state, because no other thread touches it.
 *
 * <p>Each turn the loop handles the events queued, moves the workers whose deadline has passed,
 * and reconciles ({@code Fleet}): it compares what is wanted with what is and acts on the
 * difference. Every worker carries its {@code Role} — a spare for build N, serving, the successor
 * of W, retiring, or making the start-up cache of a main-class app — and the epoch it runs; the epoch grows
 * with each build and each HUP. What is wanted: {@code --workers} serving workers of the current
 * epoch, healthy and under their request limit, plus warm spares. So an outdated or condemned
 * worker gets a successor (a warm spare told to load the app, or a new JVM), one at a time; once
 * the successor is ready it serves and the old one retires. Both accept on the same socket, so no
 * connection is refused in between. An app that binds its own port is retired first, and the gap
 * is filled once it is gone.
 *
 * <p>A worker's life is a {@code WorkerState}: Standby (a spare) -> Starting -> Ready -> Draining
 * -> Killed -> Exited. Every state but Ready and Exited has a deadline, and the loop wakes for the
 * nearest one, so a stop is always over within the grace period plus the time a SIGKILL takes.
 * Shortly before a draining worker's deadline the loop asks it for its thread stacks; at the
 * deadline it logs them with the processes still alive in the worker's session, and kills the
 * session.
 *
 * <p>How an end is taken depends on the role ({@code Exits}): a successor that never became ready
 * leaves its old worker serving and its epoch is not tried again; a worker that crashes after it
 * served is replaced at once, then with a backoff (100 ms doubling up to 10 s) if crashes repeat;
 * a start that fails under {@code --reload} waits for the next change; without it, if no worker
 * ever served, the app cannot start and javicorn exits with status 3. An unexpected exception on
 * the loop is one log line; the workers are stopped within the usual bounds and javicorn exits 1.
 *
 * <p>What the outside sees of the loop goes through {@code Observer}s: at the end of every turn,
 * and at the moment a stop begins (before any worker is told to stop), the loop hands each one an
 * immutable {@code Snapshot}: its {@code Phase}, the workers by state, and the {@code Tally} of
 * every end by its reason. systemd's notifier, the admin endpoint and the orphan reaper (as PID 1)
 * are observers; none of them may block, and none of them touches a worker.
 */
package dev.javicorn.supervise;
