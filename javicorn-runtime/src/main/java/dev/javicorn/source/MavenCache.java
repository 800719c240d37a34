package dev.javicorn.source;

import dev.javicorn.log.Log;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one Maven run said, kept as Maven wrote it in a folder of its own: the runtime classpath
 * file of {@code dependency:build-classpath}, the effective pom of {@code help:effective-pom}, and under {@code javac/} each argument file the
 * compiler plugin handed the recording javac, with the folder it ran in, named so that they sort
 * in the order Maven built the modules. Read again, the folder gives the same {@link MavenProject.Model}.
 */
final class MavenCache {
    static final String RUNTIME_CLASSPATH = "runtime-classpath.txt";
    static final String EFFECTIVE_POM = "effective-pom.xml";
    private static final String COMPILER_PLUGIN = "compiler-plugin.txt";
    /** Maven 3.9 logs {@code --- compiler:3.14.1:compile (default-compile)}, 3.8 {@code --- maven-compiler-plugin:3.8.1:compile}. */
    private static final Pattern COMPILE_GOAL = Pattern.compile("--- (?:maven-)?compiler(?:-plugin)?:(\\d+)\\.(\\d+)\\S*:compile ");

    private MavenCache() {}

    /** The model kept in {@code cached}; empty when there is none, or a jar it names has disappeared. */
    static Optional<MavenProject.Model> read(Path cached, Path app) throws IOException {
        if (!Files.isRegularFile(cached.resolve(RUNTIME_CLASSPATH))) {
            return Optional.empty();
        }
        MavenProject.Model model = parse(cached, app, true);
        boolean jarsThere = Stream.concat(model.runtimeClasspath().stream(),
                        model.modules().stream().flatMap(m -> Stream.concat(m.javac().classpath().stream(), m.javac().processorPath().stream())))
                .filter(p -> p.toString().endsWith(".jar"))
                .allMatch(Files::isRegularFile);
        return jarsThere ? Optional.of(model) : Optional.empty();
    }

    /** Makes the run's {@code scratch} folder the cache {@code cached}, and returns what it holds. */
    static MavenProject.Model commit(Path scratch, Path cached, Path app) throws IOException {
        SourceCompiler.deleteTree(cached);
        try {
            Files.move(scratch, cached, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(scratch, cached);
        }
        try {
            return parse(cached, app, false);
        } catch (IOException | RuntimeException e) {
            SourceCompiler.deleteTree(cached); // never kept as a cache that cannot be read
            throw e;
        }
    }

    /** Where the files Maven's plugins wrote into the module's class folder are kept, beside its argument file. */
    static Path pluginOutput(Path argumentFile) {
        return argumentFile.resolveSibling(argumentFile.getFileName().toString().replace(".args", ".files"));
    }

    /**
     * Keeps, beside each argument file, the files other than classes that Maven's run wrote into
     * that module's class folder since {@code since}: what plugins of the earlier phases generate
     * there. A class folder's older files (left by an earlier {@code mvn} run) are not taken.
     */
    static void keepPluginOutput(Path scratch, long since) throws IOException {
        Path javac = scratch.resolve("javac");
        if (!Files.isDirectory(javac)) {
            return;
        }
        List<Path> argumentFiles;
        try (Stream<Path> files = Files.list(javac)) {
            argumentFiles = files.filter(p -> p.toString().endsWith(".args")).toList();
        }
        for (Path arguments : argumentFiles) {
            Path classes = JavacArgs.read(arguments).output();
            if (!Files.isDirectory(classes)) {
                continue;
            }
            Path into = pluginOutput(arguments);
            try (Stream<Path> walk = Files.walk(classes)) {
                for (Path file : walk.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".class")).toList()) {
                    if (Files.getLastModifiedTime(file).toMillis() >= since) {
                        Path to = into.resolve(classes.relativize(file).toString());
                        Files.createDirectories(to.getParent());
                        Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    /** Keeps the compiler plugin's version, from Maven's output, for {@link #parse}. */
    static void keepCompilerPluginVersion(Path scratch, List<String> output) throws IOException {
        for (String line : output) {
            Matcher goal = COMPILE_GOAL.matcher(line);
            if (goal.find()) {
                Files.writeString(scratch.resolve(COMPILER_PLUGIN), goal.group(1) + "." + goal.group(2), StandardCharsets.UTF_8);
                return;
            }
        }
    }

    /**
     * Since 3.10 the compiler plugin writes a class for every {@code package-info.java} javac
     * wrote none for (no annotations): {@code -Xpkginfo:always} has javac do the same here.
     */
    private static JavacArgs asThePluginCompiles(JavacArgs args, Path folder) throws IOException {
        Path version = folder.resolve(COMPILER_PLUGIN);
        if (!Files.isRegularFile(version)) {
            return args;
        }
        String[] parts = Files.readString(version, StandardCharsets.UTF_8).strip().split("\\.");
        boolean writesPackageInfo = Integer.parseInt(parts[0]) > 3 || Integer.parseInt(parts[0]) == 3 && Integer.parseInt(parts[1]) >= 10;
        return writesPackageInfo ? args.withOption("-Xpkginfo:always") : args;
    }

    private static MavenProject.Model parse(Path folder, Path app, boolean fromCache) throws IOException {
        List<Path> runtime = new ArrayList<>();
        for (String entry : Files.readString(folder.resolve(RUNTIME_CLASSPATH), StandardCharsets.UTF_8).strip().split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                runtime.add(Path.of(entry.strip()));
            }
        }
        Map<Path, MavenProject.Module> modules = new LinkedHashMap<>();
        Path javac = folder.resolve("javac");
        List<Path> argumentFiles;
        try (Stream<Path> files = Files.isDirectory(javac) ? Files.list(javac) : Stream.empty()) {
            argumentFiles = files.filter(p -> p.toString().endsWith(".args")).sorted().toList();
        }
        for (Path arguments : argumentFiles) {
            JavacArgs args = asThePluginCompiles(JavacArgs.read(arguments), folder);
            Path ranIn = arguments.resolveSibling(arguments.getFileName().toString().replace(".args", ".dir"));
            Path dir = Files.isRegularFile(ranIn) ? Path.of(Files.readString(ranIn, StandardCharsets.UTF_8).strip())
                    : args.output().getParent().getParent();
            if (modules.containsKey(dir)) {
                if (!fromCache) {
                    Log.warning("Maven compiles " + dir + " in more than one execution; javicorn follows the first.");
                }
                continue;
            }
            modules.put(dir, new MavenProject.Module(dir, args, pluginOutput(arguments)));
        }
        Path effectivePom = folder.resolve(EFFECTIVE_POM);
        Map<Path, ResourcePlan> resources = Files.isRegularFile(effectivePom) ? ResourcePlan.read(effectivePom) : Map.of();
        return new MavenProject.Model(app, new ArrayList<>(modules.values()), runtime, resources, fromCache);
    }
}
