package dev.javicorn.worker;

import dev.javicorn.ProcessPool;
import dev.javicorn.process.Libc;

/**
 * A training run for the JDK's ahead-of-time cache of the worker JVM. The launcher runs it once
 * per build of javicorn with {@code -XX:AOTCacheOutput}; the JVM then records the classes this run
 * loaded and linked and stores them ready to map, so that every later worker skips most of its
 * class loading. It goes where a worker goes at start: its spec (whose decoding, with the lambdas
 * and string concatenations it links, took a cold worker 20 ms before the cache held it), the
 * HTTP runtime (Jetty, the router, Jackson) through {@link Warmup}, a native call, and a
 * process-pool round trip. See {@link StartupCache} for when a worker uses the cache.
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws Exception {
        WorkerSpec.decode(WorkerSpec.of(AppTarget.parse("Hello:app"), "127.0.0.1", 8000).encode());
        Warmup.run(() -> false, null);
        Libc.kill(ProcessHandle.current().pid(), 0);
        try (ProcessPool pool = ProcessPool.create(1)) {
            pool.submit(AotTraining::task).get();
        }
    }

    static int task() {
        return 42;
    }
}
