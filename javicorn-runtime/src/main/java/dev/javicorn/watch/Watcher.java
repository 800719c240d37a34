package dev.javicorn.watch;

import dev.javicorn.log.Log;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Watches directory trees and hands out debounced {@link ChangeSet}s, one per burst of edits.
 *
 * <p>One daemon thread, {@code javicorn-watch}, waits on the {@link ChangeDetector} and feeds the
 * {@link Debouncer}; it never polls, so an idle watcher costs no CPU. A due set goes either to the
 * callback given at start, called on that thread, or to {@link #next}/{@link #poll}. Changes are never
 * lost while the consumer is busy: in pull mode, sets that nobody has taken yet are merged and the
 * next call returns them all as one; in callback mode, changes made while the callback runs wait in
 * the kernel and arrive in the next set.
 *
 * <p>States: OPEN -> CLOSED, by {@link #close} or when the detector fails (logged). Every method may
 * be called from any thread.
 */
public final class Watcher implements AutoCloseable {
    /** See {@link Debouncer#DEFAULT_QUIET_PERIOD} for why 50 ms. */
    public static final Duration DEFAULT_QUIET_PERIOD = Debouncer.DEFAULT_QUIET_PERIOD;

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

    private final ChangeDetector detector;
    private final Debouncer debouncer;
    private final Consumer<? super ChangeSet> callback;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private ChangeSet untaken;
    private boolean closed;

    private Watcher(ChangeDetector detector, Duration quietPeriod, Duration maxWait,
                    Consumer<? super ChangeSet> callback) {
        this.detector = detector;
        this.debouncer = new Debouncer(quietPeriod, maxWait);
        this.callback = callback;
        this.thread = Thread.ofPlatform().daemon().name("javicorn-watch").unstarted(this::run);
        warmUp();
    }

    /**
     * Runs the delivery path once on made-up data: loading and linking its classes costs tens of
     * milliseconds, which would otherwise be added to the first real change's detection delay.
     */
    private static void warmUp() {
        Path here = Path.of("").toAbsolutePath();
        Debouncer debouncer = new Debouncer(Duration.ZERO, Duration.ZERO);
        debouncer.add(new Change(here, Path.of("a"), Change.Kind.CREATED), 0);
        debouncer.add(new Change(here, Path.of("b"), Change.Kind.MODIFIED), 0);
        ChangeSet set = debouncer.drainIfDue(0);
        set.then(set).describe(1).length();
        set.paths().size();
    }

    /**
     * Watches {@code roots} recursively; take change sets with {@link #next} or {@link #poll}. Every
     * accepted directory is registered before this returns, so any later change is reported.
     *
     * @param quietPeriod {@code --reload-delay}: a set is due after this long without a change
     * @throws TooManyWatchesException if the inotify limits are too low for the tree; its message is
     *     one line with the fix
     * @throws IOException if a root is missing, not a directory or unreadable
     */
    public static Watcher start(List<Path> roots, PathFilter filter, Duration quietPeriod) throws IOException {
        return start(WatchServiceDetector.start(roots, filter), quietPeriod, Debouncer.maxWaitFor(quietPeriod), null);
    }

    /**
     * Like {@link #start(List, PathFilter, Duration)}, but every set goes to {@code onChanges}, called
     * on the watcher's thread. It should only enqueue (to the supervisor's control loop, say): while it
     * runs, new changes wait, and a callback that blocks for long may make the kernel drop events,
     * which then arrive as a rescan ({@link ChangeSet#overflow()}). An exception it throws is logged.
     */
    public static Watcher start(List<Path> roots, PathFilter filter, Duration quietPeriod,
                                Consumer<? super ChangeSet> onChanges) throws IOException {
        Objects.requireNonNull(onChanges, "onChanges");
        return start(WatchServiceDetector.start(roots, filter), quietPeriod, Debouncer.maxWaitFor(quietPeriod),
                onChanges);
    }

    /**
     * A watcher over any detector, which it owns from now on (closing the watcher closes it).
     *
     * @param maxWait how long the first change of a never-ending trickle may wait
     * @param onChanges the callback, or {@code null} to use {@link #next}/{@link #poll}
     * @throws IllegalArgumentException if {@code quietPeriod} is negative or longer than {@code maxWait}
     */
    public static Watcher start(ChangeDetector detector, Duration quietPeriod, Duration maxWait,
                                Consumer<? super ChangeSet> onChanges) {
        Watcher watcher;
        try {
            watcher = new Watcher(detector, quietPeriod, maxWait, onChanges);
        } catch (RuntimeException e) {
            detector.close();
            throw e;
        }
        watcher.thread.start();
        return watcher;
    }

    /** The mechanism behind this watcher: {@code "inotify"} on Linux. */
    public String kind() {
        return detector.kind();
    }

    /** The watched roots, absolute, without nested duplicates. */
    public List<Path> roots() {
        return detector.roots();
    }

    /**
     * Blocks until a change set is due and returns it; if several became due since the last call,
     * returns them merged into one.
     *
     * @throws ClosedWatchServiceException once the watcher is closed, also to a caller blocked here
     * @throws IllegalStateException if the watcher was started with a callback
     */
    public ChangeSet next() throws InterruptedException {
        return take(Long.MAX_VALUE);
    }

    /**
     * Like {@link #next}, but gives up after {@code timeout}.
     *
     * @return the change set, or {@code null} if none became due in time
     */
    public ChangeSet poll(Duration timeout) throws InterruptedException {
        return take(Math.max(0, timeout.toNanos()));
    }

    /** Whether the watcher still watches (not closed and its detector has not failed). */
    public boolean isOpen() {
        lock.lock();
        try {
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a due set waits for {@link #next}; lets tests wait for that state instead of sleeping. */
    boolean hasUntakenSet() {
        lock.lock();
        try {
            return untaken != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops watching and releases the inotify descriptor and the watcher's thread. Returns within about
     * {@code 2 s} even if a callback is stuck (that thread is then interrupted and left to die as a
     * daemon). Idempotent; may be called from the callback itself.
     */
    @Override
    public void close() {
        markClosed();
        detector.close();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(CLOSE_WAIT);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ChangeSet take(long timeoutNanos) throws InterruptedException {
        if (callback != null) {
            throw new IllegalStateException("this watcher delivers changes to its callback");
        }
        lock.lock();
        try {
            long left = timeoutNanos;
            while (untaken == null && !closed) {
                if (timeoutNanos == Long.MAX_VALUE) {
                    ready.await();
                } else if (left <= 0) {
                    return null;
                } else {
                    left = ready.awaitNanos(left);
                }
            }
            if (closed) {
                throw new ClosedWatchServiceException();
            }
            ChangeSet set = untaken;
            untaken = null;
            return set;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            while (true) {
                long wait = debouncer.nanosUntilDue(System.nanoTime());
                if (!detector.await(wait, change -> debouncer.add(change, System.nanoTime()))) {
                    return;
                }
                ChangeSet set = debouncer.drainIfDue(System.nanoTime());
                if (set != null) {
                    deliver(set);
                }
            }
        } catch (InterruptedException e) {
            // close() interrupts only a thread stuck in the callback: it is leaving anyway.
        } catch (RuntimeException | Error e) {
            if (isOpen()) {
                Log.error("The file watcher failed; changes are no longer detected.", e);
            }
        } finally {
            markClosed();
            detector.close();
        }
    }

    private void deliver(ChangeSet set) {
        if (callback != null) {
            try {
                callback.accept(set);
            } catch (RuntimeException e) {
                Log.error("A change-set consumer failed on " + set.describe(3), e);
            }
            return;
        }
        lock.lock();
        try {
            untaken = untaken == null ? set : untaken.then(set);
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void markClosed() {
        lock.lock();
        try {
            closed = true;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Watcher[" + kind() + ", " + roots() + "]";
    }
}
