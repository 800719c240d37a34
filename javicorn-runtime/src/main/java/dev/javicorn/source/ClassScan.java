package dev.javicorn.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whether an app's own compiled classes use a given class: a class file names every class it uses
 * in its constant pool, as plain UTF-8, so a byte search is exact enough. Class folders only; jars
 * are dependencies, not the app.
 */
public final class ClassScan {
    private ClassScan() {}

    /** True if any {@code .class} file in the folders of {@code classpath} mentions {@code internalName}. */
    public static boolean references(List<Path> classpath, String internalName) {
        byte[] needle = internalName.getBytes(StandardCharsets.UTF_8);
        for (Path entry : classpath) {
            if (!Files.isDirectory(entry)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(entry)) {
                if (files.filter(p -> p.toString().endsWith(".class")).anyMatch(p -> contains(p, needle))) {
                    return true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return false;
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            outer:
            for (int i = 0; i <= bytes.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
