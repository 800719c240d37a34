import dev.javicorn.App;
import java.util.Map;

/** The benchmark's JSON hello endpoint, through javicorn's router and JSON encoding. */
public class Hello {
    public static final App app = App.create().get("/", r -> Map.of("message", "Hello World"));
}
