import dev.javicorn.App;
import dev.javicorn.ProcessPool;

import java.util.Map;

/**
 * The classic reload-hang app, written for javicorn: a process pool created at startup and shut
 * down at shutdown, and a request that hands the pool a small task.
 *
 * <p>Run it with {@code ./javicorn --app-dir examples/seed --reload Main:app}, edit the message,
 * save, and the next request answers with it.
 */
public class Main {
    private static volatile ProcessPool pool;

    public static final App app = App.create()
            .onStartup(() -> pool = ProcessPool.create(1))
            .onShutdown(() -> pool.close())
            .get("/", request -> {
                pool.submit(Main::task).get();
                return Map.of("message", "Hello World");
            });

    /** The small task: runs in the pool's child JVM. */
    static int task() {
        return 6 * 7;
    }
}
