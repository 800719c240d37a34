package dev.javicorn.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Copies a test app's sources (from src/test/resources/apps/NAME) into a fresh folder. */
public final class AppDirs {
    private AppDirs() {}

    public static Path copy(String name, Path into, String... files) {
        try {
            Path dir = Files.createDirectories(into.resolve(name));
            for (String file : files) {
                try (InputStream in = AppDirs.class.getResourceAsStream("/apps/" + name + "/" + file)) {
                    if (in == null) {
                        throw new IllegalArgumentException("no test app file apps/" + name + "/" + file);
                    }
                    Path to = dir.resolve(file);
                    Files.createDirectories(to.getParent());
                    Files.copy(in, to);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
