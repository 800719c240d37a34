package dev.javicorn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A native javicorn app: routes plus startup and shutdown hooks (the lifespan).
 *
 * <pre>{@code
 * public static final App app = App.create()
 *     .onStartup(() -> pool = ProcessPool.create(1))
 *     .onShutdown(() -> pool.close())
 *     .get("/", req -> Map.of("message", "Hello World"))
 *     .get("/items/{id}", req -> Map.of("id", req.pathParam("id")));
 * }</pre>
 *
 * <p>Expose it as a static field or a static no-arg method and run it as {@code Class:member}.
 * Build the app once, before it is served: the route table is read when the worker starts and
 * is not meant to change afterwards. Handlers run on virtual threads and may block.
 */
public final class App {
    private final List<Route> routes = new ArrayList<>();
    private final List<StaticFiles> files = new ArrayList<>();
    private final List<Before> befores = new ArrayList<>();
    private final List<After> afters = new ArrayList<>();
    private int gzipMinimum = -1;
    private final Map<Class<? extends Exception>, OnException<?>> exceptionHandlers = new LinkedHashMap<>();
    private final List<Hook> startupHooks = new ArrayList<>();
    private final List<Hook> shutdownHooks = new ArrayList<>();

    private App() {}

    public static App create() {
        return new App();
    }

    public App get(String path, Handler handler) {
        return route("GET", path, handler);
    }

    public App post(String path, Handler handler) {
        return route("POST", path, handler);
    }

    public App put(String path, Handler handler) {
        return route("PUT", path, handler);
    }

    public App patch(String path, Handler handler) {
        return route("PATCH", path, handler);
    }

    public App delete(String path, Handler handler) {
        return route("DELETE", path, handler);
    }

    public App head(String path, Handler handler) {
        return route("HEAD", path, handler);
    }

    public App options(String path, Handler handler) {
        return route("OPTIONS", path, handler);
    }

    /**
     * Adds a route for any HTTP method. The path is literal segments and {@code {name}} parameters,
     * e.g. {@code /items/{id}}; a path parameter matches exactly one segment.
     *
     * @throws IllegalArgumentException if the path does not start with {@code /}
     */
    public App route(String method, String path, Handler handler) {
        routes.add(new Route(method, path, handler));
        return this;
    }

    /**
     * Serves WebSocket connections opened on {@code path} (a GET route, with path parameters as
     * any route): each connection gets a call of {@code handler} on a thread of its own; see
     * {@link WebSocket}. The app's {@link #before} filters run on the opening request, so one can
     * refuse it (say, without a token) before the connection is upgraded. A plain GET on the
     * path, without the upgrade, is answered 426 Upgrade Required.
     */
    public App ws(String path, WebSocket.Handler handler) {
        Objects.requireNonNull(handler, "handler");
        return route("GET", path, request -> Response.webSocket(handler));
    }

    /**
     * Serves the files of {@code folder} below {@code prefix}: {@code app.files("/static",
     * Path.of("static"))} answers {@code GET /static/css/site.css} with {@code static/css/site.css}.
     * GET and HEAD only; content type from the file name, {@code ETag} and {@code Last-Modified}
     * with 304 answers, byte ranges. Nothing outside the folder is ever served, whatever the
     * request path holds ({@code ..}, encoded or not) or wherever a symbolic link points: such a
     * request, a folder and a missing file are all 404. Every path below the prefix belongs to
     * the folder, never to a route.
     *
     * <p>A relative folder is resolved against the working directory javicorn was started in.
     * A folder that does not exist stops the worker at start, with one line saying so.
     *
     * @throws IllegalArgumentException if the prefix is not a literal path such as {@code /static}
     */
    public App files(String prefix, Path folder) {
        files.add(new StaticFiles(prefix, folder));
        return this;
    }

    /**
     * Adds a filter that runs before the handler, for every request routed to the app (a 404 or
     * 405 included, not {@link #files} requests), in the order added. A filter that returns a
     * {@link Response} answers the request with it: later filters and the handler are skipped;
     * {@code null} lets the request go on. What it throws goes to {@link #exception} handlers.
     *
     * <pre>{@code app.before(req -> req.header("X-Api-Key").isPresent() ? null : Response.of(401));}</pre>
     */
    public App before(Before filter) {
        befores.add(Objects.requireNonNull(filter, "filter"));
        return this;
    }

    /**
     * Adds a filter that runs after the handler (or a before filter, or an exception handler) has
     * answered, in the order added, and returns the response to send: the one it was given,
     * changed or not. What it throws is a 500.
     *
     * <pre>{@code app.after((req, res) -> res.header("X-Frame-Options", "DENY"));}</pre>
     */
    public App after(After filter) {
        afters.add(Objects.requireNonNull(filter, "filter"));
        return this;
    }

    /**
     * Answers an exception of {@code type} (or a subclass) thrown by a before filter or a handler,
     * instead of a 500: the handler for the closest superclass wins. What it returns is sent as a
     * handler's result would be; what it throws is a 500. A body over {@code --limit-request-body}
     * is answered 413 before any filter runs.
     *
     * <pre>{@code app.exception(NoSuchElementException.class, (e, req) -> Response.text(e.getMessage()).withStatus(404));}</pre>
     *
     * @throws IllegalArgumentException if {@code type} already has a handler
     */
    public <T extends Exception> App exception(Class<T> type, OnException<? super T> handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        if (exceptionHandlers.putIfAbsent(type, handler) != null) {
            throw new IllegalArgumentException("app.exception(" + type.getSimpleName() + ".class, ...) is given twice");
        }
        return this;
    }

    /**
     * Adds CORS as a before filter (preflights) and an after filter (the allow headers). Add it
     * before other filters, so that a preflight is answered before, say, an authentication filter
     * refuses it.
     */
    public App cors(Cors cors) {
        Objects.requireNonNull(cors, "cors");
        return before(cors::preflight).after(cors::mark);
    }

    /**
     * Compresses responses with gzip for clients that accept it, when the body is at least
     * {@code minimumBytes} long and its type is not already compressed (images, archives...).
     * Static files included; the ETag of a compressed response is marked as such.
     *
     * @throws IllegalArgumentException if {@code minimumBytes} is negative
     */
    public App gzip(int minimumBytes) {
        if (minimumBytes < 0) {
            throw new IllegalArgumentException("app.gzip minimum must not be negative: " + minimumBytes);
        }
        gzipMinimum = minimumBytes;
        return this;
    }

    /** {@link #gzip(int)} from 500 bytes, as Starlette's GZipMiddleware. */
    public App gzip() {
        return gzip(500);
    }

    /** The smallest body {@link #gzip} compresses; -1 when it is off. */
    public int gzipMinimum() {
        return gzipMinimum;
    }

    /** Runs when the worker starts, before it serves; a hook that throws stops the worker (exit 3). */
    public App onStartup(Hook hook) {
        startupHooks.add(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /** Runs when the worker stops, after in-flight requests have drained, in reverse order of adding. */
    public App onShutdown(Hook hook) {
        shutdownHooks.add(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public List<StaticFiles> files() {
        return List.copyOf(files);
    }

    public List<Before> befores() {
        return List.copyOf(befores);
    }

    public List<After> afters() {
        return List.copyOf(afters);
    }

    /** Each exception type with its handler, in the order added. */
    public Map<Class<? extends Exception>, OnException<?>> exceptionHandlers() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(exceptionHandlers));
    }

    public List<Hook> startupHooks() {
        return List.copyOf(startupHooks);
    }

    public List<Hook> shutdownHooks() {
        return List.copyOf(shutdownHooks);
    }

    /** A filter run before the handler: a response to answer with, or {@code null} to go on. */
    @FunctionalInterface
    public interface Before {
        Response handle(Request request) throws Exception;
    }

    /** A filter run once a response is chosen: returns the response to send, never {@code null}. */
    @FunctionalInterface
    public interface After {
        Response handle(Request request, Response response) throws Exception;
    }

    /** Answers an exception; returns what a {@link Handler} may return. */
    @FunctionalInterface
    public interface OnException<T extends Exception> {
        Object handle(T exception, Request request) throws Exception;
    }

    /** A lifespan hook. */
    @FunctionalInterface
    public interface Hook {
        void run() throws Exception;
    }
}
