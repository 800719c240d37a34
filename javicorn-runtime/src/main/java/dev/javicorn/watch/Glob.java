package dev.javicorn.watch;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.regex.PatternSyntaxException;

/**
 * One {@code --reload-include}/{@code --reload-exclude} glob, compiled once.
 *
 * <p>Most globs are a plain name or one star with plain text around it ({@code *.java}, {@code .*},
 * {@code #*#}); those are matched with {@code startsWith}/{@code endsWith}/{@code equals} because the filter runs for every file of a 50,000-file tree at start-up, and a
 * general {@link PathMatcher} costs a regex match per call. Immutable; any thread.
 */
final class Glob {
    private static final String META = "*?[]{}\\";

    private final String text;
    private final boolean wholePath;
    private final String prefix;
    private final String suffix;
    private final String literal;
    private final PathMatcher matcher;

    private Glob(String text, boolean wholePath, String prefix, String suffix, String literal, PathMatcher matcher) {
        this.text = text;
        this.wholePath = wholePath;
        this.prefix = prefix;
        this.suffix = suffix;
        this.literal = literal;
        this.matcher = matcher;
    }

    /** @throws IllegalArgumentException for an empty or malformed glob, quoting it */
    static Glob compile(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty glob in --reload-include/--reload-exclude");
        }
        String glob = text.strip();
        while (glob.endsWith("/") && glob.length() > 1) {
            glob = glob.substring(0, glob.length() - 1);
        }
        if (glob.contains("/")) {
            return new Glob(text, true, null, null, null, matcher(glob, text));
        }
        if (!hasMeta(glob)) {
            return new Glob(text, false, null, null, glob, null);
        }
        int star = glob.indexOf('*');
        if (star >= 0 && star == glob.lastIndexOf('*')) {
            String before = glob.substring(0, star);
            String after = glob.substring(star + 1);
            if (!hasMeta(before) && !hasMeta(after)) {
                return new Glob(text, false, before, after, null, null);
            }
        }
        return new Glob(text, false, null, null, null, matcher(glob, text));
    }

    /** Matches a name ({@code glob} without {@code /}) or the root-relative path (with {@code /}). */
    boolean matches(Path relative, String name) {
        if (prefix != null) {
            return name.length() >= prefix.length() + suffix.length()
                    && name.startsWith(prefix) && name.endsWith(suffix);
        }
        if (literal != null) {
            return name.equals(literal);
        }
        return matcher.matches(wholePath ? relative : relative.getFileName());
    }

    String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    private static boolean hasMeta(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (META.indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static PathMatcher matcher(String glob, String original) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("malformed glob '" + original + "': " + e.getDescription(), e);
        }
    }
}
