package dev.javicorn.source;

import dev.javicorn.App;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Turns an app dir into a classpath. Source mode: the {@code .java} files under the app dir.
 * Maven mode (a {@code pom.xml} in the app dir): {@code src/main/java} and
 * {@code src/main/resources}, with the dependencies Maven resolves (cached until the pom changes).
 * Either way the sources are compiled by javicorn into its cache folder, and {@code --classpath}
 * entries come last. The compiler is created once and kept warm for the rebuilds a reload asks for.
 *
 * <p>Each build compiles into a folder of its own ({@code classes-N}): a worker still draining
 * keeps loading classes lazily from its build's folder, and must not find the next build's
 * classes there. Builds older than the last {@link #KEPT} are deleted. Not thread-safe: one
 * thread at a time (the supervisor's build thread), which cancels a build by being interrupted.
 */
public final class AppBuild {
    private static final int KEPT = 3;

    private final Path sourceRoot;
    private final Path cache;
    private final List<Path> extraClasspath;
    private final SourceCompiler compiler;
    private final ExecutorService javac = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("javicorn-javac").factory());
    private final MavenProject maven;
    private final boolean hasSources;
    /** The dependencies Maven resolved for the current pom; empty in source mode. */
    private List<Path> dependencies = List.of();
    private boolean resolved;
    /** The build number of the last successful build; the next one goes to {@code generation + 1}. */
    private int generation;

    public AppBuild(Path appDir, List<Path> extraClasspath) {
        this.maven = MavenProject.isMavenProject(appDir) ? new MavenProject(appDir) : null;
        this.sourceRoot = maven != null ? maven.sourceRoot() : SourceLayout.sourceRoot(appDir);
        this.cache = SourceLayout.cacheDir(appDir);
        this.extraClasspath = List.copyOf(extraClasspath);
        this.compiler = new SourceCompiler(sourceRoot);
        this.hasSources = !SourceCompiler.sources(sourceRoot).isEmpty() || maven != null;
    }

    /** True in Maven mode. */
    public boolean isMaven() {
        return maven != null;
    }

    /** Forgets the resolved dependencies, so the next build asks Maven (after a pom edit). */
    public void pomChanged() {
        resolved = false;
    }

    /**
     * Resolves dependencies (Maven mode, when needed), compiles the sources, copies resources, and
     * returns the app's classpath: compiled classes, resources, dependencies, {@code --classpath}.
     * A failed or cancelled build leaves the last good one as it was. May run on any one thread at
     * a time, which may be interrupted to cancel the build.
     *
     * @throws SourceCompiler.CompileException with javac-style diagnostics
     * @throws BuildCancelledException (a {@code BuildException}) if the thread is interrupted: the
     *         build stops at the next step, a Maven run at once with its whole process tree; the
     *         interrupt status is kept
     * @throws BuildException with one line when Maven cannot resolve the project, or a file the
     *         build reads or writes is at fault (a resource that cannot be copied, a file where
     *         the cache folder should be): the line names the path and the reason
     */
    public List<Path> build() throws SourceCompiler.CompileException, BuildException {
        BuildCancelledException.throwIfInterrupted("before it started");
        if (maven != null && !resolved) {
            try {
                dependencies = maven.resolve().classpath();
                resolved = true;
            } catch (MavenProject.ResolutionException e) {
                throw new BuildException(e.getMessage());
            } catch (IOException e) {
                throw failure("cannot resolve the dependencies of " + maven.pom() + ": " + IoFailure.describe(e));
            }
            BuildCancelledException.throwIfInterrupted("before compiling");
        }
        Path output = output(generation + 1);
        try {
            compileUninterruptibly(output, compileClasspath());
        } catch (SourceCompiler.CompileException e) {
            // Cancelled while it compiled: whatever javac said, the build is moot.
            BuildCancelledException.throwIfInterrupted("while compiling");
            throw e;
        } catch (IOException e) {
            throw failure("cannot compile into " + output + ": " + IoFailure.describe(e));
        }
        if (maven != null) {
            BuildCancelledException.throwIfInterrupted("before copying resources");
            try {
                maven.copyResources(output);
            } catch (IOException e) {
                throw failure(e.getMessage());
            }
        }
        generation++;
        forgetOldBuilds();
        return currentClasspath();
    }

    /**
     * The failure of a step, or the cancel it really was: an interrupted thread's file channels
     * close and fail with {@code ClosedByInterruptException}.
     */
    private static BuildException failure(String oneLine) {
        return Thread.currentThread().isInterrupted() ? new BuildCancelledException("during I/O") : new BuildException(oneLine);
    }

    /**
     * Runs javac on a thread of its own that is never interrupted, and waits for it even if this
     * thread is: an interrupt during one of javac's file reads closes the channel, and the file
     * manager keeps its archives (the API jar, the dependencies) open for the next builds, which
     * would then fail to read them. A cancelled build so waits for its compile, a second or so.
     */
    private void compileUninterruptibly(Path output, List<Path> classpath) throws SourceCompiler.CompileException, IOException {
        Future<Integer> compile = javac.submit(() -> compiler.compile(output, classpath));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    compile.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    switch (e.getCause()) {
                        case SourceCompiler.CompileException c -> throw c;
                        case IOException io -> throw io;
                        case RuntimeException r -> throw r;
                        case Error error -> throw error;
                        default -> throw new IllegalStateException(e.getCause());
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Warms the compiler up in the background for the rebuilds to come (see SourceCompiler). */
    public void warmUpCompiler() {
        SourceCompiler.warmUpInBackground(sourceRoot, compileClasspath(), cache.resolve("warm-up"));
    }

    private List<Path> compileClasspath() {
        List<Path> classpath = new ArrayList<>();
        classpath.add(apiJar());
        classpath.addAll(dependencies);
        classpath.addAll(extraClasspath);
        return classpath;
    }

    /**
     * The classpath the successful build {@code builds} from now will have (1: the next one), if
     * the dependencies stay the same. Known before the build exists, so that a worker JVM can be
     * started for it in advance: its class folder is empty until the build fills it.
     */
    public List<Path> classpathAhead(int builds) {
        try {
            // Created now, empty: a JVM takes a class folder that is missing at its start for a jar
            // it cannot open, and never looks at it again.
            Files.createDirectories(output(generation + builds));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return classpath(generation + builds);
    }

    /** The number of the last successful build: 1 after the first. */
    public int generation() {
        return generation;
    }

    /** The classpath of the last successful build. */
    public List<Path> currentClasspath() {
        return classpath(generation);
    }

    private List<Path> classpath(int build) {
        List<Path> classpath = new ArrayList<>();
        if (hasSources) {
            classpath.add(output(build));
            if (maven == null) {
                classpath.add(sourceRoot); // resources next to the code
            }
        }
        classpath.addAll(dependencies);
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
        return codeSource(App.class);
    }

    /** The jar or class folder a class was loaded from. */
    public static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The build could not be made for a reason other than the sources (Maven could not resolve, a
     * file is at fault); the message is one line. A cancelled build is the subtype
     * {@link BuildCancelledException}, which a caller that cancels catches first.
     */
    public static class BuildException extends Exception {
        public BuildException(String message) {
            super(message);
        }
    }
}
