package dev.javicorn.http;

/**
 * The request itself is at fault (a body that is not the JSON the handler asked for, a charset
 * nobody knows, a body that could not be read, a body over {@code --limit-request-body}).
 * Escaping a handler, it becomes its {@link #status} (400, or 413 for a body too large), not 500,
 * and is not logged as a server error.
 *
 * <p>A subtype of {@link IllegalArgumentException}, as {@link dev.javicorn.Request#json} promises;
 * other {@code IllegalArgumentException}s from a handler are the handler's bugs and stay 500s.
 */
final class BadRequest extends IllegalArgumentException {
    private final int status;

    BadRequest(String message, Throwable cause) {
        this(400, message, cause);
    }

    private BadRequest(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** A body larger than {@code limit} bytes: 413. */
    static BadRequest tooLarge(long limit) {
        return new BadRequest(413, "the request body is larger than " + limit + " bytes", null);
    }

    int status() {
        return status;
    }

    /** What the client is told: the status's reason and the message. */
    Reply reply() {
        return Reply.text(status, (status == 413 ? "Payload Too Large: " : "Bad Request: ") + getMessage());
    }
}
