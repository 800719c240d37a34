package dev.javicorn.internal.pool;

import dev.javicorn.SerializableCallable;

import java.util.concurrent.Callable;

/**
 * A task's whole journey, done once inside one process: serialize a lambda, read it back, run it,
 * and send back a result and a failure. The first real task in a fresh JVM pays for loading and
 * linking all of that (object streams, lambda deserialization, the failure's stack trace); a
 * standby worker, and the spare that owns it, pay it here instead while they wait.
 */
final class RoundTrip {
    private RoundTrip() {}

    static void warmUp() {
        var loader = RoundTrip.class.getClassLoader();
        try {
            SerializableCallable<String> task = () -> "warm";
            var back = (Callable<?>) Frames.deserialize(Frames.serialize(task), loader);
            Frames.deserialize(Frames.serialize(back.call()), loader);
            Frames.deserialize(Frames.serialize(Failures.toRemote(new IllegalStateException("warm"))), loader);
        } catch (Exception e) {
            // Best effort: a colder first task is the only consequence.
        }
    }
}
