package dev.javicorn;

import dev.javicorn.internal.pool.PoolCore;
import dev.javicorn.internal.pool.PoolSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool of worker JVMs that run serializable tasks: Python's {@code ProcessPoolExecutor} for
 * the JVM, built so that its processes can never outlive the JVM that owns it.
 *
 * <pre>{@code
 * try (var pool = ProcessPool.create(4)) {
 *     CompletableFuture<Integer> answer = pool.submit(Main::task);
 *     System.out.println(answer.join());
 * }
 * }</pre>
 *
 * <p><b>Workers.</b> Each worker is a JVM started with the owner's JDK and classpath; a task and
 * its result travel between them by Java serialization, so both must be serializable and the
 * task's class must be on the classpath. What a task prints to {@code System.out} or
 * {@code System.err} appears on the owner's stderr. A worker that dies while running a task
 * (the task called {@code System.exit}, the JVM crashed, someone killed it) fails that task's
 * future with an {@link IllegalStateException} naming the exit status or signal, and is replaced;
 * the pool and the other tasks carry on.
 *
 * <p><b>No orphans, no hangs.</b> A worker reads its tasks from a pipe held only by the owner;
 * when the owner ends for any reason, SIGKILL included, the worker sees end-of-file, kills the
 * processes it started and halts. The owner's own threads are daemon threads, so an open pool
 * never keeps a JVM from exiting, and {@link #close()} returns within the shutdown deadline
 * (default {@value #DEFAULT_SHUTDOWN_DEADLINE_SECONDS} s) plus the moment it takes to kill.
 *
 * <p><b>Threads.</b> Every method may be called from any thread. Futures are completed on a pool
 * thread that reads the worker's replies: dependent actions attached with the non-async
 * {@code CompletableFuture} methods run there and should not block; use the {@code *Async}
 * variants for blocking work. Cancelling a future removes a queued task; a task already running
 * runs to its end and its result is dropped.
 */
public final class ProcessPool implements AutoCloseable {
    /** Default for {@link Builder#shutdownDeadline(Duration)}. */
    public static final int DEFAULT_SHUTDOWN_DEADLINE_SECONDS = 5;

    /** Killed processes are normally reaped within milliseconds; this only bounds a sick kernel. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(2);
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final PoolCore core;

    private ProcessPool(PoolSettings settings) {
        this.core = new PoolCore(settings);
    }

    /**
     * Starts a pool of {@code size} workers with the default settings.
     *
     * @throws IllegalArgumentException if {@code size < 1}
     * @throws java.io.UncheckedIOException if no worker process could be started
     */
    public static ProcessPool create(int size) {
        return builder().size(size).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Queues a task and returns the future of its result. The future fails with a
     * {@link RemoteTaskException} if the task throws, and with an {@link IllegalStateException}
     * if its worker dies while running it.
     *
     * @throws IllegalArgumentException if the task, or something it captures, is not serializable
     *     (the cause is the {@link java.io.NotSerializableException}); nothing is queued then
     * @throws java.util.concurrent.RejectedExecutionException after {@link #shutdown()}
     */
    public <T> CompletableFuture<T> submit(SerializableCallable<T> task) {
        Objects.requireNonNull(task, "task");
        var future = core.submit(task);
        @SuppressWarnings("unchecked") // the worker returns what the callable returned
        var typed = (CompletableFuture<T>) (CompletableFuture<?>) future;
        return typed;
    }

    /** Like {@link #submit(SerializableCallable)} for a task without a result. */
    public CompletableFuture<Void> submit(SerializableRunnable task) {
        Objects.requireNonNull(task, "task");
        return submit((SerializableCallable<Void>) () -> {
            task.run();
            return null;
        });
    }

    /**
     * Applies {@code function} to every input in the workers, like Python's {@code pool.map}. The
     * future completes with the results in input order once all are in, or fails with the
     * failure of the first input (in input order) that failed. Every input is submitted before
     * this returns.
     *
     * @throws IllegalArgumentException if the function or an input is not serializable; inputs
     *     before it have been submitted already
     * @throws java.util.concurrent.RejectedExecutionException after {@link #shutdown()}
     */
    public <T, R> CompletableFuture<List<R>> map(
            SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> inputs) {
        Objects.requireNonNull(function, "function");
        var futures = new ArrayList<CompletableFuture<R>>();
        for (T input : inputs) {
            futures.add(submit((SerializableCallable<R>) () -> function.apply(input)));
        }
        CompletableFuture<List<R>> all = CompletableFuture.completedFuture(new ArrayList<>());
        for (var future : futures) {
            all = all.thenCombine(future, (list, result) -> {
                list.add(result);
                return list;
            });
        }
        return all;
    }

    /**
     * Stops accepting tasks; queued and running tasks still run, and each worker exits once there
     * is nothing left for it. Does not wait; see {@link #awaitTermination} and {@link #close()}.
     */
    public void shutdown() {
        core.shutdown();
    }

    /**
     * Stops accepting tasks and kills every worker (and the processes they started) at once. The
     * futures of queued and running tasks fail with a {@link java.util.concurrent.CancellationException}.
     */
    public void shutdownNow() {
        core.shutdownNow();
    }

    /** Waits until every worker has exited after a shutdown; returns false on timeout. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return core.awaitTermination(timeout);
    }

    public boolean isShutdown() {
        return core.isShutdown();
    }

    /** True once the pool is shut down and all its workers have exited. */
    public boolean isTerminated() {
        return core.isTerminated();
    }

    public String name() {
        return core.settings().name();
    }

    /**
     * Shuts down, lets submitted tasks finish until the shutdown deadline, then kills the workers
     * still busy ({@link #shutdownNow()}) and waits briefly for them to be gone. Never blocks
     * much longer than the deadline, whatever the tasks do. Calling it again does no harm.
     */
    @Override
    public void close() {
        shutdown();
        boolean interrupted = false;
        try {
            if (awaitTermination(core.settings().shutdownDeadline())) {
                return;
            }
        } catch (InterruptedException e) {
            interrupted = true; // stop waiting, but still leave nothing running
        }
        shutdownNow();
        try {
            awaitTermination(KILL_WAIT);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Settings for a pool; every setter validates its value at once. Not thread-safe. */
    public static final class Builder {
        private int size = Runtime.getRuntime().availableProcessors();
        private List<String> jvmOptions = List.of();
        private int maxTasksPerChild;
        private String name;
        private Duration shutdownDeadline = Duration.ofSeconds(DEFAULT_SHUTDOWN_DEADLINE_SECONDS);

        private Builder() {}

        /** Number of worker processes; default: the number of available processors. */
        public Builder size(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("size < 1: " + size);
            }
            this.size = size;
            return this;
        }

        /**
         * Extra options for each worker JVM, such as {@code -Xmx256m}. They come after javicorn's
         * start-up defaults ({@code -Xshare:auto -XX:+UseSerialGC -XX:-UsePerfData}), so an
         * option given here wins.
         */
        public Builder jvmOptions(String... options) {
            this.jvmOptions = List.of(options);
            return this;
        }

        /** Replace a worker after it has run this many tasks; 0 (the default) never does. */
        public Builder maxTasksPerChild(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxTasksPerChild < 0: " + max);
            }
            this.maxTasksPerChild = max;
            return this;
        }

        /** Shown in error messages and thread names; default {@code process-pool-N}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** How long {@link ProcessPool#close()} lets tasks finish before it kills the workers. */
        public Builder shutdownDeadline(Duration deadline) {
            if (deadline.isNegative()) {
                throw new IllegalArgumentException("shutdownDeadline < 0: " + deadline);
            }
            this.shutdownDeadline = deadline;
            return this;
        }

        /**
         * Starts the workers. Their JVMs finish starting in the background; tasks submitted
         * meanwhile wait in the queue.
         *
         * @throws java.io.UncheckedIOException if no worker process could be started
         */
        public ProcessPool build() {
            var loader = Thread.currentThread().getContextClassLoader();
            var settings = new PoolSettings(
                    size,
                    jvmOptions,
                    maxTasksPerChild,
                    name != null ? name : "process-pool-" + POOL_NUMBER.incrementAndGet(),
                    shutdownDeadline,
                    loader != null ? loader : ProcessPool.class.getClassLoader());
            return new ProcessPool(settings);
        }
    }
}
