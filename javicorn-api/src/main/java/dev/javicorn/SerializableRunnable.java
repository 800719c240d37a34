package dev.javicorn;

import java.io.Serializable;

/**
 * A {@link Runnable} that can be sent to another JVM; see {@link SerializableCallable}. Its
 * {@code run} may throw checked exceptions, which come back as a {@link RemoteTaskException}.
 */
@FunctionalInterface
public interface SerializableRunnable extends Serializable {
    void run() throws Exception;
}
