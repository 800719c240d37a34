package dev.javicorn.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * javicorn's own classes packed as jars, for the tests of what happens only when javicorn runs
 * from jars, as a user runs it (the JDK's start-up caches take only jars). The tests' classpath
 * has javicorn's modules as class folders; this packs each module's main classes into a jar once
 * per test JVM and keeps the dependency jars as they are.
 */
public final class JavicornJars {
    private static String classpath;

    private JavicornJars() {}

    public static synchronized String classpath() {
        if (classpath == null) {
            try {
                Path dir = Files.createTempDirectory("javicorn-jars");
                List<String> entries = new ArrayList<>();
                for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                    Path path = Path.of(entry);
                    if (!Files.isDirectory(path)) {
                        entries.add(entry);
                    } else if (!path.endsWith("test-classes")) {
                        // .../javicorn-runtime/target/classes -> javicorn-runtime.jar
                        entries.add(pack(path, dir.resolve(path.getParent().getParent().getFileName() + ".jar")).toString());
                    }
                }
                classpath = String.join(File.pathSeparator, entries);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return classpath;
    }

    private static Path pack(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> tree = Files.walk(classes)) {
            for (Path path : tree.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace(File.separatorChar, '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
