package dev.javicorn;

import java.io.Serializable;

/**
 * A function that can be sent to another JVM, for {@link ProcessPool#map}; see
 * {@link SerializableCallable}.
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Serializable {
    R apply(T input) throws Exception;
}
