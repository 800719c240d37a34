package dev.javicorn.appcache;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Whether a file is both in a class folder and in a jar: a worker that maps the cache has the jars
 * first, which would change which copy such a file's lookup finds.
 */
final class Shadowing {
    /** Files a jar and a class folder may both have without one hiding the other's use. */
    private static final Set<String> SHARED_NAMES = Set.of("META-INF/MANIFEST.MF", "module-info.class");

    private Shadowing() {}

    /**
     * A file that is both in one of the layout's class folders and among {@code inJars}, or null.
     * A folder that cannot be read is returned itself: play safe.
     */
    static String fileInBoth(Layout layout, Set<String> inJars) {
        for (String folder : layout.folders()) {
            Path root = Path.of(folder);
            try (Stream<Path> files = Files.walk(root)) {
                String both = files.filter(Files::isRegularFile)
                        .map(f -> root.relativize(f).toString().replace(File.separatorChar, '/'))
                        .filter(name -> inJars.contains(name) && !SHARED_NAMES.contains(name))
                        .findFirst().orElse(null);
                if (both != null) {
                    return both;
                }
            } catch (IOException | UncheckedIOException e) {
                return folder;
            }
        }
        return null;
    }

    /** The names of the files in these jars; a jar that cannot be opened hides nothing. */
    static Set<String> filesIn(List<String> jars) {
        Set<String> names = new HashSet<>();
        for (String jar : jars) {
            try (ZipFile zip = new ZipFile(jar)) {
                zip.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName).forEach(names::add);
            } catch (IOException e) {
                // The JVM cannot open it either.
            }
        }
        return names;
    }
}
