package dev.javicorn.source;

import dev.javicorn.App;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an app dir into a classpath: compiles its {@code .java} files (source mode) into
 * javicorn's cache folder, then adds {@code --classpath} entries. The compiler is created once and
 * kept warm for the rebuilds a reload asks for. Not thread-safe: the control loop owns it.
 */
public final class AppBuild {
    private final Path sourceRoot;
    private final List<Path> extraClasspath;
    private final SourceCompiler compiler;

    public AppBuild(Path appDir, List<Path> extraClasspath) {
        this.sourceRoot = SourceLayout.sourceRoot(appDir);
        this.extraClasspath = List.copyOf(extraClasspath);
        List<Path> compileClasspath = new ArrayList<>();
        compileClasspath.add(apiJar());
        compileClasspath.addAll(extraClasspath);
        this.compiler = new SourceCompiler(sourceRoot, SourceLayout.cacheDir(appDir).resolve("classes"), compileClasspath);
    }

    /** True if the app dir has sources for javicorn to compile. */
    public boolean hasSources() {
        return !SourceCompiler.sources(sourceRoot).isEmpty();
    }

    /**
     * Compiles the sources (if any) and returns the app's classpath: compiled classes, the source
     * folder (for resources next to the code), then the {@code --classpath} entries.
     *
     * @throws SourceCompiler.CompileException with javac-style diagnostics
     */
    public List<Path> build() throws SourceCompiler.CompileException {
        List<Path> classpath = new ArrayList<>();
        if (compiler.compileAll() > 0) {
            classpath.add(compiler.output());
            classpath.add(sourceRoot);
        }
        classpath.addAll(extraClasspath);
        return classpath;
    }

    /** Where the javicorn API classes are, for compiling an app against them. */
    static Path apiJar() {
        try {
            return Path.of(App.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path sourceRoot() {
        return sourceRoot;
    }
}
