package dev.javicorn.source;

import dev.javicorn.log.Log;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Compiles an app's {@code .java} files into a class folder with {@code javax.tools}, in the
 * supervisor's JVM. The compiler and its file manager are kept between calls, so a compile after
 * the first is warm. Not thread-safe: one thread at a time (the supervisor's build thread).
 *
 * <p>A compile after the first recompiles only the sources that changed since the last good one,
 * against the classes of the others (copied from the last build's folder). If that changed what
 * other classes can see of a class ({@link ClassApi}: a signature, a constant, a class gone), the
 * classes that use it may need recompiling too, and the compile starts over with every source.
 * A deleted source or a new classpath also means compiling everything, and so does every compile
 * that runs annotation processors: what a processor generates can depend on any source (Lombok
 * changes a class in place, Micronaut writes one bean definition per class and an index of them all).
 *
 * <p>In Maven mode the options are the ones Maven's compiler plugin passes javac ({@link JavacArgs}),
 * with its annotation processor path; generated sources go beside the class folder.
 */
public final class SourceCompiler {
    private static final List<String> OPTIONS = List.of("-g", "-parameters", "-implicit:class", "-Xlint:none", "-nowarn");
    /** Background warm-up: this many compiles at most, and none started after this long. */
    private static final int WARM_UP_COMPILES = 10;
    private static final long WARM_UP_MILLIS = 3_000;
    private static final long WARM_UP_WAIT_MILLIS = 10_000;

    private final List<Path> sourceRoots;
    private final List<String> options;
    private final List<Path> processorPath;
    private final boolean processes;
    private final JavaCompiler compiler;
    /** Made at the first compile: a start that finds its compile kept needs none (about 10 ms). */
    private StandardJavaFileManager files;
    /** The last good compile, or null. */
    private Build last;
    /** Where good compiles are kept across runs, or null. */
    private CompiledStore store;

    /** A compile that failed: javac-style lines, {@code file:line: error: message}, then the code. */
    public static final class CompileException extends Exception {
        private final int errors;

        CompileException(String report, int errors) {
            super(report);
            this.errors = errors;
        }

        public int errors() {
            return errors;
        }
    }

    /** A good compile: where it went, against what, the sources as they were, and the classes of each. */
    private record Build(Path output, List<Path> classpath, Map<Path, Stamp> sources, Map<Path, List<String>> classes) {}

    /** A source's content, by length and checksum: file times are too coarse for two quick saves. */
    private record Stamp(long size, long checksum) {
        static Stamp of(Path file) {
            try {
                byte[] content = Files.readAllBytes(file);
                CRC32C crc = new CRC32C();
                crc.update(content);
                return new Stamp(content.length, crc.getValue());
            } catch (IOException e) {
                return new Stamp(-1, -1); // gone meanwhile: javac will say so
            }
        }
    }

    /** A compiler for javicorn's source mode: the sources under one folder, javicorn's own options. */
    public SourceCompiler(Path sourceRoot) {
        this(List.of(sourceRoot), OPTIONS, List.of(), false);
    }

    /** A compiler for a Maven module, with the options and processor path Maven gives javac. */
    SourceCompiler(JavacArgs maven) {
        this(maven.sourceRoots(), inProcess(maven.options()), maven.processorPath(), maven.processes());
    }

    /**
     * Maven's options without {@code -J}: those are for the JVM of a forked javac, and javicorn
     * compiles in its own. Said once, since a plugin that needs them (Error Prone asks for
     * {@code -J--add-exports}) may then fail to load.
     */
    private static List<String> inProcess(List<String> options) {
        List<String> jvm = options.stream().filter(o -> o.startsWith("-J")).toList();
        if (!jvm.isEmpty()) {
            Log.warning("javicorn runs javac in its own JVM and leaves out the options for a forked javac's JVM: " + jvm);
        }
        return options.stream().filter(o -> !o.startsWith("-J")).toList();
    }

    private SourceCompiler(List<Path> sourceRoots, List<String> options, List<Path> processorPath, boolean processes) {
        this.sourceRoots = sourceRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.options = List.copyOf(options);
        this.processorPath = List.copyOf(processorPath);
        this.processes = processes;
        this.compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("this Java runtime has no compiler: javicorn needs a JDK, not a JRE");
        }
    }

    /**
     * Keeps each good compile in {@code folder}, and lets the first compile of this run take a kept
     * one made from the very same sources, options and classpath instead of running javac.
     */
    SourceCompiler keepingCompilesIn(Path folder) {
        this.store = new CompiledStore(folder);
        return this;
    }

    /**
     * The {@code .java} files under {@code root}, skipping build output, VCS and hidden folders;
     * none when {@code root} is not a folder (a Maven project without {@code src/main/java} yet).
     *
     * @throws UncheckedIOException if the folder cannot be listed
     */
    public static List<Path> sources(Path root) {
        try {
            return list(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
                    .filter(p -> !SourceLayout.isIgnored(root.relativize(p)))
                    .sorted(Comparator.naturalOrder())
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause(); // a folder deleted during the walk
        }
    }

    /**
     * Compiles the sources into {@code output} (emptied first, so a deleted source leaves no stale
     * class behind), against {@code classpath}: the changed ones only when that is enough.
     *
     * @return how many files were compiled
     * @throws CompileException with the diagnostics if the sources do not compile
     * @throws IOException if the sources cannot be listed or {@code output} cannot be made (a file
     *         in the way of a folder); the exception names the path
     */
    public int compile(Path output, List<Path> classpath) throws CompileException, IOException {
        Map<Path, Stamp> stamps = new LinkedHashMap<>();
        for (Path root : sourceRoots) {
            list(root).forEach(p -> stamps.put(p, Stamp.of(p)));
        }
        if (last == null && store != null) {
            reset(output);
            Optional<Map<Path, List<String>>> kept = store.restore(CompiledStore.key(stamps, options, processorPath, classpath), output);
            if (kept.isPresent()) {
                Log.debug("The sources are those of a kept compile: no javac.");
                last = new Build(output, classpath, stamps, kept.get());
                return 0;
            }
        }
        int compiled = compileChanged(output, classpath, stamps);
        if (store != null) {
            Map<Path, List<String>> classes = last.classes();
            store.keepLater(() -> CompiledStore.key(stamps, options, processorPath, classpath), output, classes);
        }
        return compiled;
    }

    private int compileChanged(Path output, List<Path> classpath, Map<Path, Stamp> stamps) throws CompileException, IOException {
        List<Path> changed = processes ? null : changedSince(last, stamps, classpath);
        if (changed != null) {
            Map<Path, List<String>> classes = copyUnchanged(last, changed, output);
            Map<Path, List<String>> written = javac(changed, output, prepend(output, classpath));
            if (sameApi(last, output, written)) {
                classes.putAll(written);
                last = new Build(output, classpath, stamps, classes);
                return changed.size();
            }
            Log.debug("What other classes see of " + describe(written.keySet()) + " changed: compiling every source.");
        }
        List<Path> all = List.copyOf(stamps.keySet());
        reset(output);
        last = new Build(output, classpath, stamps, javac(all, output, classpath));
        return all.size();
    }

    /** The sources changed since {@code build}, or null when everything must be compiled. */
    private static List<Path> changedSince(Build build, Map<Path, Stamp> stamps, List<Path> classpath) {
        if (build == null || !build.classpath().equals(classpath) || !stamps.keySet().containsAll(build.sources().keySet())
                || !Files.isDirectory(build.output())) {
            return null;
        }
        List<Path> changed = stamps.keySet().stream().filter(p -> !stamps.get(p).equals(build.sources().get(p))).toList();
        return changed.size() < stamps.size() ? changed : null;
    }

    private static Map<Path, List<String>> copyUnchanged(Build build, List<Path> changed, Path output) throws IOException {
        Map<Path, List<String>> kept = new HashMap<>();
        reset(output);
        for (Map.Entry<Path, List<String>> source : build.classes().entrySet()) {
            if (changed.contains(source.getKey())) {
                continue;
            }
            for (String classFile : source.getValue()) {
                Path to = output.resolve(classFile);
                Files.createDirectories(to.getParent());
                Files.copy(build.output().resolve(classFile), to);
            }
            kept.put(source.getKey(), source.getValue());
        }
        return kept;
    }

    /** True if no class of the recompiled sources disappeared or shows other classes anything new. */
    private static boolean sameApi(Build before, Path output, Map<Path, List<String>> written) throws IOException {
        for (Map.Entry<Path, List<String>> source : written.entrySet()) {
            for (String classFile : before.classes().getOrDefault(source.getKey(), List.of())) {
                if (!source.getValue().contains(classFile)
                        || !ClassApi.of(Files.readAllBytes(before.output().resolve(classFile)))
                                .equals(ClassApi.of(Files.readAllBytes(output.resolve(classFile))))) {
                    return false;
                }
            }
        }
        return true;
    }

    private Map<Path, List<String>> javac(List<Path> units, Path output, List<Path> classpath) throws CompileException, IOException {
        if (files == null) {
            files = compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        }
        files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(output));
        files.setLocationFromPaths(StandardLocation.CLASS_PATH, classpath);
        files.setLocationFromPaths(StandardLocation.SOURCE_PATH, List.of());
        files.setLocationFromPaths(StandardLocation.ANNOTATION_PROCESSOR_PATH, processorPath);
        if (processes) {
            Path generated = generatedSources(output);
            reset(generated);
            files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generated));
        }
        Recording recording = new Recording(files);
        if (units.isEmpty()) {
            return recording.written;
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean ok;
        try {
            ok = compiler.getTask(new StringWriter(), recording, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(units)).call();
        } catch (RuntimeException e) {
            // javac hands on what an annotation processor or a plugin threw, wrapped.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new CompileException("error: javac failed in an annotation processor or a compiler plugin: " + cause
                    + (processorPath.isEmpty() ? "" : " (processor path: " + describe(processorPath) + ")"), 1);
        } catch (LinkageError e) {
            throw new CompileException("error: javac cannot load an annotation processor or a compiler plugin: " + e, 1);
        }
        if (!ok) {
            List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add(d);
                }
            }
            throw new CompileException(DiagnosticReport.format(errors, sourceRoots.getFirst()), errors.size());
        }
        return recording.written;
    }

    /** Where the annotation processors of the compile into {@code output} write their sources. */
    static Path generatedSources(Path output) {
        return output.resolveSibling(output.getFileName() + "-generated");
    }

    /**
     * Compiles every source a few times on a background thread, into a scratch folder that is
     * deleted afterwards, so that the first reloads find javac's own code compiled by the JIT: a
     * one-file compile takes 100-400 ms in a fresh JVM and 20-40 ms once warm. Begins once {@code
     * after} is done (or {@value #WARM_UP_WAIT_MILLIS} ms have passed), then bounded to {@value
     * #WARM_UP_COMPILES} compiles and {@value #WARM_UP_MILLIS} ms, whichever comes first.
     *
     * @param after what the warm-up should not slow down: the first worker's start
     */
    void warmUpInBackground(List<Path> classpath, Path scratch, Future<?> after) {
        Thread.ofPlatform().daemon().name("javicorn-javac-warm-up").start(() -> {
            try {
                after.get(WARM_UP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // warm up anyway
            } catch (InterruptedException e) {
                return;
            }
            long began = System.nanoTime();
            try {
                SourceCompiler warming = new SourceCompiler(sourceRoots, options, processorPath, processes);
                List<Path> all = new ArrayList<>();
                for (Path root : sourceRoots) {
                    all.addAll(sources(root));
                }
                for (int i = 0; i < WARM_UP_COMPILES && System.nanoTime() - began < WARM_UP_MILLIS * 1_000_000; i++) {
                    reset(scratch);
                    warming.javac(all, scratch, classpath);
                }
            } catch (CompileException | IOException | RuntimeException e) {
                // Only a colder first reload: the real compile reports the errors.
            } finally {
                try {
                    deleteTree(generatedSources(scratch));
                    deleteTree(scratch);
                } catch (IOException e) {
                    // Left for the next start, which clears the cache.
                }
            }
        });
    }

    /** Remembers which class files javac writes for each source. */
    private static final class Recording extends ForwardingJavaFileManager<StandardJavaFileManager> {
        final Map<Path, List<String>> written = new HashMap<>();

        Recording(StandardJavaFileManager files) {
            super(files);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                   FileObject sibling) throws IOException {
            if (kind == JavaFileObject.Kind.CLASS && sibling != null) {
                written.computeIfAbsent(Path.of(sibling.toUri()).normalize(), k -> new ArrayList<>())
                        .add(className.replace('.', '/') + ".class");
            }
            return super.getJavaFileForOutput(location, className, kind, sibling);
        }
    }

    private static List<Path> prepend(Path first, List<Path> rest) {
        List<Path> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    private static String describe(java.util.Collection<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).sorted().toList().toString();
    }

    /**
     * Empties {@code output} but keeps the folder: a spare's JVM may have been started for this
     * build a moment before, and a JVM takes a class folder that is missing at its start for one
     * that never exists (see AppBuild.classpathAhead).
     */
    private static void reset(Path output) throws IOException {
        if (Files.exists(output, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(output, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(output);
        }
        Files.createDirectories(output);
        delete(output, false);
    }

    /** Deletes {@code root} and everything under it; nothing when it does not exist. */
    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            delete(root, true);
        }
    }

    /** Deletes everything under {@code root}, and {@code root} itself when {@code withRoot}. */
    private static void delete(Path root, boolean withRoot) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).filter(p -> withRoot || !p.equals(root)).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause(); // a file deleted during the walk
        }
    }
}
