package dev.javicorn.http;

/**
 * The request itself is at fault (a body that is not the JSON the handler asked for, a charset
 * nobody knows, a body that could not be read). Escaping a handler, it becomes 400, not 500, and
 * is not logged as a server error.
 *
 * <p>A subtype of {@link IllegalArgumentException}, as {@link dev.javicorn.Request#json} promises;
 * other {@code IllegalArgumentException}s from a handler are the handler's bugs and stay 500s.
 */
final class BadRequest extends IllegalArgumentException {
    BadRequest(String message, Throwable cause) {
        super(message, cause);
    }
}
