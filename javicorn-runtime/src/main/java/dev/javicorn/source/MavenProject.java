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
import java.util.Optional;

/**
 * An app dir holding a {@code pom.xml}: where its sources and resources are (Maven's standard
 * layout), and its dependency classpath, resolved through Maven and cached until the pom changes.
 *
 * <p>Resolution runs the project's own {@code ./mvnw} if it has one, else {@code mvn} from the
 * {@code PATH}, with {@code JAVA_HOME} set to the JDK running javicorn. The result is kept in
 * {@code target/javicorn/classpath-HASH.txt}, keyed by a hash of the pom's bytes: the same pom is
 * resolved by Maven once, and a cache whose jars have since disappeared (a cleaned {@code ~/.m2})
 * is resolved again. Only the project's own pom is hashed: an edit to a parent pom elsewhere on
 * disk goes unnoticed until {@code target/} is cleaned.
 *
 * <p>Not thread-safe: one caller (the supervisor's build step) at a time. {@link #resolve} blocks
 * for as long as Maven runs, bounded by the timeout, or until its thread is interrupted.
 */
public final class MavenProject {
    /** How long a resolution may take by default: a first Spring Boot resolution downloads ~30 MB. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    static final String PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath";
    // Part of the cache key, so a change in what is asked of Maven invalidates old caches.
    private static final String CACHE_FORMAT = "runtime-classpath-v1\n";

    private final Path appDir;
    private final Path pom;
    private final List<String> maven;
    private final Duration timeout;

    /** The classpath and whether Maven was run to get it. */
    public record Resolution(List<Path> classpath, boolean fromCache) {
        public Resolution {
            classpath = List.copyOf(classpath);
        }
    }

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
    public MavenProject(Path appDir) {
        this(appDir, defaultMaven(appDir), DEFAULT_TIMEOUT);
    }

    /**
     * @param maven the command that runs Maven (e.g. {@code [/usr/bin/mvn]}); Maven's arguments are appended
     * @param timeout how long one Maven run may take before it is killed
     */
    public MavenProject(Path appDir, List<String> maven, Duration timeout) {
        if (maven.isEmpty()) {
            throw new IllegalArgumentException("empty Maven command");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout <= 0: " + timeout);
        }
        this.appDir = appDir.toAbsolutePath().normalize();
        this.pom = this.appDir.resolve("pom.xml");
        this.maven = List.copyOf(maven);
        this.timeout = timeout;
    }

    /** True when {@code appDir} is a Maven project, i.e. holds a {@code pom.xml}. */
    public static boolean isMavenProject(Path appDir) {
        return Files.isRegularFile(appDir.resolve("pom.xml"));
    }

    public Path appDir() {
        return appDir;
    }

    public Path pom() {
        return pom;
    }

    /** {@code src/main/java}; it may not exist (a project of resources only). */
    public Path sourceRoot() {
        return appDir.resolve("src/main/java");
    }

    /** {@code src/main/resources}; it may not exist. */
    public Path resourceRoot() {
        return appDir.resolve("src/main/resources");
    }

    /** Where resolved classpaths are cached: inside {@code target/}, so {@code mvn clean} clears it. */
    public Path cacheDir() {
        return appDir.resolve("target/javicorn");
    }

    /** The command that runs Maven for this project, without Maven's arguments. */
    public List<String> mavenCommand() {
        return maven;
    }

    /** The cache file for the pom as it is now on disk. */
    public Path cacheFile() throws IOException {
        return cacheDir().resolve("classpath-" + pomHash() + ".txt");
    }

    /**
     * The runtime dependency classpath (Maven's compile and runtime scopes; not provided or test),
     * in Maven's order. Served from the cache when the pom is unchanged since the last resolution;
     * else runs Maven, logging progress, and caches the result.
     *
     * @throws ResolutionException if Maven cannot be run, fails or times out; the message is one line,
     *         e.g. {@code cannot resolve com.example:nope:jar:1.0 (pom.xml)}. The cache is left untouched.
     * @throws BuildCancelledException if the calling thread is interrupted while Maven runs; Maven
     *         and everything it started is killed first, and the interrupt status is kept
     * @throws IOException if the pom cannot be read or the cache written
     */
    public Resolution resolve() throws ResolutionException, BuildCancelledException, IOException {
        Path cached = cacheFile();
        Optional<List<Path>> hit = readCache(cached);
        if (hit.isPresent()) {
            return new Resolution(hit.get(), true);
        }
        Files.createDirectories(cached.getParent());
        Path output = cached.resolveSibling(cached.getFileName() + ".maven");
        Files.deleteIfExists(output);
        List<String> command = new ArrayList<>(maven);
        command.addAll(List.of("-B", "-f", pom.toString(), PLUGIN,
                "-Dmdep.outputFile=" + output, "-DincludeScope=runtime", "-Dstyle.color=never"));
        Log.info("Resolving dependencies with " + Log.bold(displayName()) + " (first time for this pom)...");
        long start = System.nanoTime();
        MavenRun.Outcome outcome = MavenRun.run(command, appDir, timeout);
        if (outcome.exitCode() != 0 || !Files.isRegularFile(output)) {
            throw new ResolutionException(MavenErrors.summarize(outcome.output(), "pom.xml", outcome.exitCode()), outcome.output());
        }
        List<Path> classpath = parse(Files.readString(output, StandardCharsets.UTF_8));
        Files.deleteIfExists(output);
        writeCache(cached, classpath);
        Log.info("Resolved " + classpath.size() + (classpath.size() == 1 ? " dependency in " : " dependencies in ")
                + String.format(java.util.Locale.ROOT, "%.1fs", (System.nanoTime() - start) / 1e9));
        return new Resolution(classpath, false);
    }

    /**
     * Copies the plain (unfiltered) resources under {@code src/main/resources} into {@code classes},
     * keeping their relative paths, as Maven's resources plugin does by default. Editor and VCS
     * files are skipped, as Maven skips them. A pom's custom {@code <resources>} or filtering is not applied.
     *
     * @return how many files were copied (0 when there is no resource folder)
     * @throws IOException with one line naming the resource that cannot be copied and why
     */
    public int copyResources(Path classes) throws IOException {
        return Resources.copy(resourceRoot(), classes);
    }

    /** Hex SHA-256 prefix of the pom's bytes (and the cache format), naming its cache file. */
    String pomHash() throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(CACHE_FORMAT.getBytes(StandardCharsets.UTF_8));
            digest.update(Files.readAllBytes(pom));
            return HexFormat.of().formatHex(digest.digest(), 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String displayName() {
        String first = maven.getFirst();
        return first.equals(appDir.resolve("mvnw").toString()) || maven.contains(appDir.resolve("mvnw").toString())
                ? "./mvnw" : Path.of(first).getFileName().toString();
    }

    private static Optional<List<Path>> readCache(Path cached) throws IOException {
        if (!Files.isRegularFile(cached)) {
            return Optional.empty();
        }
        List<Path> classpath = Files.readAllLines(cached, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank()).map(Path::of).toList();
        return classpath.stream().allMatch(Files::exists) ? Optional.of(classpath) : Optional.empty();
    }

    /**
     * Written beside and then moved, so a reader never sees half a file. Caches of earlier poms are
     * kept: reverting a pom edit, the usual answer to a broken one, is then served without Maven.
     */
    private static void writeCache(Path cached, List<Path> classpath) throws IOException {
        StringBuilder text = new StringBuilder();
        classpath.forEach(p -> text.append(p).append('\n'));
        Path temp = cached.resolveSibling(cached.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<Path> parse(String joined) {
        List<Path> classpath = new ArrayList<>();
        for (String entry : joined.strip().split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                classpath.add(Path.of(entry.strip()));
            }
        }
        return classpath;
    }

    /**
     * The project's {@code ./mvnw} (through {@code sh} when it lost its executable bit), else
     * {@code mvn} from the {@code PATH}; {@code [mvn]} as a last resort, so that the failure to
     * start it is reported when resolving rather than here.
     */
    static List<String> defaultMaven(Path appDir) {
        Path wrapper = appDir.toAbsolutePath().normalize().resolve("mvnw");
        if (Files.isRegularFile(wrapper)) {
            return Files.isExecutable(wrapper) ? List.of(wrapper.toString()) : List.of("sh", wrapper.toString());
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
        return List.of("mvn");
    }
}
