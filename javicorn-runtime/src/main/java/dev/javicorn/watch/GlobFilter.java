package dev.javicorn.watch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The glob-based {@link PathFilter}: an allow-list of file names, a deny-list of directory names
 * and a deny-list of file names. Immutable; any thread.
 */
final class GlobFilter implements PathFilter {

    /** Files that can change what a Java web app serves: code, config, templates, static assets. */
    static final List<String> DEFAULT_INCLUDES = List.of(
            // code and build
            "*.java", "pom.xml",
            // configuration and resources
            "*.properties", "*.yaml", "*.yml", "*.json", "*.xml", "*.toml", "*.conf",
            // templates: Thymeleaf/plain, Mustache, Handlebars, FreeMarker, Pebble, jte, Velocity, JSP
            "*.html", "*.htm", "*.mustache", "*.hbs", "*.ftl", "*.ftlh", "*.ftlx", "*.peb", "*.pebble",
            "*.jte", "*.kte", "*.vm", "*.jsp",
            // static files
            "*.css", "*.js", "*.mjs", "*.map", "*.svg", "*.png", "*.jpg", "*.jpeg", "*.gif", "*.ico",
            "*.webp", "*.avif", "*.woff", "*.woff2", "*.ttf", "*.otf", "*.txt", "*.csv", "*.webmanifest");

    /**
     * Directories never watched, at any depth: build output (a compile writes there, so watching it
     * would reload in a loop), dependencies, VCS and IDE metadata. {@code .*} covers {@code .git},
     * {@code .idea}, {@code .mvn} and javicorn's own cache folder.
     */
    static final List<String> DEFAULT_DIRECTORY_EXCLUDES = List.of(
            ".*", ".git", "target", "build", "out", "node_modules");

    /**
     * Files never reported even when an include matches ({@code .#Foo.java} matches {@code *.java}):
     * editor swap, lock, backup and temporary files, and logs, which an app writes while it runs.
     */
    static final List<String> DEFAULT_FILE_EXCLUDES = List.of(
            "*.swp", "*.swx", "*.swo", "*.swn", "*~", ".#*", "#*#", "4913", "*.tmp", "*.bak",
            "*___jb_tmp___", "*___jb_old___", "*.log");

    static final GlobFilter DEFAULTS = withGlobs(List.of(), List.of());

    private final List<Glob> includes;
    private final List<Glob> directoryExcludes;
    private final List<Glob> fileExcludes;

    private GlobFilter(List<Glob> includes, List<Glob> directoryExcludes, List<Glob> fileExcludes) {
        this.includes = includes;
        this.directoryExcludes = directoryExcludes;
        this.fileExcludes = fileExcludes;
    }

    static GlobFilter withGlobs(List<String> extraIncludes, List<String> extraExcludes) {
        Set<String> includes = new LinkedHashSet<>(DEFAULT_INCLUDES);
        Set<String> directoryExcludes = new LinkedHashSet<>(DEFAULT_DIRECTORY_EXCLUDES);
        Set<String> fileExcludes = new LinkedHashSet<>(DEFAULT_FILE_EXCLUDES);
        for (String include : extraIncludes) {
            // Asking for a default-excluded name back is the only way to lift a default exclusion.
            directoryExcludes.remove(include.strip());
            fileExcludes.remove(include.strip());
            includes.add(include);
        }
        for (String exclude : extraExcludes) {
            includes.remove(exclude.strip());
            directoryExcludes.add(exclude);
            fileExcludes.add(exclude);
        }
        return new GlobFilter(compile(includes), compile(directoryExcludes), compile(fileExcludes));
    }

    @Override
    public boolean accept(Path relative, boolean directory) {
        Path last = relative.getFileName();
        if (last == null) {
            return directory;
        }
        String name = last.toString();
        if (directory) {
            return !any(directoryExcludes, relative, name);
        }
        return any(includes, relative, name) && !any(fileExcludes, relative, name);
    }

    @Override
    public String toString() {
        return "PathFilter[include=" + includes + ", excludeDirectories=" + directoryExcludes
                + ", excludeFiles=" + fileExcludes + "]";
    }

    private static boolean any(List<Glob> globs, Path relative, String name) {
        for (Glob glob : globs) {
            if (glob.matches(relative, name)) {
                return true;
            }
        }
        return false;
    }

    private static List<Glob> compile(Set<String> texts) {
        List<Glob> globs = new ArrayList<>(texts.size());
        for (String text : texts) {
            globs.add(Glob.compile(text));
        }
        return List.copyOf(globs);
    }
}
