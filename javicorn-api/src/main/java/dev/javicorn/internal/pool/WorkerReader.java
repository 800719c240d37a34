package dev.javicorn.internal.pool;

import java.io.EOFException;

/**
 * The loop of a worker's reader thread: reads replies until the worker's stdout ends, then
 * finds out how the worker ended and tells the pool. It never holds the pool's lock while it
 * blocks, and it completes futures only after the pool has moved on.
 */
final class WorkerReader implements Runnable {
    private final PoolCore pool;
    private final Worker worker;

    WorkerReader(PoolCore pool, Worker worker) {
        this.pool = pool;
        this.worker = worker;
    }

    @Override
    public void run() {
        try {
            var in = worker.replies();
            Frames.readMagic(in);
            worker.ready = true;
            while (true) {
                byte status = in.readByte();
                byte[] payload = Frames.readPayload(in);
                var job = pool.replied(worker);
                if (job != null) {
                    Replies.complete(job, status, payload, pool.settings().classLoader());
                }
            }
        } catch (Throwable ended) {
            pool.gone(worker, howItEnded(ended));
        }
    }

    private String howItEnded(Throwable ended) {
        boolean cleanEnd = ended instanceof EOFException;
        if (!cleanEnd) {
            worker.destroy(); // its stream can no longer be trusted, so neither can it
        }
        String how;
        try {
            how = worker.awaitExit();
        } catch (InterruptedException e) {
            how = "ended (its exit was not awaited)";
        }
        return cleanEnd ? how : how + " after " + ended;
    }
}
