package dev.javicorn.internal.pool;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/** Serializes a task on the submitting thread, so that a task that cannot travel fails there. */
final class TaskPayloads {
    private TaskPayloads() {}

    static byte[] serialize(Callable<?> task) {
        try {
            return Frames.serialize(task);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException(
                    "task is not serializable: it is or captures a " + e.getMessage()
                            + ", which does not implement java.io.Serializable", e);
        } catch (IOException e) {
            throw new UncheckedIOException("task cannot be serialized: " + e, e);
        }
    }
}
