package dev.javicorn.watch;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The source of raw, undebounced changes behind a {@link Watcher}. The JDK
 * {@link java.nio.file.WatchService} one ({@link WatchServiceDetector}) is the only one javicorn
 * ships; tests may pass their own.
 *
 * <p>Threads: {@link #await} is called by one thread only, the watcher's; {@link #close} from any
 * thread, and it makes a blocked {@code await} return.
 */
public interface ChangeDetector extends Closeable {

    /** The mechanism, for {@code Started reloader process [PID] using inotify}. */
    String kind();

    /** The watched roots, absolute and normalized. */
    List<Path> roots();

    /**
     * Waits until changes arrive or the timeout passes, then hands every change available to
     * {@code sink} (already filtered) and returns.
     *
     * @param timeoutNanos how long to wait for the first change; {@link Long#MAX_VALUE} means forever
     * @return {@code false} once the detector is closed, {@code true} otherwise
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    boolean await(long timeoutNanos, Consumer<Change> sink) throws InterruptedException;

    /** Releases the detector's threads and kernel resources; idempotent; never throws. */
    @Override
    void close();
}
