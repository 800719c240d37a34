import dev.javicorn.App;

/**
 * An app whose processes leave orphans: at startup each worker starts a child and a grandchild
 * whose parent exits at once (both sleep until the worker's session is swept), and GET /orphan
 * leaves a grandchild ({@code timeout}) that outlives its parent by half a second, then exits on its
 * own.
 */
public class Api {
    public static final App app = App.create()
            .onStartup(() -> {
                spawn("exec sleep 1000");
                spawn("sleep 1001 & exit 0").waitFor();
            })
            .get("/", request -> "orphans")
            .get("/orphan", request -> {
                spawn("timeout 0.5 sleep 5 & exit 0").waitFor();
                return "left one";
            });

    static Process spawn(String script) {
        try {
            return new ProcessBuilder("sh", "-c", script).inheritIO().start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
