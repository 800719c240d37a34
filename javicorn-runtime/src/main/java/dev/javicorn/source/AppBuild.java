package dev.javicorn.source;

import dev.javicorn.App;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Turns an app dir into a classpath. Source mode: the {@code .java} files under the app dir.
 * Maven mode (a {@code pom.xml} in the app dir): the app's module and the sibling modules it
 * depends on, each compiled the way Maven's compiler plugin compiles it ({@link MavenProject}),
 * siblings first, with its {@code src/main/resources}; then the runtime dependencies Maven
 * resolves. Either way the sources are compiled by javicorn into its cache folder, and
 * {@code --classpath} entries come last. The compilers are kept warm for the rebuilds a reload asks for.
 *
 * <p>Each build compiles into a folder of its own ({@code classes-N}): a worker still draining
 * keeps loading classes lazily from its build's folder, and must not find the next build's
 * classes there. Builds older than the last {@link #KEPT} are deleted. The build folders are
 * those of this supervisor alone ({@code run-PID-RANDOM} in the app's cache folder): two javicorns
 * serving one app folder each compile into their own, and neither empties a folder the other's
 * workers load from. Each holds a lock on its folder's {@code .lock} file for as long as it runs;
 * a supervisor that was killed leaves its folder behind, and the next start removes every folder
 * whose lock it can take. A lock, not a pid: two containers sharing a cache folder number their
 * processes each its own way. Not thread-safe: one thread at a time (the supervisor's build
 * thread), which cancels a build by being interrupted.
 */
public final class AppBuild {
    private static final int KEPT = 3;
    private static final String LOCK = ".lock";

    private final Path sourceRoot;
    private final Path cache;
    /** This supervisor's build folders. */
    private final Path run;
    /** Held, never read: the lock on {@code run} lasts while this reference does (the supervisor's life). */
    private final FileLock running;
    private final List<Path> extraClasspath;
    private final ExecutorService javac = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("javicorn-javac").factory());
    private final MavenProject maven;
    private final boolean hasSources;
    /** What to compile: the source root in source mode; the modules Maven compiles, the app's last, in Maven mode. */
    private List<Unit> units;
    private MavenProject.Model model;
    private boolean resolved;
    /** The build number of the last successful build; the next one goes to {@code generation + 1}. */
    private int generation;

    /**
     * @param mainClass the app's class: in a Maven reactor's root folder, it names the module to run
     */
    public AppBuild(Path appDir, List<Path> extraClasspath, Optional<String> mainClass) {
        this.maven = MavenProject.isMavenProject(appDir) ? new MavenProject(appDir, mainClass) : null;
        this.sourceRoot = maven != null ? maven.sourceRoot() : SourceLayout.sourceRoot(appDir);
        this.cache = SourceLayout.cacheDir(appDir);
        forgetEndedRuns(cache);
        this.run = cache.resolve("run-" + ProcessHandle.current().pid() + "-" + HexFormat.of().toHexDigits(new Random().nextInt()));
        this.running = lock(run);
        this.extraClasspath = List.copyOf(extraClasspath);
        // In Maven mode the compilers come with what Maven says (useModel), before the first compile.
        this.units = maven != null ? List.of()
                : List.of(new Unit(null, null, new SourceCompiler(sourceRoot).keepingCompilesIn(compiled("app"))));
        this.hasSources = !SourceCompiler.sources(sourceRoot).isEmpty() || maven != null;
    }

    /**
     * One thing javac compiles into a folder of its own: the app (in source mode, or its Maven
     * module), or a sibling module of the app's reactor.
     *
     * @param module the Maven module, or null in source mode
     * @param name the folder name of a sibling's output, or null for the app
     */
    private record Unit(MavenProject.Module module, String name, SourceCompiler compiler) {
        boolean isApp() {
            return name == null;
        }
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
                useModel(maven.resolve());
                resolved = true;
            } catch (MavenProject.ResolutionException e) {
                throw new BuildException(e.getMessage());
            } catch (IOException e) {
                throw failure("cannot resolve the dependencies of " + maven.pom() + ": " + IoFailure.describe(e));
            }
            BuildCancelledException.throwIfInterrupted("before compiling");
        }
        int next = generation + 1;
        for (Unit unit : units) {
            Path output = output(next, unit);
            try {
                compileUninterruptibly(unit.compiler(), output, compileClasspath(unit, next));
            } catch (SourceCompiler.CompileException e) {
                // Cancelled while it compiled: whatever javac said, the build is moot.
                BuildCancelledException.throwIfInterrupted("while compiling");
                throw unit.module() == null ? e : withMavenNote(e, unit.module());
            } catch (IOException e) {
                throw failure("cannot compile into " + output + ": " + IoFailure.describe(e));
            }
        }
        if (maven != null) {
            BuildCancelledException.throwIfInterrupted("before copying resources");
            try {
                for (Unit unit : units) {
                    Path module = unit.isApp() ? model.app() : unit.module().dir();
                    if (unit.module() != null) {
                        Resources.copy(ResourcePlan.plain(unit.module().pluginOutput()), output(next, unit));
                    }
                    Resources.copy(model.resources(module), output(next, unit));
                }
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
    private void compileUninterruptibly(SourceCompiler compiler, Path output, List<Path> classpath)
            throws SourceCompiler.CompileException, IOException {
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

    /**
     * Warms the app's compiler up in the background for the rebuilds to come, once {@code after}
     * is done (see SourceCompiler).
     */
    public void warmUpCompiler(Future<?> after) {
        appUnit().compiler().warmUpInBackground(compileClasspath(appUnit(), generation), run.resolve("warm-up"), after);
    }

    /**
     * Takes what Maven said: a compiler per module with sources, the app's last, and the runtime
     * dependencies with each sibling module's {@code target/classes} standing for its build here.
     * Compilers of a model that did not change are kept (they are warm).
     */
    private void useModel(MavenProject.Model next) throws BuildException {
        if (model != null && model.modules().equals(next.modules()) && model.runtimeClasspath().equals(next.runtimeClasspath())) {
            return;
        }
        List<Unit> compiled = new ArrayList<>();
        for (MavenProject.Module module : next.siblings()) {
            String name = module.dir().getFileName().toString();
            compiled.add(new Unit(module, name, new SourceCompiler(module.javac()).keepingCompilesIn(compiled(name))));
        }
        Optional<MavenProject.Module> app = next.appModule();
        if (app.isPresent()) {
            compiled.add(new Unit(app.get(), null, new SourceCompiler(app.get().javac()).keepingCompilesIn(compiled("app"))));
        } else if (!SourceCompiler.sources(next.app().resolve("src/main/java")).isEmpty()) {
            throw new BuildException("Maven did not call javac for " + next.app().resolve("pom.xml") + ", so javicorn cannot"
                    + " compile it as Maven does (a compiler other than javac's, or a fork of its own in the pom)");
        } else {
            compiled.add(new Unit(null, null, new SourceCompiler(next.app().resolve("src/main/java")).keepingCompilesIn(compiled("app"))));
        }
        units = List.copyOf(compiled);
        model = next;
    }

    /**
     * A compile error about javac's options themselves comes from the pom: say so, since the
     * usual cause is an old compiler plugin (Maven 3.8 binds 3.1, which passes {@code -source 1.5}).
     */
    private static SourceCompiler.CompileException withMavenNote(SourceCompiler.CompileException e, MavenProject.Module module) {
        if (!e.getMessage().matches("(?s).*(Source|Target|release) (option|version) \\S+ (is no longer supported|not supported).*")) {
            return e;
        }
        return new SourceCompiler.CompileException(e.getMessage() + System.lineSeparator() + "note: these are the options"
                + " Maven's compiler plugin gives javac for " + module.dir().resolve("pom.xml") + ", and mvn compile fails the"
                + " same way; set <maven.compiler.release> or pin a current maven-compiler-plugin in the pom.", e.errors());
    }

    /** Where the good compiles of a unit are kept across runs (see CompiledStore). */
    private Path compiled(String unit) {
        return cache.resolve("compiled").resolve(unit);
    }

    /** The runtime dependencies Maven resolved for the current poms; none in source mode. */
    private List<Path> dependencies() {
        return model == null ? List.of() : model.runtimeClasspath();
    }

    private Unit appUnit() {
        return units.getLast();
    }

    /**
     * What {@code unit} compiles against in build {@code build}: Maven's compile classpath with its
     * own {@code target/classes} left out and each sibling's replaced by the sibling's build here;
     * in source mode (or without Maven's word), the API jar and the runtime dependencies.
     */
    private List<Path> compileClasspath(Unit unit, int build) {
        List<Path> classpath = new ArrayList<>();
        if (unit.module() == null) {
            classpath.add(apiJar());
            classpath.addAll(dependencies());
        } else {
            for (Path entry : unit.module().javac().classpath()) {
                if (!entry.equals(unit.module().javac().output())) {
                    classpath.add(siblingBuild(entry, build));
                }
            }
            classpath.add(apiJar());
        }
        classpath.addAll(extraClasspath);
        return classpath;
    }

    /** {@code entry}, or the build here of the sibling module whose {@code target/classes} it is. */
    private Path siblingBuild(Path entry, int build) {
        for (Unit unit : units) {
            if (!unit.isApp() && unit.module().javac().output().equals(entry)) {
                return output(build, unit);
            }
        }
        return entry;
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
            for (Unit unit : units) {
                Files.createDirectories(output(generation + builds, unit));
            }
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
        for (Path dependency : dependencies()) {
            classpath.add(siblingBuild(dependency, build));
        }
        classpath.addAll(extraClasspath);
        return classpath;
    }

    /** The app's class folder of build {@code build}. */
    private Path output(int build) {
        return run.resolve("classes-" + build);
    }

    /** Where {@code unit} compiles to in build {@code build}: the app's class folder, or a sibling's beside it. */
    private Path output(int build, Unit unit) {
        return unit.isApp() ? output(build) : modules(build).resolve(unit.name());
    }

    private Path modules(int build) {
        return run.resolve("classes-" + build + "-modules");
    }

    /** This supervisor's build folders, in the app's cache folder. */
    Path runDir() {
        return run;
    }

    /** Takes the lock that says {@code run} is in use, for as long as this JVM runs; null if the folder cannot be made. */
    private static FileLock lock(Path run) {
        try {
            Files.createDirectories(run);
            return FileChannel.open(run.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE).lock();
        } catch (IOException e) {
            return null; // the build fails on that folder and says why
        }
    }

    /**
     * Removes the build folders of supervisors that no longer run (killed before they could), and
     * those an earlier javicorn built straight into the cache folder.
     */
    private static void forgetEndedRuns(Path cache) {
        List<Path> entries;
        try (Stream<Path> listed = Files.list(cache)) {
            entries = listed.toList();
        } catch (IOException e) {
            return; // no cache folder yet, or one that cannot be read: the build says so
        }
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            try {
                if (name.startsWith("classes-") || name.equals("warm-up")) {
                    SourceCompiler.deleteTree(entry);
                } else if (name.startsWith("run-")) {
                    forgetIfEnded(entry);
                }
            } catch (IOException e) {
                // Only disk space: the next start tries again.
            }
        }
    }

    private static void forgetIfEnded(Path run) throws IOException {
        try (FileChannel lock = FileChannel.open(run.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (lock.tryLock() != null) {
                SourceCompiler.deleteTree(run);
            }
        } catch (OverlappingFileLockException e) {
            // Held in this JVM: in use.
        }
    }

    private void forgetOldBuilds() {
        for (int old = generation - KEPT; old > 0 && old > generation - KEPT - 2; old--) {
            try {
                SourceCompiler.deleteTree(output(old));
                SourceCompiler.deleteTree(SourceCompiler.generatedSources(output(old)));
                SourceCompiler.deleteTree(modules(old));
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
