package dev.javicorn.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Copies a resource folder into a class folder the way Maven's resources plugin copies unfiltered
 * resources: every file, relative paths kept, except the editor and version-control leftovers that
 * Maven's default excludes leave out (an editor backup such as {@code app.properties~} has no place on a classpath).
 */
final class Resources {
    private static final Set<String> EXCLUDED_DIRS = Set.of(".git", ".svn", ".hg", ".bzr", "CVS", "SCCS", "_darcs", "RCS");
    private static final Set<String> EXCLUDED_FILES = Set.of(
            ".gitignore", ".gitattributes", ".cvsignore", ".hgignore", ".hgtags", ".bzrignore", ".DS_Store", "vssver.scc");

    private Resources() {}

    /**
     * @return how many files were copied into {@code classes}; 0 when {@code resources} does not exist
     * @throws IOException if a file cannot be listed, read or written, with a one-line message for
     *         the user that names it, e.g. {@code cannot copy resource /app/src/main/resources/com:
     *         /app/target/classes/com is a folder, and not empty}; files copied before it stay
     */
    static int copy(Path resources, Path classes) throws IOException {
        if (!Files.isDirectory(resources)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(resources)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !excluded(resources.relativize(p))).toList();
        } catch (IOException | UncheckedIOException e) {
            // A folder deleted during the walk surfaces from the stream, unchecked.
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new IOException("cannot list resources under " + resources + ": " + IoFailure.describe(cause), cause);
        }
        for (Path file : files) {
            Path target = classes.resolve(resources.relativize(file).toString());
            try {
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            } catch (IOException e) {
                throw new IOException("cannot copy resource " + file + ": " + IoFailure.describe(e), e);
            }
        }
        return files.size();
    }

    static boolean excluded(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            if (EXCLUDED_DIRS.contains(relative.getName(i).toString())) {
                return true;
            }
        }
        String name = relative.getFileName().toString();
        return EXCLUDED_FILES.contains(name) || name.endsWith("~") || name.startsWith("._")
                || name.startsWith(".#") || (name.startsWith("#") && name.endsWith("#") && name.length() > 1)
                || (name.startsWith("%") && name.endsWith("%") && name.length() > 1);
    }
}
