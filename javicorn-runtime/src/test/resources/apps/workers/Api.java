import dev.javicorn.App;

import java.util.Map;

/**
 * A native app for the --workers tests: a JSON hello, a route that names the worker serving it,
 * and a route that never returns and never yields its carrier thread.
 */
public class Api {
    static volatile long spins;

    public static final App app = App.create()
            .get("/", request -> Map.of("message", "Hello World"))
            .get("/pid", request -> Long.toString(ProcessHandle.current().pid()))
            .get("/spin", request -> spinForever());

    /** Busy-loops on the virtual thread's carrier: never blocks, so the carrier is never released. */
    static Object spinForever() {
        while (true) {
            spins++;
            Thread.onSpinWait();
        }
    }
}
