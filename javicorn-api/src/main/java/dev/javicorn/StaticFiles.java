package dev.javicorn;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A folder served below a path prefix, as added by {@link App#files}.
 *
 * @param prefix where the folder appears: {@code /} and at least one more character, no trailing
 *     {@code /}, no {@code {parameter}}; a trailing {@code /} given is dropped
 * @param folder the folder; a relative one is resolved against the worker's working directory,
 *     which is the directory javicorn was started in (not {@code --app-dir}), as {@link Path}
 *     resolves it anywhere in Java
 */
public record StaticFiles(String prefix, Path folder) {
    public StaticFiles {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(folder, "folder");
        while (prefix.length() > 1 && prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (!prefix.startsWith("/") || prefix.equals("/")) {
            throw new IllegalArgumentException("app.files prefix must start with '/' and name a path, e.g. /static: '" + prefix + "'");
        }
        if (prefix.contains("{") || prefix.contains("//")) {
            throw new IllegalArgumentException("app.files prefix must be a literal path: '" + prefix + "'");
        }
    }
}
