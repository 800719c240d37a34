package dev.javicorn;

/**
 * Handles one request. Return a {@link Response}, a {@code String} (sent as text/plain), a
 * {@code byte[]} (application/octet-stream), {@code null} (204 No Content), or any other value:
 * a record, map or list is sent as JSON. An exception becomes a 500 whose stack trace goes to the
 * log, never into the response.
 */
@FunctionalInterface
public interface Handler {
    Object handle(Request request) throws Exception;
}
