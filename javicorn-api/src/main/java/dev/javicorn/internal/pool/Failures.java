package dev.javicorn.internal.pool;

import dev.javicorn.RemoteTaskException;
import java.util.IdentityHashMap;
import java.util.Map;

/** Turns a worker-side throwable into the {@link RemoteTaskException} chain the owner receives. */
final class Failures {
    private Failures() {}

    static RemoteTaskException toRemote(Throwable thrown) {
        return toRemote(thrown, new IdentityHashMap<>());
    }

    // The map stops cause cycles, which Throwable allows and serialization would loop on.
    private static RemoteTaskException toRemote(Throwable thrown, Map<Throwable, RemoteTaskException> seen) {
        var done = seen.get(thrown);
        if (done != null) {
            return done;
        }
        var cause = thrown.getCause();
        var remoteCause = cause == null || seen.containsKey(cause) ? null : toRemote(cause, seen);
        var remote = new RemoteTaskException(thrown.getClass().getName(), thrown.getMessage(), remoteCause);
        remote.setStackTrace(thrown.getStackTrace());
        seen.put(thrown, remote);
        for (var suppressed : thrown.getSuppressed()) {
            if (!seen.containsKey(suppressed)) {
                remote.addSuppressed(toRemote(suppressed, seen));
            }
        }
        return remote;
    }
}
