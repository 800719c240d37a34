package dev.javicorn.source;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Copies a module's resources into a class folder the way Maven's resources plugin does: each
 * {@code <resource>} of the {@link ResourcePlan}, its includes and excludes (Ant patterns), its
 * target path, and filtering where the pom turns it on, with the plugin's delimiters and escape
 * string. Editor and version-control leftovers are skipped, as Maven's default excludes skip them
 * (an editor backup such as {@code app.properties~} has no place on a classpath).
 */
final class Resources {
    private static final Set<String> EXCLUDED_DIRS = Set.of(".git", ".svn", ".hg", ".bzr", "CVS", "SCCS", "_darcs", "RCS");
    private static final Set<String> EXCLUDED_FILES = Set.of(
            ".gitignore", ".gitattributes", ".cvsignore", ".hgignore", ".hgtags", ".bzrignore", ".DS_Store", "vssver.scc");
    private static final int MAX_NESTING = 10;

    private Resources() {}

    /** Copies {@code resources} as it is, Maven's default for {@code src/main/resources}. */
    static int copy(Path resources, Path classes) throws IOException {
        return copy(ResourcePlan.plain(resources), classes);
    }

    /**
     * @return how many files were copied into {@code classes}; 0 when no resource folder exists
     * @throws IOException if a file cannot be listed, read or written, with a one-line message for
     *         the user that names it, e.g. {@code cannot copy resource /app/src/main/resources/com:
     *         /app/target/classes/com is a folder, and not empty}; files copied before it stay
     */
    static int copy(ResourcePlan plan, Path classes) throws IOException {
        int copied = 0;
        for (ResourcePlan.ResourceSet set : plan.sets()) {
            copied += copy(set, plan.filtering(), classes);
        }
        return copied;
    }

    private static int copy(ResourcePlan.ResourceSet set, ResourcePlan.Filtering filtering, Path classes) throws IOException {
        Path resources = set.directory();
        if (!Files.isDirectory(resources)) {
            return 0;
        }
        List<PathMatcher> includes = set.includes().stream().map(Resources::antPattern).toList();
        List<PathMatcher> excludes = set.excludes().stream().map(Resources::antPattern).toList();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(resources)) {
            files = walk.filter(Files::isRegularFile).filter(p -> {
                Path relative = resources.relativize(p);
                return !excluded(relative) && (includes.isEmpty() || includes.stream().anyMatch(m -> m.matches(relative)))
                        && excludes.stream().noneMatch(m -> m.matches(relative));
            }).toList();
        } catch (IOException | UncheckedIOException e) {
            // A folder deleted during the walk surfaces from the stream, unchecked.
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new IOException("cannot list resources under " + resources + ": " + IoFailure.describe(cause), cause);
        }
        Path into = set.targetPath().isEmpty() ? classes : classes.resolve(set.targetPath());
        for (Path file : files) {
            Path target = into.resolve(resources.relativize(file).toString());
            try {
                Files.createDirectories(target.getParent());
                if (set.filtering() && !filtering.neverFiltered().contains(extension(file))) {
                    Charset charset = extension(file).equals("properties") ? filtering.propertiesEncoding() : filtering.encoding();
                    Files.writeString(target, filter(Files.readString(file, charset), filtering, 0), charset);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            } catch (IOException e) {
                throw new IOException("cannot copy resource " + file + ": " + IoFailure.describe(e), e);
            }
        }
        return files.size();
    }

    /**
     * Puts values in for the expressions in {@code text} whose names are known, as Maven's filter
     * does: an unknown name, or an expression preceded by the escape string, is left as written
     * (the escape string itself is dropped).
     */
    static String filter(String text, ResourcePlan.Filtering filtering, int depth) {
        StringBuilder out = new StringBuilder(text.length());
        String escape = filtering.escape();
        int i = 0;
        scan:
        while (i < text.length()) {
            for (List<String> delimiter : filtering.delimiters()) {
                String start = delimiter.get(0);
                String end = delimiter.get(1);
                boolean escaped = !escape.isEmpty() && text.startsWith(escape + start, i);
                int open = escaped ? i + escape.length() : i;
                if (!text.startsWith(start, open)) {
                    continue;
                }
                int close = text.indexOf(end, open + start.length());
                String name = close < 0 ? "" : text.substring(open + start.length(), close);
                if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
                    continue;
                }
                String value = filtering.values().get(name);
                if (escaped) {
                    out.append(text, open, close + end.length());
                } else if (value != null) {
                    out.append(depth < MAX_NESTING ? filter(value, filtering, depth + 1) : value);
                } else {
                    continue;
                }
                i = close + end.length();
                continue scan;
            }
            out.append(text.charAt(i++));
        }
        return out.toString();
    }

    /** An Ant pattern as Maven reads includes and excludes: {@code **} spans folders, none included. */
    private static PathMatcher antPattern(String pattern) {
        String glob = pattern.replace('\\', '/');
        if (glob.endsWith("/")) {
            glob += "**";
        }
        glob = glob.replace("/**/", "{/,/**/}");
        if (glob.startsWith("**/")) {
            glob = "{,**/}" + glob.substring(3);
        }
        return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
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
