package dev.javicorn.internal.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The owner side of a pool: the queue, the workers and the state machine
 * {@code RUNNING -> SHUTDOWN -> TERMINATED}, all guarded by one lock. Futures are completed only
 * after the lock is released, because completing one runs the caller's dependent actions.
 */
public final class PoolCore {
    /** One task per worker at a time, so a long task never holds up a queued one behind it. */
    private static final int MAX_IN_FLIGHT = 1;
    /** After this many workers in a row die before their handshake, queued tasks are failed. */
    private static final int MAX_START_FAILURES = 3;

    private enum State { RUNNING, SHUTDOWN, TERMINATED }

    private final PoolSettings settings;
    private final List<String> command;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final List<Worker> workers = new ArrayList<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private State state = State.RUNNING;
    private int startFailures;

    /** Starts the workers; throws {@link UncheckedIOException} if not even one could be started. */
    public PoolCore(PoolSettings settings) {
        this.settings = settings;
        this.command = ChildCommand.build(settings.jvmOptions());
        Standby.created(command, settings.size());
        var after = new ArrayList<Runnable>();
        lock.lock();
        try {
            var failure = topUp(after);
            if (workers.isEmpty()) {
                state = State.TERMINATED;
                throw new UncheckedIOException(
                        "cannot start worker processes for pool '%s': %s".formatted(settings.name(), failure),
                        failure);
            }
        } finally {
            lock.unlock();
        }
        after.forEach(Runnable::run);
    }

    public PoolSettings settings() {
        return settings;
    }

    /**
     * Serializes the task on the calling thread and queues it.
     *
     * @throws IllegalArgumentException if the task cannot be serialized
     * @throws RejectedExecutionException after shutdown
     */
    public CompletableFuture<Object> submit(Callable<?> task) {
        var job = new Job(TaskPayloads.serialize(task), new CompletableFuture<>());
        var after = new ArrayList<Runnable>();
        lock.lock();
        try {
            if (state != State.RUNNING) {
                throw new RejectedExecutionException("pool '" + settings.name() + "' is shut down");
            }
            queue.add(job);
            topUp(after);
            dispatch();
        } finally {
            lock.unlock();
        }
        after.forEach(Runnable::run);
        return job.future();
    }

    public void shutdown() {
        var after = new ArrayList<Runnable>();
        lock.lock();
        try {
            if (state == State.RUNNING) {
                state = State.SHUTDOWN;
            }
            closeIdleWorkersIfDone();
            checkTerminated(after);
        } finally {
            lock.unlock();
        }
        after.forEach(Runnable::run);
    }

    public void shutdownNow() {
        var after = new ArrayList<Runnable>();
        lock.lock();
        try {
            if (state == State.RUNNING) {
                state = State.SHUTDOWN;
            }
            cancelAll(queue, "it was still queued", after);
            for (var worker : workers) {
                if (!worker.killed) {
                    worker.killed = true;
                    worker.inputClosed = true;
                    cancelAll(worker.inFlight, "it was running", after);
                    worker.destroy();
                }
            }
            checkTerminated(after);
        } finally {
            lock.unlock();
        }
        after.forEach(Runnable::run);
    }

    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        try {
            terminated.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException notYet) {
            return false;
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public boolean isShutdown() {
        lock.lock();
        try {
            return state != State.RUNNING;
        } finally {
            lock.unlock();
        }
    }

    public boolean isTerminated() {
        return terminated.isDone();
    }

    // ---- called by each worker's reader thread ----

    /** A reply arrived: returns the job it answers, after giving the worker its next task. */
    Job replied(Worker worker) {
        var after = new ArrayList<Runnable>();
        Job job;
        lock.lock();
        try {
            job = worker.inFlight.poll();
            startFailures = 0;
            retireIfSpent(worker, after);
            dispatch();
            closeIdleWorkersIfDone();
        } finally {
            lock.unlock();
        }
        after.forEach(Runnable::run);
        return job;
    }

    /** The worker has exited ({@code how} says how): fail its task, requeue the rest, replace it. */
    void gone(Worker worker, String how) {
        var after = new ArrayList<Runnable>();
        lock.lock();
        try {
            workers.remove(worker);
            var running = worker.inFlight.poll();
            if (!worker.killed) {
                var neverStarted = worker.inFlight.descendingIterator();
                while (neverStarted.hasNext()) {
                    queue.addFirst(neverStarted.next());
                }
                if (running != null) {
                    after.add(failer(running, worker, how));
                }
            }
            worker.inFlight.clear();
            if (!worker.ready && ++startFailures >= MAX_START_FAILURES) {
                var error = new IllegalStateException(
                        "worker processes of pool '%s' fail to start: the last one %s; see its stderr"
                                .formatted(settings.name(), how));
                drainFailing(error, after);
            } else if (state == State.RUNNING || !queue.isEmpty()) {
                topUp(after);
            }
            dispatch();
            closeIdleWorkersIfDone();
            checkTerminated(after);
        } finally {
            lock.unlock();
        }
        after.forEach(Runnable::run);
    }

    private Runnable failer(Job job, Worker worker, String how) {
        var message = worker.ready
                ? "worker process %d of pool '%s' %s while running this task"
                : "worker process %d of pool '%s' %s before it started; see its output on stderr";
        var error = new IllegalStateException(message.formatted(worker.pid(), settings.name(), how));
        return () -> job.future().completeExceptionally(error);
    }

    // ---- everything below runs with the lock held ----

    /** Starts workers until {@code size} accept tasks; returns the last start failure, if any. */
    private IOException topUp(List<Runnable> after) {
        long accepting = workers.stream().filter(w -> !w.inputClosed).count();
        IOException failure = null;
        while (accepting < settings.size()) {
            try {
                var standby = Standby.take(command);
                var worker = standby != null ? standby : Worker.start(command);
                workers.add(worker);
                Thread.ofPlatform().daemon().name(settings.name() + "-reader-" + worker.pid())
                        .start(new WorkerReader(this, worker));
                accepting++;
            } catch (IOException e) {
                failure = e;
                break;
            }
        }
        if (accepting == 0 && failure != null) {
            drainFailing(new UncheckedIOException("cannot start a worker process: " + failure, failure), after);
        }
        return failure;
    }

    private void dispatch() {
        for (int depth = 1; depth <= MAX_IN_FLIGHT; depth++) {
            for (var worker : workers) {
                if (worker.inputClosed || worker.inFlight.size() >= depth || spent(worker)) {
                    continue;
                }
                var job = nextLiveJob();
                if (job == null) {
                    return;
                }
                try {
                    worker.send(job);
                    worker.inFlight.add(job);
                    worker.sent++;
                } catch (IOException gone) {
                    // It died before reading this task: its reader reports the death, the task waits.
                    worker.inputClosed = true;
                    queue.addFirst(job);
                }
            }
        }
    }

    private Job nextLiveJob() {
        Job job;
        do {
            job = queue.poll();
        } while (job != null && job.future().isDone()); // cancelled by its caller while queued
        return job;
    }

    private boolean spent(Worker worker) {
        return settings.maxTasksPerChild() > 0 && worker.sent >= settings.maxTasksPerChild();
    }

    private void retireIfSpent(Worker worker, List<Runnable> after) {
        if (spent(worker) && worker.inFlight.isEmpty() && !worker.inputClosed) {
            worker.closeInput();
            if (state == State.RUNNING || !queue.isEmpty()) {
                topUp(after);
            }
        }
    }

    private void closeIdleWorkersIfDone() {
        if (state == State.RUNNING || !queue.isEmpty()) {
            return;
        }
        for (var worker : workers) {
            if (!worker.inputClosed && worker.inFlight.isEmpty()) {
                worker.closeInput();
            }
        }
    }

    private void checkTerminated(List<Runnable> after) {
        if (state == State.SHUTDOWN && workers.isEmpty()) {
            state = State.TERMINATED;
            after.add(() -> terminated.complete(null));
        }
    }

    private void drainFailing(RuntimeException error, List<Runnable> after) {
        for (var job : queue) {
            after.add(() -> job.future().completeExceptionally(error));
        }
        queue.clear();
    }

    private void cancelAll(ArrayDeque<Job> jobs, String why, List<Runnable> after) {
        var error = new CancellationException(
                "pool '%s' was shut down now while %s".formatted(settings.name(), why));
        for (var job : jobs) {
            after.add(() -> job.future().completeExceptionally(error));
        }
        jobs.clear();
    }
}
