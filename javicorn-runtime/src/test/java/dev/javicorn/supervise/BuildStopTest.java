package dev.javicorn.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.Edits;
import dev.javicorn.testing.Procs;
import dev.javicorn.testing.RunningJavicorn;
import dev.javicorn.testing.Wait;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop is bounded even while a build hangs: SIGTERM to the supervisor while Maven waits on a
 * repository that never answers ends javicorn within the grace bound, Maven's process tree with it.
 *
 * <p>The repository is a socket of this test that accepts and never replies, declared in the pom
 * at {@code http://127.0.0.1:PORT/}: Maven's default HTTP blocker spares localhost, and a user
 * settings file whose mirror takes every repository would send Maven elsewhere (the test is skipped).
 */
class BuildStopTest {
    private static final Duration START = Duration.ofSeconds(120);
    private static final String GRACE = "3";
    /** The grace, plus slack for the build's cancel, the workers' stop and a slow machine. */
    private static final Duration BOUND = Duration.ofSeconds(3 + 10);

    @TempDir
    Path tmp;

    @Test
    void termWhileMavenHangsOnARepositoryStopsWithinTheBoundAndLeavesNoProcess() throws Exception {
        assumeFalse(mirrorsEverything(), "~/.m2/settings.xml mirrors every repository: Maven would not reach the test's");
        Path app = mavenApp();
        try (HangingRepository repository = new HangingRepository();
             RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--reload",
                     "--timeout-graceful-shutdown", GRACE, "Api:app")) {
            javicorn.awaitReady(START);
            Edits.replace(app.resolve("pom.xml"), "<dependencies>", """
                    <repositories><repository><id>hanging</id><url>http://127.0.0.1:%d/</url></repository></repositories>
                    <dependencies>
                      <dependency><groupId>test.hanging</groupId><artifactId>never-%s</artifactId><version>1.0</version></dependency>
                    """.formatted(repository.port(), UUID.randomUUID()));
            Wait.until(() -> repository.connections() > 0, START,
                    () -> "Maven never asked the repository; output:\n" + javicorn.output());
            List<ProcessHandle> tree = ProcessHandle.of(javicorn.pid()).orElseThrow().descendants().toList();
            assertThat(tree).as("Maven in javicorn's process tree").anySatisfy(p -> assertThat(isMaven(p)).isTrue());
            List<Long> workers = javicorn.workerPids();

            long start = System.nanoTime();
            javicorn.signal("TERM", false);
            assertThat(javicorn.awaitExit(BOUND)).isZero();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
            Wait.until(() -> tree.stream().noneMatch(p -> Procs.alive(p.pid())), Duration.ofSeconds(2),
                    () -> "left behind: " + tree.stream().filter(p -> Procs.alive(p.pid())).toList());
            assertThat(workers).allSatisfy(worker -> assertThat(Procs.inSession(worker)).isEmpty());
        }
    }

    /** A Maven project with no dependencies, serving the native test app. */
    private Path mavenApp() throws IOException {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Path java = Files.createDirectories(app.resolve("src/main/java"));
        Files.move(AppDirs.copy("native", tmp, "Api.java").resolve("Api.java"), java.resolve("Api.java"));
        Files.writeString(app.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>test</groupId><artifactId>build-stop</artifactId><version>1</version>
                  <properties><maven.compiler.release>21</maven.compiler.release></properties>
                  <dependencies>
                  </dependencies>
                  <build><pluginManagement><plugins><plugin>
                    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.14.1</version>
                  </plugin></plugins></pluginManagement></build>
                </project>
                """);
        return app;
    }

    /** The Maven JVM, started by {@code mvn} or {@code mvnw} through Maven's launcher. */
    private static boolean isMaven(ProcessHandle process) {
        return process.info().commandLine().orElse("").contains("plexus-classworlds");
    }

    private static boolean mirrorsEverything() throws IOException {
        Path settings = Path.of(System.getProperty("user.home"), ".m2", "settings.xml");
        return Files.isRegularFile(settings) && Files.readString(settings).replaceAll("\\s", "").contains("<mirrorOf>*");
    }

    /** A repository that accepts every connection and never replies, until closed. */
    private static final class HangingRepository implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        HangingRepository() throws IOException {
            Thread.ofPlatform().daemon().name("hanging-repository").start(() -> {
                try {
                    while (true) {
                        accepted.add(server.accept());
                    }
                } catch (IOException e) {
                    // closed: the test is over
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return accepted.size();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }
}
