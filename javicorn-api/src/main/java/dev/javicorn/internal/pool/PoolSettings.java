package dev.javicorn.internal.pool;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Validated, immutable settings of one pool.
 *
 * @param size number of worker processes kept running
 * @param jvmOptions extra options for each worker JVM, after the defaults so they can override them
 * @param maxTasksPerChild a worker is replaced after this many tasks; 0 means never
 * @param name shown in thread names and error messages
 * @param shutdownDeadline how long {@code close()} lets submitted tasks finish before it kills
 * @param classLoader resolves the classes of results and exceptions in the owner
 */
public record PoolSettings(
        int size,
        List<String> jvmOptions,
        int maxTasksPerChild,
        String name,
        Duration shutdownDeadline,
        ClassLoader classLoader) {

    public PoolSettings {
        if (size < 1) {
            throw new IllegalArgumentException("size < 1: " + size);
        }
        if (maxTasksPerChild < 0) {
            throw new IllegalArgumentException("maxTasksPerChild < 0: " + maxTasksPerChild);
        }
        if (shutdownDeadline.isNegative()) {
            throw new IllegalArgumentException("shutdownDeadline < 0: " + shutdownDeadline);
        }
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(classLoader, "classLoader");
    }
}
