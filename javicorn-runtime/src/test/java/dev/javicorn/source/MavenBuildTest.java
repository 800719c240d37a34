package dev.javicorn.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javicorn.testing.AppDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real projects as their generators write them, real Maven, artifacts from Maven Central: what
 * javicorn builds for a module is what {@code mvn compile} puts in its {@code target/classes},
 * file for file and byte for byte where no compiler is involved (resources, filtered ones too),
 * and the same class files by name (javac's output differs only in what it was asked to debug).
 */
class MavenBuildTest {
    @TempDir
    Path tmp;

    private final List<Path> caches = new ArrayList<>();

    @AfterEach
    void removeCaches() throws IOException {
        CompiledStore.awaitKeeping(); // a compile still being kept writes under the cache
        for (Path cache : caches) {
            SourceCompiler.deleteTree(cache);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "maven-lombok,     '',  com.example.Application",   // Spring Boot 4 + Lombok, as Spring Initializr writes it
            "maven-micronaut,  '',  com.example.Application",   // Micronaut 4, as Micronaut Launch writes it (./mvnw, Maven 3.9)
            "maven-mapstruct,  '',  com.example.Main",          // a MapStruct mapper
            "maven-reactor,    app, com.example.app.Main",      // two modules; the app depends on its sibling
    })
    void buildsWhatMavenCompileBuilds(String name, String module, String mainClass) throws Exception {
        Path ours = AppDirs.copyAll(name, tmp.resolve("javicorn")).resolve(module);
        Path theirs = AppDirs.copyAll(name, tmp.resolve("maven")).resolve(module);
        caches.add(SourceLayout.cacheDir(ours));

        List<Path> classpath = new AppBuild(ours, List.of(), Optional.of(mainClass)).build();
        mavenCompile(theirs.getParent().resolve("pom.xml").toFile().exists() && !module.isEmpty() ? theirs.getParent() : theirs);

        assertThat(files(classpath.getFirst())).as("the app module's build").isEqualTo(files(theirs.resolve("target/classes")));
        if (!module.isEmpty()) {
            Path lib = classpath.stream().filter(p -> p.endsWith("lib") && p.getParent().getFileName().toString().endsWith("-modules"))
                    .findFirst().orElseThrow(() -> new AssertionError("no build of the sibling module on " + classpath));
            assertThat(files(lib)).as("the sibling module's build").isEqualTo(files(theirs.resolveSibling("lib/target/classes")));
        }
    }

    /** Each file under {@code root} by relative path: a class file by name only, anything else with its content. */
    private static Map<String, String> files(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String relative = root.relativize(file).toString();
                files.put(relative, relative.endsWith(".class") ? "class" : Files.readString(file));
            }
        }
        return files;
    }

    /** {@code mvn compile} as a user runs it: the project's {@code ./mvnw}, else {@code mvn}, with this JDK. */
    private static void mavenCompile(Path project) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(MavenProject.defaultMaven(project));
        command.addAll(List.of("-B", "-q", "compile"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(project.resolve("maven.log").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process maven = builder.start();
        assertThat(maven.waitFor(5, TimeUnit.MINUTES)).as("mvn compile finished").isTrue();
        assertThat(maven.exitValue()).as("mvn compile: %s", Files.readString(project.resolve("maven.log"))).isZero();
    }
}
