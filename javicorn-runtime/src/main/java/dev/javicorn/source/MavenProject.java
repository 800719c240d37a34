package dev.javicorn.source;

import dev.javicorn.log.Log;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An app dir holding a {@code pom.xml}, built the way Maven builds it: Maven itself is run once
 * per state of the poms and says, for the app's module and each sibling module it depends on, how
 * its compiler plugin would call javac (the effective configuration: {@code --release},
 * {@code -encoding}, {@code -parameters}, {@code compilerArgs}, the annotation processor path with
 * whatever the parents merged into it), and which jars the app needs at run time.
 *
 * <p>How: Maven runs the {@code compile} phase of the app's module and its upstream modules
 * ({@code -pl app -am} from the reactor's root) with a forked "javac" that is javicorn's script:
 * it keeps the argument file the plugin wrote and compiles nothing (the project's
 * {@code target/classes} is left as it was), and {@code dependency:build-classpath} writes the
 * runtime classpath, and {@code help:effective-pom} the poms as Maven merged them (for the
 * resources and their filtering, see {@link ResourcePlan}). The plugin is told every source is stale, so that it calls the script even
 * when {@code target/classes} is up to date. Earlier phases run as in {@code mvn compile}:
 * plugins that generate sources or copy resources do their work.
 *
 * <p>The result is kept in {@code target/javicorn/maven-HASH}, keyed by every pom of the reactor
 * and the parents found on disk: the same poms are read by Maven once, and a cache whose jars have
 * since disappeared (a cleaned {@code ~/.m2}) is made again.
 *
 * <p>Not thread-safe: one caller (the supervisor's build step) at a time. {@link #resolve} blocks
 * for as long as Maven runs, bounded by the timeout, or until its thread is interrupted.
 */
public final class MavenProject {
    /** How long a resolution may take by default: a first Spring Boot resolution downloads ~30 MB. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** 3.6.1 runs on Maven 3.2.5 and later; 3.7 and later ask for Maven 3.6.3. */
    static final String PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:build-classpath";
    /** 3.2.0 runs on Maven 3.0 and later, and writes every module of the reactor into one file. */
    static final String EFFECTIVE_POM = "org.apache.maven.plugins:maven-help-plugin:3.2.0:effective-pom";
    // Part of the cache key, so a change in what is asked of Maven invalidates old caches.
    private static final String CACHE_FORMAT = "maven-model-v3\n";
    /** The plugin calls a source stale when it is newer than its class minus this: as far back as an int goes (24 days). */
    private static final String ALL_STALE = "-DlastModGranularityMs=" + Integer.MIN_VALUE;

    private final Path appDir;
    private final Path pom;
    private final List<String> maven;
    private final Duration timeout;
    private final Optional<String> mainClass;

    /**
     * What Maven said about the project.
     *
     * @param modules how each module with sources is compiled, in build order: the app's module last
     * @param runtimeClasspath the app's dependencies at run time (compile and runtime scopes), in Maven's order
     * @param resources how each module's resources are processed, by module folder
     * @param fromCache true when Maven was not run for it
     */
    record Model(Path app, List<Module> modules, List<Path> runtimeClasspath, Map<Path, ResourcePlan> resources,
                 boolean fromCache) {
        Model {
            modules = List.copyOf(modules);
            runtimeClasspath = List.copyOf(runtimeClasspath);
            resources = Map.copyOf(resources);
        }

        /** How the resources of the module in {@code dir} are processed; Maven's defaults when the effective pom says nothing. */
        ResourcePlan resources(Path dir) {
            return resources.getOrDefault(dir, ResourcePlan.defaults(dir));
        }

        /** The modules other than the app's: the siblings it depends on. */
        List<Module> siblings() {
            return modules.stream().filter(m -> !m.dir().equals(app)).toList();
        }

        Optional<Module> appModule() {
            return modules.stream().filter(m -> m.dir().equals(app)).findFirst();
        }
    }

    /**
     * One module with sources: its folder, how Maven's compiler plugin calls javac for it, and
     * the files Maven's earlier phases wrote into its {@code target/classes} during the read
     * (build-info, git.properties, an SBOM...), kept in the cache folder; it may not exist.
     */
    record Module(Path dir, JavacArgs javac, Path pluginOutput) {}

    /** Resolution failed; the message is one line naming the artifact or the pom error. */
    public static final class ResolutionException extends Exception {
        private final List<String> mavenOutput;

        ResolutionException(String oneLine, List<String> mavenOutput) {
            super(oneLine);
            this.mavenOutput = List.copyOf(mavenOutput);
        }

        /** Maven's full output, for a debug log; empty when Maven did not run. */
        public List<String> mavenOutput() {
            return mavenOutput;
        }
    }

    /** A project resolved with its own {@code ./mvnw}, else {@code mvn} from the {@code PATH}. */
    public MavenProject(Path appDir, Optional<String> mainClass) {
        this(appDir, defaultMaven(appDir), DEFAULT_TIMEOUT, mainClass);
    }

    /**
     * @param maven the command that runs Maven (e.g. {@code [/usr/bin/mvn]}), Maven's arguments appended;
     *        empty for javicorn's own Maven
     * @param timeout how long one Maven run may take before it is killed
     * @param mainClass the app's main class, which names the module to run when the app dir is an aggregator
     */
    public MavenProject(Path appDir, List<String> maven, Duration timeout, Optional<String> mainClass) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout <= 0: " + timeout);
        }
        this.appDir = appDir.toAbsolutePath().normalize();
        this.pom = this.appDir.resolve("pom.xml");
        this.maven = List.copyOf(maven);
        this.timeout = timeout;
        this.mainClass = mainClass;
    }

    /** True when {@code appDir} is a Maven project, i.e. holds a {@code pom.xml}. */
    public static boolean isMavenProject(Path appDir) {
        return Files.isRegularFile(appDir.resolve("pom.xml"));
    }

    /**
     * The folder to watch for edits: the reactor's root when {@code appDir} is a module of one (an
     * edit in a sibling module reloads the app), else {@code appDir}.
     */
    public static Path watchRoot(Path appDir) {
        try {
            return Reactor.of(appDir, Optional.empty()).root();
        } catch (IOException e) {
            return appDir; // the build says what is wrong with the pom
        }
    }

    public Path pom() {
        return pom;
    }

    /** {@code src/main/java}; it may not exist (a project of resources only). */
    public Path sourceRoot() {
        return appDir.resolve("src/main/java");
    }

    /** The cache folder for the poms as they are now on disk. */
    public Path cacheFile() throws IOException {
        Reactor reactor = Reactor.of(appDir, mainClass);
        return cacheFolder(reactor);
    }

    /**
     * What Maven says about the project: served from the cache when no pom changed since the last
     * run; else runs Maven, logging progress, and caches the result.
     *
     * @throws ResolutionException if Maven cannot be run, fails or times out, or a pom cannot be
     *         read; the message is one line, e.g. {@code cannot resolve com.example:nope:jar:1.0
     *         (pom.xml)}. The cache is left untouched.
     * @throws BuildCancelledException if the calling thread is interrupted while Maven runs; Maven
     *         and everything it started is killed first, and the interrupt status is kept
     * @throws IOException if the cache cannot be written
     */
    Model resolve() throws ResolutionException, BuildCancelledException, IOException {
        Reactor reactor;
        try {
            reactor = Reactor.of(appDir, mainClass);
        } catch (IOException e) {
            throw new ResolutionException(e.getMessage(), List.of());
        }
        Path cached = cacheFolder(reactor);
        Optional<Model> hit = MavenCache.read(cached, reactor.app());
        if (hit.isPresent()) {
            return hit.get();
        }
        Path scratch = cached.resolveSibling(cached.getFileName() + ".new");
        long start = System.nanoTime();
        // A second back: file times may be kept to the second only.
        long startMillis = System.currentTimeMillis() / 1000 * 1000 - 1000;
        Log.info("Reading the build of " + Log.bold(reactor.root().relativize(reactor.app()).toString().isEmpty()
                ? "pom.xml" : reactor.root().relativize(reactor.app()) + "/pom.xml") + " with "
                + (maven.isEmpty() ? "Maven " + OwnMaven.VERSION : displayName()) + " (first time for these poms)...");
        Model model;
        try {
            List<String> command = maven;
            if (maven.isEmpty()) {
                Log.info("No ./mvnw in the project and no mvn on the PATH: javicorn uses its own Maven " + OwnMaven.VERSION + ".");
                command = OwnMaven.command();
            }
            MavenRun.Outcome outcome = run(command, reactor, scratch);
            if (outcome.exitCode() != 0 && !maven.isEmpty() && OwnMaven.tooOldFor(outcome.output())) {
                Log.info(displayName() + " runs a Maven too old for javicorn's plugins (they need Maven 3.2.5 or later):"
                        + " javicorn uses its own Maven " + OwnMaven.VERSION + " to read the build.");
                outcome = run(OwnMaven.command(), reactor, scratch);
            }
            if (outcome.exitCode() != 0 || !Files.isRegularFile(scratch.resolve(MavenCache.RUNTIME_CLASSPATH))) {
                throw new ResolutionException(MavenErrors.summarize(outcome.output(), "pom.xml", outcome.exitCode()), outcome.output());
            }
            MavenCache.keepPluginOutput(scratch, startMillis);
            MavenCache.keepCompilerPluginVersion(scratch, outcome.output());
            model = MavenCache.commit(scratch, cached, reactor.app());
        } finally {
            SourceCompiler.deleteTree(scratch); // what a failed or cancelled run left
        }
        Log.info("Maven's build read in " + String.format(java.util.Locale.ROOT, "%.1fs", (System.nanoTime() - start) / 1e9)
                + ": " + describe(model));
        return model;
    }

    /** One Maven run that leaves what it said in {@code scratch}: see the class comment. */
    private MavenRun.Outcome run(List<String> mavenCommand, Reactor reactor, Path scratch)
            throws ResolutionException, BuildCancelledException, IOException {
        SourceCompiler.deleteTree(scratch);
        Path javacArgs = Files.createDirectories(scratch.resolve("javac"));
        List<String> command = new ArrayList<>(mavenCommand);
        command.addAll(List.of("-B", "-f", reactor.root().resolve("pom.xml").toString()));
        reactor.appModule().ifPresent(module -> command.addAll(List.of("-pl", module, "-am")));
        command.addAll(List.of("compile", PLUGIN, "-Dmdep.outputFile=" + scratch.resolve(MavenCache.RUNTIME_CLASSPATH),
                "-DincludeScope=runtime", EFFECTIVE_POM, "-Doutput=" + scratch.resolve(MavenCache.EFFECTIVE_POM),
                "-Dmaven.compiler.fork=true", "-Dmaven.compiler.executable=" + RecordingJavac.script(),
                "-Dmaven.compiler.useIncrementalCompilation=false", ALL_STALE, "-Dstyle.color=never"));
        return MavenRun.run(command, appDir, timeout, Map.of(RecordingJavac.ENV, javacArgs.toString()));
    }

    /** E.g. {@code 40 jars, 1 module it depends on, annotation processors}. */
    private static String describe(Model model) {
        long jars = model.runtimeClasspath().stream().filter(p -> p.toString().endsWith(".jar")).count();
        int siblings = model.siblings().size();
        boolean processors = model.modules().stream().anyMatch(m -> m.javac().processes());
        return jars + (jars == 1 ? " jar" : " jars")
                + (siblings == 0 ? "" : ", " + siblings + (siblings == 1 ? " module" : " modules") + " it depends on")
                + (processors ? ", annotation processors" : "");
    }

    /** Where what Maven said about the poms as they are now is kept: the app module's {@code target/javicorn}. */
    private Path cacheFolder(Reactor reactor) throws IOException {
        return reactor.app().resolve("target/javicorn").resolve("maven-" + hash(reactor));
    }

    /** Hex SHA-256 prefix of every pom of the reactor (and the cache format), naming the cache folder. */
    private String hash(Reactor reactor) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(CACHE_FORMAT.getBytes(StandardCharsets.UTF_8));
            for (Path file : reactor.poms()) {
                digest.update(file.toString().getBytes(StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String displayName() {
        return maven.stream().filter(part -> part.endsWith("/mvnw")).findFirst().map(w -> "./mvnw")
                .orElse(Path.of(maven.getFirst()).getFileName().toString());
    }

    /**
     * The project's {@code ./mvnw} (through {@code sh} when it lost its executable bit), in the
     * app dir or a folder above it that is part of the reactor (a wrapper sits at the root), else
     * {@code mvn} from the {@code PATH}; empty when there is neither, for javicorn's own Maven.
     */
    static List<String> defaultMaven(Path appDir) {
        for (Path dir = appDir.toAbsolutePath().normalize(); dir != null && Files.isRegularFile(dir.resolve("pom.xml"));
             dir = dir.getParent()) {
            Path wrapper = dir.resolve("mvnw");
            if (Files.isRegularFile(wrapper)) {
                return Files.isExecutable(wrapper) ? List.of(wrapper.toString()) : List.of("sh", wrapper.toString());
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path mvn = Path.of(dir.isEmpty() ? "." : dir, "mvn");
                if (Files.isRegularFile(mvn) && Files.isExecutable(mvn)) {
                    return List.of(mvn.toString());
                }
            }
        }
        return List.of();
    }
}
