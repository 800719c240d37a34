package dev.javicorn.source;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Compiles an app's {@code .java} files into a class folder with {@code javax.tools}, in the
 * supervisor's JVM. The compiler and its file manager are kept between calls, so a compile after
 * the first is warm. Not thread-safe: the supervisor's control loop owns it.
 */
public final class SourceCompiler {
    private final Path sourceRoot;
    private final JavaCompiler compiler;
    private final StandardJavaFileManager files;

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

    public SourceCompiler(Path sourceRoot) {
        this.sourceRoot = sourceRoot;
        this.compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("this Java runtime has no compiler: javicorn needs a JDK, not a JRE");
        }
        this.files = compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
    }

    /** The {@code .java} files under {@code root}, skipping build output, VCS and hidden folders. */
    public static List<Path> sources(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
                    .filter(p -> !SourceLayout.isIgnored(root.relativize(p)))
                    .sorted(Comparator.naturalOrder())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compiles every source afresh into {@code output} (emptied first, so a deleted source leaves no
     * stale class behind), against {@code classpath}.
     *
     * @return how many files were compiled
     * @throws CompileException with the diagnostics if the sources do not compile
     */
    public int compileAll(Path output, List<Path> classpath) throws CompileException {
        List<Path> sources = sources(sourceRoot);
        try {
            deleteTree(output);
            Files.createDirectories(output);
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(output));
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, classpath);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (sources.isEmpty()) {
            return 0;
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter noise = new StringWriter();
        List<String> options = List.of("-g", "-parameters", "-implicit:class", "-Xlint:none", "-nowarn");
        Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
        boolean ok = compiler.getTask(noise, files, diagnostics, options, null, units).call();
        if (!ok) {
            List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add(d);
                }
            }
            throw new CompileException(DiagnosticReport.format(errors, sourceRoot), errors.size());
        }
        return sources.size();
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
