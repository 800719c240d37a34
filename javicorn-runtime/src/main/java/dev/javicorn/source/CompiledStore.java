package dev.javicorn.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The last good compile of a set of sources, kept across runs: a start whose sources, options and
 * classpath are those of a kept compile takes its class files instead of running javac (a cold
 * javac is the largest part of a small app's start). A compile is kept under a key that digests
 * everything it was made from; its files are hard links to the build's own (a build's folder is
 * never written again once built), with an index of which source wrote which class.
 * Only the newest {@value #KEPT} are kept.
 */
final class CompiledStore {
    private static final int KEPT = 2;
    private static final String INDEX = "index.txt";

    private final Path root;
    /** Keeps compiles off the build's path (a reload waits for javac, not for this), one at a time, in order. */
    private static final ExecutorService KEEPING = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("javicorn-keep-compile").factory());

    CompiledStore(Path root) {
        this.root = root;
    }

    /**
     * The digest of what a compile is made from: every source by path and content stamp, the
     * options, and each path entry (a jar by path, size and time; a folder by the names and content
     * of its files alone, since a sibling module's build folder is named after the supervisor's pid).
     */
    static String key(Map<Path, ?> stamps, List<String> options, List<Path> processorPath, List<Path> classpath) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            add(digest, System.getProperty("java.runtime.version"));
            stamps.forEach((source, stamp) -> add(digest, source + "=" + stamp));
            options.forEach(option -> add(digest, option));
            for (Path entry : concat(processorPath, classpath)) {
                if (Files.isDirectory(entry)) {
                    add(digest, "folder");
                    try (Stream<Path> walk = Files.walk(entry)) {
                        for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                            add(digest, entry.relativize(file).toString());
                            digest.update(Files.readAllBytes(file));
                        }
                    }
                } else if (Files.isRegularFile(entry)) {
                    add(digest, entry + "=" + Files.size(entry) + "@" + Files.getLastModifiedTime(entry).toMillis());
                } else {
                    add(digest, entry.toString());
                }
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Fills {@code output} with the compile kept under {@code key}, if there is one.
     *
     * @return which class files each source wrote, or empty when nothing is kept under that key
     */
    Optional<Map<Path, List<String>>> restore(String key, Path output) {
        awaitKeeping();
        Path kept = root.resolve(key);
        Path index = kept.resolve(INDEX);
        if (!Files.isRegularFile(index)) {
            return Optional.empty();
        }
        try {
            Path files = kept.resolve("files");
            try (Stream<Path> walk = Files.walk(files)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    Path to = output.resolve(files.relativize(file).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Map<Path, List<String>> classes = new HashMap<>();
            for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
                String[] fields = line.split("\t");
                classes.put(Path.of(fields[0]), List.of(fields).subList(1, fields.length));
            }
            return Optional.of(classes);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a damaged store: compile as if it were not there
        }
    }

    /**
     * Waits (a few seconds at most) for the compiles still being kept, so that a restore sees the
     * newest (and a test can remove the folders they are kept in).
     */
    static void awaitKeeping() {
        try {
            KEEPING.submit(() -> { }).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Restore from what is kept so far.
        }
    }

    /** {@link #keep} in the background: the key, a digest of the sources and the classpath, is worked out there too. */
    void keepLater(Supplier<String> key, Path output, Map<Path, List<String>> classes) {
        KEEPING.execute(() -> {
            try {
                keep(key.get(), output, classes);
            } catch (RuntimeException e) {
                // A build folder removed meanwhile: the next start compiles.
            }
        });
    }

    /** Keeps the compile in {@code output} under {@code key}; a failure only costs the next start its shortcut. */
    void keep(String key, Path output, Map<Path, List<String>> classes) {
        Path kept = root.resolve(key);
        if (Files.isRegularFile(kept.resolve(INDEX))) {
            return;
        }
        try {
            // Named for this process: another javicorn on the same app may keep the same compile now.
            Path scratch = Files.createDirectories(root).resolve(key + "." + ProcessHandle.current().pid() + ".new");
            SourceCompiler.deleteTree(scratch);
            // Every file javac and the processors wrote, not only the classes of the index.
            try (Stream<Path> walk = Files.walk(output)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    Path to = scratch.resolve("files").resolve(output.relativize(file).toString());
                    Files.createDirectories(to.getParent());
                    Files.createLink(to, file);
                }
            }
            StringBuilder index = new StringBuilder();
            classes.forEach((source, files) -> index.append(source).append(files.stream().map(f -> "\t" + f)
                    .reduce("", String::concat)).append('\n'));
            Files.writeString(Files.createDirectories(scratch).resolve(INDEX), index, StandardCharsets.UTF_8);
            SourceCompiler.deleteTree(kept);
            Files.move(scratch, kept, StandardCopyOption.ATOMIC_MOVE);
            forgetOld(key);
        } catch (IOException | UnsupportedOperationException e) {
            // Another file system, or no room: the next start compiles.
        }
    }

    private void forgetOld(String newest) throws IOException {
        List<Path> others;
        try (Stream<Path> kept = Files.list(root)) {
            others = kept.filter(p -> !p.getFileName().toString().equals(newest))
                    .sorted((a, b) -> Long.compare(modified(b), modified(a))).toList();
        }
        for (Path old : others.subList(Math.min(others.size(), KEPT - 1), others.size())) {
            SourceCompiler.deleteTree(old);
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void add(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
