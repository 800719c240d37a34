package dev.javicorn.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javicorn.source.SourceLayout;
import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.Edits;
import dev.javicorn.testing.Http;
import dev.javicorn.testing.RunningJavicorn;
import dev.javicorn.testing.Wait;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maven projects as their generators write them, served unmodified under {@code --reload}, then
 * an edit served: the annotation processors ran (Lombok's builder, Micronaut's bean definitions,
 * a MapStruct mapper), Maven's filtering filled in the version, and a sibling module's edit
 * reloads the app. Artifacts come from Maven Central; a first run downloads them.
 */
class MavenAppsTest {
    private static final Duration START = Duration.ofSeconds(240);
    private static final Duration RELOAD = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private Path cache;

    @AfterEach
    void removeCache() throws IOException {
        if (cache != null && Files.exists(cache)) {
            try (Stream<Path> walk = Files.walk(cache)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void springBootWithLombokAndAFilteredVersion() {
        Path app = AppDirs.copyAll("maven-lombok", tmp);
        servedThenEdited(app, "com.example.Application", "/", "{\"message\":\"hello\",\"version\":\"0.0.1-SNAPSHOT\"}",
                app.resolve("src/main/java/com/example/GreetingController.java"), "\"hello\"", "\"edited\"",
                "{\"message\":\"edited\",\"version\":\"0.0.1-SNAPSHOT\"}");
    }

    @Test
    void micronautAsLaunchGeneratesIt() {
        Path app = AppDirs.copyAll("maven-micronaut", tmp);
        servedThenEdited(app, "com.example.Application", "/hello", "{\"message\":\"hello\",\"count\":1}",
                app.resolve("src/main/java/com/example/HelloController.java"), "new Greeting(\"hello\", 1)",
                "new Greeting(\"edited\", 2)", "{\"message\":\"edited\",\"count\":2}");
    }

    /** Its wrapper pins Maven 3.5.4, which runs compiler plugin 3.8.1 and javicorn's dependency plugin. */
    @Test
    void mapStructWithAWrapperThatPinsMaven35() throws IOException {
        Path app = AppDirs.copyAll("maven-mapstruct", tmp);
        Path micronaut = AppDirs.copyAll("maven-micronaut", tmp.resolve("wrapper"));
        Files.copy(micronaut.resolve("mvnw"), app.resolve("mvnw"));
        Path properties = Files.createDirectories(app.resolve(".mvn/wrapper")).resolve("maven-wrapper.properties");
        Files.writeString(properties, Files.readString(micronaut.resolve(".mvn/wrapper/maven-wrapper.properties")).replace("3.9.16", "3.5.4"));
        servedThenEdited(app, "com.example.Main", "/", "Morris seats 5",
                app.resolve("src/main/java/com/example/Main.java"), "\" seats \"", "\" has seats: \"", "Morris has seats: 5");
    }

    /** Run from the reactor's root with the main class; the edit is in the sibling module. */
    @Test
    void aReactorRunFromItsRootReloadsOnAnEditInTheSiblingModule() {
        Path root = AppDirs.copyAll("maven-reactor", tmp);
        servedThenEdited(root, "com.example.app.Main", "/", "hello from lib",
                root.resolve("lib/src/main/java/com/example/lib/Greeter.java"), "hello from lib", "edited in lib", "edited in lib");
    }

    private void servedThenEdited(Path dir, String mainClass, String path, String before, Path file, String from, String to,
                                  String after) {
        cache = SourceLayout.cacheDir(dir);
        try (RunningJavicorn javicorn = RunningJavicorn.start(dir, "--reload", "--port", "0", mainClass)) {
            javicorn.awaitLog("Application is serving", START);
            int port = javicorn.port(Duration.ZERO);
            HttpResponse<String> response = Http.get(port, path);
            assertThat(response.statusCode()).as(javicorn.output()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(before);

            Edits.replace(file, from, to);
            Wait.until(() -> answers(port, path, after), RELOAD, () -> "the edit was never served; output:\n" + javicorn.output());
            javicorn.awaitLog("Reloaded in", RELOAD); // the new worker may answer before the old one is stopped
            assertThat(javicorn.output()).doesNotContain("ERROR");
        }
    }

    private static boolean answers(int port, String path, String body) {
        try {
            return Http.get(port, path).body().equals(body);
        } catch (AssertionError notYet) {
            return false;
        }
    }
}
