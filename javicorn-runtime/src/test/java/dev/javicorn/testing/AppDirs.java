package dev.javicorn.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies a test app's sources (from src/test/resources/apps/NAME) into a fresh folder. */
public final class AppDirs {
    private AppDirs() {}

    /** Copies every file of the test app {@code name}, keeping its folders, into {@code into/name}. */
    public static Path copyAll(String name, Path into) {
        try {
            Path from = Path.of(AppDirs.class.getResource("/apps/" + name).toURI());
            Path dir = Files.createDirectories(into.resolve(name));
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path to = dir.resolve(from.relativize(file).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(file, to);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

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
