import dev.javicorn.App;

import java.util.Map;

/** A native app for the real-process tests: lifespan hooks that print, a fast and a slow route. */
public class Api {
    public static final App app = App.create()
            .onStartup(() -> System.out.println("hook: startup 1"))
            .onStartup(() -> System.out.println("hook: startup 2"))
            .onShutdown(() -> System.out.println("hook: shutdown added first"))
            .onShutdown(() -> System.out.println("hook: shutdown added second"))
            .get("/", request -> Map.of("message", "Hello World"))
            .get("/items/{id}", request -> Map.of("id", request.pathParam("id"), "q", request.query("q").orElse("")))
            .get("/slow", request -> {
                System.out.println("slow: started");
                Thread.sleep(1500);
                return "slow done";
            });

    /** An app whose startup fails, as when a database is unreachable. */
    public static App failing() {
        return App.create().onStartup(() -> {
            throw new IllegalStateException("database unreachable");
        });
    }
}
