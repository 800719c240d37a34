package dev.javicorn.internal.pool;

import java.io.IOException;

/** Completes a task's future from its worker's reply, on the worker's reader thread. */
final class Replies {
    private Replies() {}

    static void complete(Job job, byte status, byte[] payload, ClassLoader loader) {
        Object value;
        try {
            value = Frames.deserialize(payload, loader);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            var what = status == Frames.OK ? "result" : "exception";
            job.future().completeExceptionally(
                    new IllegalStateException("the task's " + what + " cannot be read in the owner: " + e, e));
            return;
        }
        if (status == Frames.OK) {
            job.future().complete(value);
        } else {
            job.future().completeExceptionally((Throwable) value);
        }
    }
}
