package dev.javicorn.appcache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A main-class worker's classpath split in its jars and its class folders, in order. */
public record Layout(List<String> jars, List<String> folders) {
    public Layout {
        jars = List.copyOf(jars);
        folders = List.copyOf(folders);
    }

    public static Layout of(List<String> classpath) {
        List<String> jars = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        for (String entry : classpath) {
            (Files.isDirectory(Path.of(entry)) ? folders : jars).add(entry);
        }
        return new Layout(jars, folders);
    }

    /** The classpath of a worker that maps the cache: the jars it was made with first. */
    public List<String> jarsFirst() {
        return Stream.concat(jars.stream(), folders.stream()).toList();
    }

    /** True when every entry that is not a class folder is a jar that exists. */
    boolean cacheable() {
        return !jars.isEmpty() && jars.stream().allMatch(j -> j.endsWith(".jar") && Files.isRegularFile(Path.of(j)));
    }
}
