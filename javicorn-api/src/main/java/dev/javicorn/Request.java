package dev.javicorn;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An HTTP request as a handler sees it. Implemented by the runtime; safe to read from any thread. */
public interface Request {
    String method();

    /** The path, without the root path and the query string. */
    String path();

    /** A {@code {name}} parameter of the matched route; throws if the route has none of that name. */
    String pathParam(String name);

    Map<String, String> pathParams();

    /** The first value of a query parameter. */
    Optional<String> query(String name);

    Map<String, List<String>> queryParams();

    /** The first value of a header, matched without regard to case. */
    Optional<String> header(String name);

    Map<String, List<String>> headers();

    /** The value of a cookie the client sent; the first one when it sent the name more than once. */
    Optional<String> cookie(String name);

    /** Every cookie the client sent, name to value, in the order sent; the first value of a name sent twice. */
    Map<String, String> cookies();

    byte[] body();

    /** The body decoded with the request's charset (UTF-8 when it names none). */
    String text();

    /**
     * The body parsed as JSON into {@code type}.
     *
     * @throws IllegalArgumentException if the body is not valid JSON for that type (the runtime
     *     answers 400 Bad Request when a handler lets it escape)
     */
    <T> T json(Class<T> type);

    /** The client's IP address, after proxy headers are applied when they are trusted. */
    String remoteAddress();

    /** {@code http} or {@code https}, after proxy headers are applied when they are trusted. */
    String scheme();
}
