package dev.javicorn.internal.pool;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The owner's handle on one worker process. Its mutable fields are guarded by the pool's lock;
 * the streams are used by the pool under that lock (writes) or by this worker's reader thread only
 * (reads).
 */
final class Worker {
    /** After its stdout closes a worker is expected to be gone almost at once. */
    private static final long EXIT_WAIT_MILLIS = 1_000;

    private final Process process;
    private final DataOutputStream toChild;
    private final DataInputStream fromChild;

    /** Sent but not yet answered, oldest first; the head is the task the worker is running. */
    final ArrayDeque<Job> inFlight = new ArrayDeque<>();
    /** Tasks ever sent, for {@code maxTasksPerChild}. */
    int sent;
    /** No more tasks go to it: stdin closed (it will exit) or it was killed. */
    boolean inputClosed;
    /** Killed by {@code shutdownNow}: its tasks were already cancelled. */
    boolean killed;
    /** Set by the reader thread once the handshake arrived; read only by that thread. */
    boolean ready;

    private Worker(Process process) {
        this.process = process;
        this.toChild = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.fromChild = new DataInputStream(process.getInputStream());
    }

    static Worker start(List<String> command) throws IOException {
        var builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        return new Worker(builder.start());
    }

    long pid() {
        return process.pid();
    }

    void send(Job job) throws IOException {
        Frames.writeTask(toChild, job.payload());
    }

    DataInputStream replies() {
        return fromChild;
    }

    /** The worker sees end-of-file and exits by itself, taking its descendants with it. */
    void closeInput() {
        inputClosed = true;
        try {
            toChild.close();
        } catch (IOException alreadyGone) {
            // It has exited already: the outcome we wanted.
        }
    }

    /** Kills the worker and whatever it started, without waiting for either. */
    void destroy() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * Waits a bounded time for the process to end, killing it if it lingers (a task may have
     * closed the worker's stdout without exiting), and says how it ended.
     */
    String awaitExit() throws InterruptedException {
        if (!process.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            destroy();
            process.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            if (process.isAlive()) {
                return "stopped answering and could not be killed";
            }
            return "stopped answering and was killed";
        }
        return ExitStatus.describe(process.exitValue());
    }
}
