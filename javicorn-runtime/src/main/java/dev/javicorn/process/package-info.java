/**
 * Processes, sessions and signals, through the few libc calls the JDK does not offer.
 *
 * <h2>Theory of operation</h2>
 *
 * <p>A worker is started with {@code posix_spawn} (called through the FFM API) so that it leads a
 * new session, and so a new process group, with the supervisor's listening socket as its fd 0
 * (where {@code System.inheritedChannel()} finds it) and one end of a socket pair as its fd 3 (the
 * control channel). Every other descriptor is closed in the child, so a worker holds no end of
 * another worker's channel.
 *
 * <p>The session is what makes "no orphans" complete. Whatever a worker starts stays in its
 * session: children, grandchildren re-parented to init when their parent exits, processes that
 * moved to a process group of their own. So killing the process group and then every process
 * left in the session ({@link dev.javicorn.process.ProcessTree}) reaches them all, unless one
 * called {@code setsid} itself. The supervisor does that sweep whenever a worker ends; a worker
 * does it to its own session when its control channel reaches end of stream, which is how it
 * notices that its supervisor died, even by SIGKILL.
 *
 * <p>A child started this way is not reaped by the JDK: the supervisor waits for each one with
 * {@code waitpid} on a thread of its own, or it would linger as a zombie.
 *
 * <p>As PID 1 (a container's entrypoint) javicorn is also the parent of every orphan in its PID
 * namespace. {@link dev.javicorn.process.Orphans} reaps those, and only those: never with
 * {@code waitpid(-1)}, which would take the exit status a worker's reaper thread or the JDK's
 * process reaper waits for.
 */
package dev.javicorn.process;
