package dev.javicorn.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javicorn.testing.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolution through a real Maven (the system {@code mvn}, else javicorn's own {@code ./mvnw}) on
 * small poms; artifacts come from {@code ~/.m2} or Maven Central.
 */
class MavenProjectTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String PICOCLI = """
            <dependency><groupId>info.picocli</groupId><artifactId>picocli</artifactId><version>4.7.7</version></dependency>""";
    private static final String JUNIT_TEST_SCOPE = """
            <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version><scope>test</scope></dependency>""";

    @TempDir
    Path app;

    @Test
    void resolvesRuntimeDependenciesIntoClasspathAndLeavesTestScopeOut() throws Exception {
        writePom(PICOCLI + JUNIT_TEST_SCOPE);
        MavenProject.Model resolution = project().resolve();

        assertThat(resolution.fromCache()).isFalse();
        assertThat(resolution.runtimeClasspath()).anySatisfy(p -> assertThat(p.getFileName()).hasToString("picocli-4.7.7.jar"));
        assertThat(resolution.runtimeClasspath()).allSatisfy(p -> assertThat(p).isAbsolute().isRegularFile());
        assertThat(resolution.runtimeClasspath()).noneSatisfy(p -> assertThat(p.toString()).contains("junit"));
        assertThat(project().cacheFile()).isDirectory().startsWith(app.toAbsolutePath().normalize().resolve("target/javicorn"));
    }

    @Test
    void samePomIsServedFromCacheWithoutRunningMavenAndAnEditedPomIsResolvedAgain() throws Exception {
        writePom(PICOCLI);
        List<Path> first = project().resolve().runtimeClasspath();

        // A Maven that cannot even start proves the second answer came from the cache.
        MavenProject noMaven = new MavenProject(app, List.of(app.resolve("no-such-mvn").toString()), TIMEOUT, Optional.empty());
        MavenProject.Model second = noMaven.resolve();
        assertThat(second.fromCache()).isTrue();
        assertThat(second.runtimeClasspath()).isEqualTo(first);

        Files.writeString(app.resolve("pom.xml"), Files.readString(app.resolve("pom.xml")) + "<!-- edited -->\n");
        assertThatThrownBy(noMaven::resolve)
                .isInstanceOf(MavenProject.ResolutionException.class)
                .hasMessageStartingWith("cannot run Maven (")
                .hasMessageNotContaining("\n");
    }

    @Test
    void missingArtifactFailsWithOneLineNamingIt() throws Exception {
        writePom(PICOCLI + """
                <dependency><groupId>com.example</groupId><artifactId>nope</artifactId><version>1.0</version></dependency>""");
        assertThatThrownBy(() -> project().resolve())
                .isInstanceOf(MavenProject.ResolutionException.class)
                .hasMessage("cannot resolve com.example:nope:jar:1.0 (pom.xml)");
        assertThat(project().cacheFile()).doesNotExist();
    }

    @Test
    void malformedPomFailsWithOneLineNamingTheProblemAndItsLine() throws Exception {
        writePom(PICOCLI + "<oops>");
        assertThatThrownBy(() -> project().resolve())
                .isInstanceOf(MavenProject.ResolutionException.class)
                .hasMessageStartingWith("broken " + app.resolve("pom.xml").toAbsolutePath().normalize() + " at line ")
                .hasMessageContaining("oops")
                .hasMessageNotContaining("\n");
    }

    @Test
    void mavenThatOutlivesTheTimeoutIsKilledWithItsChildren() throws Exception {
        writePom(PICOCLI);
        Path pidFile = app.resolve("pid");
        Path hang = script("hang", "echo $$ > '" + pidFile + "'\nsleep 60 &\necho $! >> '" + pidFile + "'\nwait\n");
        MavenProject slow = new MavenProject(app, List.of(hang.toString()), Duration.ofMillis(1500), Optional.empty());

        assertThatThrownBy(slow::resolve)
                .isInstanceOf(MavenProject.ResolutionException.class)
                .hasMessageStartingWith("Maven did not finish within ");
        for (String pid : Files.readAllLines(pidFile)) {
            long id = Long.parseLong(pid.strip());
            Wait.until(() -> ProcessHandle.of(id).filter(ProcessHandle::isAlive).isEmpty(), Duration.ofSeconds(10),
                    () -> "process " + id + " started by Maven survived the timeout");
        }
    }

    @Test
    void prefersTheProjectsOwnWrapper() throws Exception {
        writePom(PICOCLI);
        assertThat(MavenProject.defaultMaven(app)).doesNotContain(app.resolve("mvnw").toString());
        Path wrapper = script("mvnw", "exit 1\n");
        assertThat(MavenProject.defaultMaven(app)).containsExactly(wrapper.toString());
    }

    /** Downloads Maven from Maven Central once (9 MB) into javicorn's cache folder. */
    @Test
    void withoutAnyMavenJavicornUsesItsOwn() throws Exception {
        writePom(PICOCLI);
        MavenProject.Model model = new MavenProject(app, List.of(), TIMEOUT, Optional.empty()).resolve();
        assertThat(model.runtimeClasspath()).anySatisfy(p -> assertThat(p.getFileName()).hasToString("picocli-4.7.7.jar"));
        assertThat(OwnMaven.home().resolve("bin/mvn")).isExecutable();
    }

    @Test
    void aMavenTooOldForJavicornsPluginsGivesWayToJavicornsOwn() throws Exception {
        writePom(PICOCLI);
        Path old = script("mvnw", """
                echo "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-dependency-plugin:3.6.1:build-classpath \
                (default-cli): The plugin org.apache.maven.plugins:maven-dependency-plugin:3.6.1 requires Maven version 3.2.5"
                exit 1
                """);
        MavenProject.Model model = new MavenProject(app, List.of(old.toString()), TIMEOUT, Optional.empty()).resolve();
        assertThat(model.runtimeClasspath()).anySatisfy(p -> assertThat(p.getFileName()).hasToString("picocli-4.7.7.jar"));
    }

    @Test
    void mavenGetsTheRunningJdkAsJavaHome() throws Exception {
        writePom("");
        // Stands in for Maven: writes JAVA_HOME where build-classpath would write the classpath.
        Path fake = script("fake-mvn", """
                for arg in "$@"; do case "$arg" in -Dmdep.outputFile=*) out="${arg#-Dmdep.outputFile=}";; esac; done
                printf '%s' "$JAVA_HOME/lib/jrt-fs.jar" > "$out"
                """);
        List<Path> classpath = new MavenProject(app, List.of(fake.toString()), TIMEOUT, Optional.empty()).resolve().runtimeClasspath();
        assertThat(classpath).containsExactly(Path.of(System.getProperty("java.home"), "lib", "jrt-fs.jar"));
    }

    @Test
    void copiesPlainResourcesKeepingPathsAndSkippingEditorFiles() throws IOException {
        writePom("");
        Path resources = app.resolve("src/main/resources");
        Files.createDirectories(resources.resolve("static/css"));
        Files.writeString(resources.resolve("application.properties"), "server.port=${PORT:8080}\n");
        Files.writeString(resources.resolve("static/css/site.css"), "body{}");
        Files.writeString(resources.resolve("application.properties~"), "backup");
        Files.writeString(resources.resolve(".gitignore"), "x");
        Path classes = app.resolve("out/classes");

        assertThat(Resources.copy(resources, classes)).isEqualTo(2);
        // Unfiltered, as Maven copies it: the placeholder is for Spring to expand at run time.
        assertThat(classes.resolve("application.properties")).hasContent("server.port=${PORT:8080}");
        assertThat(classes.resolve("static/css/site.css")).hasContent("body{}");
        assertThat(classes.resolve("application.properties~")).doesNotExist();
        assertThat(classes.resolve(".gitignore")).doesNotExist();
    }

    @Test
    void projectWithoutResourcesCopiesNothing() throws IOException {
        writePom("");
        assertThat(Resources.copy(app.resolve("src/main/resources"), app.resolve("classes"))).isZero();
    }

    private MavenProject project() {
        return new MavenProject(app, systemMaven(), TIMEOUT, Optional.empty());
    }

    /** The system {@code mvn} when installed, else javicorn's own wrapper at the repository root. */
    static List<String> systemMaven() {
        Path mvn = Path.of("/usr/bin/mvn");
        if (Files.isExecutable(mvn)) {
            return List.of(mvn.toString());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("mvnw"))) {
                return List.of(dir.resolve("mvnw").toString());
            }
        }
        return List.of("mvn");
    }

    private void writePom(String dependencies) throws IOException {
        Files.writeString(app.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>test</groupId><artifactId>app</artifactId><version>1</version>
                  <dependencies>
                %s
                  </dependencies>
                </project>
                """.formatted(dependencies));
    }

    private Path script(String name, String body) throws IOException {
        Path file = app.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
