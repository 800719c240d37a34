package dev.javicorn;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@link Callable} that can be sent to another JVM. Its only purpose is to make the compiler
 * emit serializable lambdas and method references, so that {@code pool.submit(Main::task)} and
 * {@code pool.submit(() -> work(x))} work without casts. Captured values must be serializable
 * too; {@link ProcessPool#submit(SerializableCallable)} checks that before accepting the task.
 */
@FunctionalInterface
public interface SerializableCallable<T> extends Callable<T>, Serializable {}
