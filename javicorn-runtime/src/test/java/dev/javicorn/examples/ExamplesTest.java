package dev.javicorn.examples;

import dev.javicorn.testing.Edits;
import dev.javicorn.testing.Http;
import dev.javicorn.testing.LoadClient;
import dev.javicorn.testing.Procs;
import dev.javicorn.testing.RunningJavicorn;
import dev.javicorn.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two example projects ({@code examples/javalin}, {@code examples/spring-boot}) run for real
 * under {@code --reload}, as a user runs them: dependencies resolved through Maven (from
 * {@code ~/.m2}, else Maven Central), javicorn compiling the sources. Each test works on a copy of
 * the project, so its edits never touch the repository.
 *
 * <p>Bounds are generous (a 2-core machine shared with other builds starts Spring Boot in 10–25 s);
 * how long each step took is printed with the prefix {@code [examples]}.
 */
class ExamplesTest {
    /** First start: a Maven resolution (~30 s the first time Spring Boot is downloaded) and the app's start. */
    private static final Duration START = Duration.ofSeconds(180);
    /** An edit served: compile, stop the old worker, start the new one. */
    private static final Duration RELOAD = Duration.ofSeconds(60);
    /** A pom edit: a Maven run, then a reload. */
    private static final Duration POM_RELOAD = Duration.ofSeconds(90);
    private static final String MISSING = "com.example.missing:no-such-artifact";
    private static final String LANG3 = """
                <dependency>
                  <groupId>org.apache.commons</groupId>
                  <artifactId>commons-lang3</artifactId>
                  <version>3.20.0</version>
                </dependency>
            """;
    private static final String BROKEN = """
                <dependency>
                  <groupId>com.example.missing</groupId>
                  <artifactId>no-such-artifact</artifactId>
                  <version>1.0</version>
                </dependency>
            """;

    @TempDir
    Path tmp;

    record Example(String name, String main, String message) {
        Path controller(Path app) {
            return app.resolve("src/main/java/com/example/HelloController.java");
        }
    }

    static final Example JAVALIN = new Example("javalin", "com.example.Main", "Hello from Javalin");
    static final Example SPRING_BOOT = new Example("spring-boot", "com.example.Application", "Hello from Spring Boot");

    @Test
    void javalinServesAnEditAndCtrlCLeavesNothing() {
        editAndCtrlC(JAVALIN);
    }

    @Test
    void springBootServesAnEditAndCtrlCLeavesNothing() {
        editAndCtrlC(SPRING_BOOT);
    }

    @Test
    void javalinPicksUpPomEditsAndSurvivesABrokenPom() {
        pomEdits(JAVALIN);
    }

    @Test
    void springBootPicksUpPomEditsAndSurvivesABrokenPom() {
        pomEdits(SPRING_BOOT);
    }

    @Test
    void javalinLeavesNothingWhenTheSupervisorIsKilled() {
        killedSupervisor(JAVALIN);
    }

    @Test
    void springBootLeavesNothingWhenTheSupervisorIsKilled() {
        killedSupervisor(SPRING_BOOT);
    }

    /** An edit to the controller is served; Ctrl+C to the process group then ends every process. */
    private void editAndCtrlC(Example example) {
        Path app = copyExample(example.name());
        try (RunningJavicorn javicorn = start(example, app)) {
            int port = awaitFirstStart(example, javicorn);

            // A continuous client: the app binds its own port, but adopted on javicorn's socket it
            // swaps ready-first, so not one request fails while the new worker starts.
            try (LoadClient load = LoadClient.paced(port, "/", 5)) {
                Edits.replace(example.controller(app), "\"" + example.message() + "\"", "\"edited-1\"");
                report(example, "controller edit served", awaitBody(javicorn, port, "edited-1", RELOAD));
                Wait.until(() -> load.lastBody().contains("edited-1"), RELOAD, () -> "client never saw the edit");
                assertThat(load.failed()).as("failed requests during the reload: %s", load.failures()).isZero();
                assertThat(load.ok()).isPositive();
            }

            // Ctrl+C in the terminal: SIGINT to the whole process group.
            List<Long> workers = javicorn.workerPids();
            assertThat(workers).hasSizeGreaterThanOrEqualTo(2);
            long interrupted = System.nanoTime();
            javicorn.signal("INT", true);
            assertThat(javicorn.awaitExit(RELOAD)).isZero();
            report(example, "Ctrl+C to exit", Duration.ofNanos(System.nanoTime() - interrupted));
            for (long worker : workers) {
                assertThat(Procs.inSession(worker)).as("processes of worker %d", worker).isEmpty();
            }
            assertThat(Procs.inSession(javicorn.pid())).as("processes left in javicorn's session").isEmpty();
        }
    }

    /** Spring Boot as cloned, two workers on one socket, a rolling restart under load: no request fails. */
    @Test
    void springBootRunsTwoWorkersAndARollingRestartUnderLoadFailsNoRequest() {
        Path app = copyExample(SPRING_BOOT.name());
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--workers", "2", "--no-access-log",
                SPRING_BOOT.main())) {
            int port = awaitFirstStart(SPRING_BOOT, javicorn);
            Wait.until(() -> count(javicorn.output(), "it serves on javicorn's socket") >= 2, START, javicorn::output);
            assertThat(javicorn.output()).contains("Application bound ").contains(":8080; it serves on javicorn's socket");
            try (LoadClient load = LoadClient.paced(port, "/", 5)) {
                long hup = System.nanoTime();
                javicorn.signal("HUP", false);
                Wait.until(() -> count(javicorn.output(), "Finished server process") >= 2, START, javicorn::output);
                report(SPRING_BOOT, "rolling restart of 2 workers", Duration.ofNanos(System.nanoTime() - hup));
                assertThat(load.failed()).as("failed requests during the restart: %s", load.failures()).isZero();
                assertThat(load.ok()).isPositive();
            }
            javicorn.signal("TERM", false);
            assertThat(javicorn.awaitExit(RELOAD)).isZero();
        }
    }

    /**
     * A pom edit that adds a dependency, saved with a source edit that uses it, is served; a pom
     * edit that cannot be resolved keeps the old worker serving, with one line naming the artifact;
     * the fixed pom reloads.
     */
    private void pomEdits(Example example) {
        Path app = copyExample(example.name());
        Path controller = example.controller(app);
        Path pom = app.resolve("pom.xml");
        try (RunningJavicorn javicorn = start(example, app)) {
            int port = awaitFirstStart(example, javicorn);

            // A new dependency in the pom, and a source edit that uses it, saved together.
            Edits.replace(pom, "  <dependencies>\n", "  <dependencies>\n" + LANG3);
            Edits.replace(controller, "\"" + example.message() + "\"",
                    "org.apache.commons.lang3.StringUtils.upperCase(\"with-lang3\")");
            report(example, "pom edit (new dependency) served", awaitBody(javicorn, port, "WITH-LANG3", POM_RELOAD));
            assertThat(count(javicorn.output(), "Reading the build of pom.xml with mvn")).as("Maven runs").isEqualTo(2);
            Wait.until(() -> count(javicorn.output(), "Reloaded in") >= 1, RELOAD, javicorn::output);

            // A pom edit that cannot be resolved: one line naming the artifact; the old worker serves on.
            List<Long> workersBefore = javicorn.workerPids();
            String pomWithLang3 = read(pom);
            Edits.replace(pom, "  <dependencies>\n", "  <dependencies>\n" + BROKEN);
            long broke = System.nanoTime();
            javicorn.awaitLog("cannot resolve", POM_RELOAD);
            javicorn.awaitLog("The last good worker keeps serving", RELOAD);
            report(example, "broken pom reported", Duration.ofNanos(System.nanoTime() - broke));
            String errorLine = javicorn.output().lines().filter(l -> l.contains("cannot resolve")).findFirst().orElseThrow();
            assertThat(errorLine).contains(MISSING + ":jar:1.0").contains("pom.xml");
            // One line, not Maven's report.
            assertThat(javicorn.output()).doesNotContain("[ERROR]").doesNotContain("BUILD FAILURE");
            assertThat(Http.get(port, "/").body()).isEqualTo("WITH-LANG3");

            // The pom fixed (the usual fix: the edit undone) with a new message: served.
            Files.writeString(pom, pomWithLang3);
            Edits.replace(controller, "\"with-lang3\"", "\"recovered\"");
            report(example, "fixed pom served", awaitBody(javicorn, port, "RECOVERED", POM_RELOAD));
            // The worker that served through the broken pom was replaced by the fix's reload only.
            assertThat(javicorn.output()).doesNotContain("did not prove it can serve");
            assertThat(javicorn.workerPids()).hasSize(workersBefore.size() + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL to the supervisor (no chance to clean up): its workers notice and take their processes with them. */
    private void killedSupervisor(Example example) {
        Path app = copyExample(example.name());
        try (RunningJavicorn javicorn = start(example, app)) {
            awaitFirstStart(example, javicorn);
            List<Long> workers = javicorn.workerPids();
            assertThat(workers).hasSize(1);
            long worker = workers.getFirst();
            assertThat(Procs.inSession(worker)).contains(worker);

            javicorn.signal("KILL", false);
            Duration gone = Wait.timed(() -> Procs.inSession(worker).isEmpty(), Duration.ofSeconds(15),
                    () -> "left behind by worker " + worker + ": " + Procs.inSession(worker));
            report(example, "worker gone after SIGKILL of the supervisor", gone);
        }
    }

    /**
     * Spring Boot runs from its own folder ({@code javicorn --reload com.example.Application}, no
     * {@code --app-dir}); Javalin as its README says, with {@code --app-dir}: both ways a user starts it.
     */
    private static RunningJavicorn start(Example example, Path app) {
        return example == SPRING_BOOT
                ? RunningJavicorn.start(app, "--port", "0", "--reload", example.main())
                : RunningJavicorn.start(app.getParent(), "--app-dir", app.toString(), "--port", "0", "--reload", example.main());
    }

    private static int awaitFirstStart(Example example, RunningJavicorn javicorn) {
        long started = System.nanoTime();
        int port = javicorn.awaitReady(START);
        report(example, "first start (Maven resolution + app start)", Duration.ofNanos(System.nanoTime() - started));
        assertThat(Http.get(port, "/").body()).isEqualTo(example.message());
        return port;
    }

    /** A copy of {@code examples/NAME} without its {@code target/}. */
    private Path copyExample(String name) {
        Path source = examplesDir().resolve(name);
        Path copy = tmp.resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(p -> !source.relativize(p).startsWith("target")).toList()) {
                Path to = copy.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    /** {@code examples/} at the repository root; the tests run from the module's folder. */
    private static Path examplesDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("examples/javalin")) && Files.isDirectory(dir.resolve("examples/spring-boot"))) {
                return dir.resolve("examples");
            }
        }
        throw new IllegalStateException("examples/ not found above " + Path.of("").toAbsolutePath());
    }

    private static Duration awaitBody(RunningJavicorn javicorn, int port, String text, Duration timeout) {
        return Wait.timed(() -> Http.serves(port, text), timeout, () -> "never served '" + text + "'; output:\n" + javicorn.output());
    }

    private static void report(Example example, String what, Duration took) {
        System.out.printf("[examples] %s: %s in %d ms%n", example.name(), what, took.toMillis());
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
