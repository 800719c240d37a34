import dev.javicorn.App;
import dev.javicorn.Cookie;
import dev.javicorn.Response;

import java.nio.file.Path;

/** A native app for the real-process tests of HTTP features: static files, a body, two cookies. */
public class Web {
    public static final App app = App.create()
            .files("/static", Path.of("static"))
            .post("/upload", request -> request.body().length + " bytes")
            .get("/login", request -> Response.text("in").cookie(Cookie.of("a", "1")).cookie(Cookie.of("b", "2").httpOnly()));

    /** Static files from a folder that is not there. */
    public static final App missingFolder = App.create().files("/assets", Path.of("no-such-folder"));
}
