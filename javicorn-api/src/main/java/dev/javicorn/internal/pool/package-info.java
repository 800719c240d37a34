/**
 * The machinery behind {@link dev.javicorn.ProcessPool}; not part of the API.
 *
 * <h2>Theory of operation</h2>
 *
 * <p><b>Processes.</b> {@link dev.javicorn.internal.pool.PoolCore} starts {@code size} worker JVMs
 * with {@link java.lang.ProcessBuilder}: the owner's {@code java.home}, its classpath (module-path
 * entries appended), fast-start options, and {@link dev.javicorn.internal.pool.ChildMain} as the
 * main class. A worker's stdin carries tasks, its stdout carries replies, its stderr is the
 * owner's stderr. The worker points {@code System.out} at stderr, so nothing a task prints can
 * corrupt the reply stream; a handshake number, sent first, catches anything else that writes
 * there.
 *
 * <p><b>No orphans.</b> Only the owner holds the write end of a worker's stdin. When the owner
 * ends, however it ends, the kernel closes that end; the worker's main thread, which does nothing
 * but read stdin, sees end-of-file, kills the worker's descendants and halts. Tasks run on a
 * second thread, so a task in an endless loop does not delay this. A normal shutdown uses the
 * same path: the owner closes the pipe. Nothing depends on a shutdown hook, a signal handler or
 * on the owner remembering to clean up.
 *
 * <p><b>Tasks.</b> {@code submit} serializes the task on the caller's thread (so a task that
 * cannot travel fails there) and queues it. One lock guards the queue and the workers. Each
 * worker gets one task at a time: with more in flight a short task could wait behind a long one
 * while another worker sits idle. Pipelining two per worker measured about 60% more throughput
 * for tiny tasks, a trade this pool does not make. Replies arrive in the order tasks were sent,
 * so the reply at the head of a worker's stream always answers the oldest task in flight.
 *
 * <p><b>Threads.</b> The owner has one daemon reader thread per worker. It reads a reply, sends
 * that worker its next task, and only then, without the lock, completes the future. When the
 * stream ends it waits (bounded) for the process's exit status, fails the task that was running
 * with that status, and starts a replacement. After three workers in a row die before their
 * handshake, queued tasks are failed rather than fed to a worker that cannot start.
 *
 * <p><b>States.</b> {@code RUNNING -> SHUTDOWN -> TERMINATED}. {@code shutdown} rejects new tasks;
 * a worker's stdin is closed once the queue is empty and it is idle, and the pool is terminated
 * when the last worker has exited. {@code shutdownNow} cancels queued and running tasks and kills
 * every worker and its descendants. {@code close} is {@code shutdown}, a wait of at most the
 * shutdown deadline, then {@code shutdownNow} and a short wait for the kills to land.
 * {@code maxTasksPerChild} closes a spent worker's stdin and starts its replacement at once.
 *
 * <p><b>Standby workers.</b> javicorn's spare worker JVM, waiting for the next build of an app that
 * used pools, starts pool workers ahead through {@link dev.javicorn.internal.pool.Standby}; they
 * warm up a task's round trip while they wait, and the next pool with default JVM options takes
 * them instead of starting new ones.
 */
package dev.javicorn.internal.pool;
