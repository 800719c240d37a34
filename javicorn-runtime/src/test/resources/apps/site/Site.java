// Site.java
import dev.javicorn.App;
import dev.javicorn.Cookie;
import dev.javicorn.Cors;
import dev.javicorn.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;

public class Site {
    public static final App app = App.create()
            .files("/static", Path.of("static"))           // ./static/site.css at /static/site.css
            .cors(Cors.allowOrigins("https://app.example").allowMethods("GET", "POST"))
            .gzip()                                         // bodies of 500 bytes and more
            .before(req -> req.path().startsWith("/admin") && req.cookie("session").isEmpty()
                    ? Response.of(401) : null)              // a Response answers; null goes on
            .after((req, res) -> res.header("X-Frame-Options", "DENY"))
            .exception(NoSuchElementException.class,
                    (e, req) -> Response.text(e.getMessage()).withStatus(404))
            .post("/login", req -> Response.text("welcome")
                    .cookie(Cookie.of("session", "s3cr3t").path("/").maxAge(Duration.ofHours(8))
                            .httpOnly().secure().sameSite(Cookie.SameSite.LAX))
                    .cookie(Cookie.of("theme", "dark")))   // two Set-Cookie lines
            .post("/logout", req -> Response.of(204).cookie(Cookie.expired("session")))
            .get("/admin", req -> Map.of("session", req.cookie("session").orElseThrow()))
            .get("/items/{id}", req -> { throw new NoSuchElementException("no item " + req.pathParam("id")); });
}
