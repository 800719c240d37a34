package dev.javicorn.source;

import dev.javicorn.App;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an app dir into a classpath: compiles its {@code .java} files (source mode) into
 * javicorn's cache folder, then adds {@code --classpath} entries. The compiler is created once and
 * kept warm for the rebuilds a reload asks for.
 *
 * <p>Each build compiles into a folder of its own ({@code classes-N}): a worker still draining
 * keeps loading classes lazily from its build's folder, and must not find the next build's
 * classes there. Builds older than the last {@link #KEPT} are deleted. Not thread-safe: the
 * control loop owns it.
 */
public final class AppBuild {
    private static final int KEPT = 3;

    private final Path sourceRoot;
    private final Path cache;
    private final List<Path> extraClasspath;
    private final SourceCompiler compiler;
    private final boolean hasSources;
    /** The build number of the last successful build; the next one goes to {@code generation + 1}. */
    private int generation;

    public AppBuild(Path appDir, List<Path> extraClasspath) {
        this.sourceRoot = SourceLayout.sourceRoot(appDir);
        this.cache = SourceLayout.cacheDir(appDir);
        this.extraClasspath = List.copyOf(extraClasspath);
        List<Path> compileClasspath = new ArrayList<>();
        compileClasspath.add(apiJar());
        compileClasspath.addAll(extraClasspath);
        this.compiler = new SourceCompiler(sourceRoot, compileClasspath);
        this.hasSources = !SourceCompiler.sources(sourceRoot).isEmpty();
    }

    /**
     * Compiles the sources (if any) and returns the app's classpath: compiled classes, the source
     * folder (for resources next to the code), then the {@code --classpath} entries.
     *
     * @throws SourceCompiler.CompileException with javac-style diagnostics
     */
    public List<Path> build() throws SourceCompiler.CompileException {
        compiler.compileAll(output(generation + 1));
        generation++;
        List<Path> classpath = currentClasspath();
        forgetOldBuilds();
        return classpath;
    }

    /**
     * The classpath the next successful build will have. Known before the build exists, so that a
     * worker JVM can be started for it in advance: a class folder that does not exist yet is simply
     * empty to a JVM until it does.
     */
    public List<Path> nextClasspath() {
        return classpath(generation + 1);
    }

    /** The classpath of the last successful build. */
    public List<Path> currentClasspath() {
        return classpath(generation);
    }

    private List<Path> classpath(int build) {
        List<Path> classpath = new ArrayList<>();
        if (hasSources) {
            classpath.add(output(build));
            classpath.add(sourceRoot);
        }
        classpath.addAll(extraClasspath);
        return classpath;
    }

    private Path output(int build) {
        return cache.resolve("classes-" + build);
    }

    private void forgetOldBuilds() {
        for (int old = generation - KEPT; old > 0 && old > generation - KEPT - 2; old--) {
            try {
                SourceCompiler.deleteTree(output(old));
            } catch (IOException e) {
                // A folder we cannot delete only costs disk space; the next start clears the cache.
            }
        }
    }

    /** Where the javicorn API classes are, for compiling an app against them. */
    static Path apiJar() {
        try {
            return Path.of(App.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
