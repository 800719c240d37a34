package dev.javicorn;

import java.util.Locale;
import java.util.Objects;

/** One entry of an {@link App}'s route table. */
public record Route(String method, String path, Handler handler) {
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        if (method.isBlank()) {
            throw new IllegalArgumentException("HTTP method is blank");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with '/': " + path);
        }
        method = method.toUpperCase(Locale.ROOT);
    }
}
