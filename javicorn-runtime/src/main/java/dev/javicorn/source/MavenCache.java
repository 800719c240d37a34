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
        MavenProject.Model model = parse(scratch, app, false);
        SourceCompiler.deleteTree(cached);
        try {
            Files.move(scratch, cached, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(scratch, cached);
        }
        return model;
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
            JavacArgs args = JavacArgs.read(arguments);
            Path ranIn = arguments.resolveSibling(arguments.getFileName().toString().replace(".args", ".dir"));
            Path dir = Files.isRegularFile(ranIn) ? Path.of(Files.readString(ranIn, StandardCharsets.UTF_8).strip())
                    : args.output().getParent().getParent();
            if (modules.containsKey(dir)) {
                if (!fromCache) {
                    Log.warning("Maven compiles " + dir + " in more than one execution; javicorn follows the first.");
                }
                continue;
            }
            modules.put(dir, new MavenProject.Module(dir, args));
        }
        Path effectivePom = folder.resolve(EFFECTIVE_POM);
        Map<Path, ResourcePlan> resources = Files.isRegularFile(effectivePom) ? ResourcePlan.read(effectivePom) : Map.of();
        return new MavenProject.Model(app, new ArrayList<>(modules.values()), runtime, resources, fromCache);
    }
}
