package dev.javicorn.supervise;

import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.Edits;
import dev.javicorn.testing.Http;
import dev.javicorn.testing.LoadClient;
import dev.javicorn.testing.Procs;
import dev.javicorn.testing.RunningJavicorn;
import dev.javicorn.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** --reload with real processes: compile errors, startup failures, bursts and edits during a reload. */
class ReloadTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration RELOAD = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    /**
     * Two spares wait for the next two builds, so a save made as soon as the last one is served
     * still finds a warm JVM: the spare started after the first swap is still booting then.
     */
    @Test
    void backToBackEditsAreEachServedByAWarmSpareWorker() {
        Path app = AppDirs.copy("native", tmp, "Api.java");
        Path source = app.resolve("Api.java");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--reload", "--log-level", "debug", "Api:app")) {
            int port = javicorn.awaitReady(START);
            Wait.until(() -> count(javicorn.output(), "is warm.") >= 2, START, javicorn::output);
            String body = "Hello World";
            for (int edit = 1; edit <= 2; edit++) {
                Edits.replace(source, "\"" + body + "\"", "\"spare-" + edit + "\"");
                body = "spare-" + edit;
                awaitBody(port, body);
                int done = edit;
                Wait.until(() -> count(javicorn.output(), "Reloaded in") >= done, RELOAD, javicorn::output);
            }
            String output = javicorn.output();
            List<String> used = Pattern.compile("Using spare worker \\[(\\d+)]").matcher(output).results().map(m -> m.group(1)).toList();
            assertThat(used).hasSize(2);
            for (String pid : used) {
                assertThat(output.indexOf("Spare worker [" + pid + "] is warm."))
                        .as("spare [%s] warm before it was used", pid)
                        .isBetween(0, output.indexOf("Using spare worker [" + pid + "]"));
            }
        }
    }

    @Test
    void compileErrorKeepsTheOldWorkerServingAndTheFixReloads() {
        Path app = AppDirs.copy("native", tmp, "Api.java");
        Path source = app.resolve("Api.java");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--reload", "Api:app")) {
            int port = javicorn.awaitReady(START);

            Edits.replace(source, "\"Hello World\")", "\"Hello\" +)");
            javicorn.awaitLog("Api.java:12: error: illegal start of expression", RELOAD);
            javicorn.awaitLog("The last good worker keeps serving", RELOAD);
            assertThat(Http.get(port, "/").body()).contains("Hello World");

            Edits.replace(source, "\"Hello\" +)", "\"Fixed\")");
            awaitBody(port, "Fixed");
        }
    }

    @Test
    void startupFailureKeepsTheOldWorkerServing() {
        Path app = AppDirs.copy("native", tmp, "Api.java");
        Path source = app.resolve("Api.java");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--reload", "Api:app")) {
            int port = javicorn.awaitReady(START);

            Edits.replace(source, ".onStartup(() -> System.out.println(\"hook: startup 1\"))",
                    ".onStartup(() -> { throw new IllegalStateException(\"broken startup\"); })");
            javicorn.awaitLog("keeps serving; waiting for the next change", RELOAD);
            assertThat(javicorn.output()).contains("java.lang.IllegalStateException: broken startup");
            assertThat(Http.get(port, "/").body()).contains("Hello World");

            Edits.replace(source, ".onStartup(() -> { throw new IllegalStateException(\"broken startup\"); })", "");
            Edits.replace(source, "\"Hello World\"", "\"Recovered\"");
            awaitBody(port, "Recovered");
        }
    }

    /** Without an edit nothing changes: a start that failed is not tried again (it once was, 38 times in 25 s). */
    @Test
    void aMainThatFailsToStartIsStartedOnceUntilAnEditThenTheFixIsServed() {
        Path app = AppDirs.copy("hello-main", tmp, "Main.java");
        Path source = app.resolve("Main.java");
        String failure = "if (true) throw new IllegalStateException(\"no database\");";
        Edits.replace(source, "int port =", failure + "\n        int port =");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--reload", "Main")) {
            javicorn.awaitLog("Waiting for the next change.", START);
            int port = javicorn.port(Duration.ZERO);
            assertThat(javicorn.output()).contains("no database");
            // A retry would come within the backoff's first 100 ms; a few seconds show there is none.
            Wait.holds(() -> count(javicorn.output(), "Started server process") == 1, Duration.ofSeconds(4),
                    () -> "started again with no edit:\n" + javicorn.output());

            Edits.replace(source, failure, "");
            awaitBody(port, "hello from main");
            assertThat(count(javicorn.output(), "Started server process")).isEqualTo(2);
        }
    }

    @Test
    void burstOf500FilesWithinASecondGivesAtMostTwoReloads() throws Exception {
        Path app = AppDirs.copy("native", tmp, "Api.java");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--reload", "Api:app")) {
            int port = javicorn.awaitReady(START);
            Path data = Files.createDirectories(app.resolve("data"));

            long start = System.nanoTime();
            for (int i = 0; i < 500; i++) {
                Files.writeString(data.resolve("item-" + i + ".json"), "{\"i\":" + i + "}");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

            javicorn.awaitLog("Reloaded in", RELOAD);
            // Quiet now: wait until a request is served after the last reload, then count.
            Wait.until(() -> Http.get(port, "/").statusCode() == 200, RELOAD, () -> "not serving");
            assertThat(count(javicorn.output(), "Reloading...")).isBetween(1, 2);
        }
    }

    @Test
    void anEditDuringAReloadIsNotLost() {
        Path app = AppDirs.copy("native", tmp, "Api.java");
        Path source = app.resolve("Api.java");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--reload", "Api:app")) {
            int port = javicorn.awaitReady(START);

            Edits.replace(source, "\"Hello World\"", "\"first\"");
            javicorn.awaitLog("Reloading...", RELOAD);
            // The first reload is under way (its worker is starting): edit again.
            Edits.replace(source, "\"first\"", "\"second\"");

            Wait.until(() -> Http.serves(port, "second"), RELOAD, () -> "never served 'second'; output:\n" + javicorn.output());
            // The second save may already be in the first build, but it is never dropped: it
            // always starts one more reload of its own.
            Wait.until(() -> count(javicorn.output(), "Reloading...") >= 2, RELOAD, javicorn::output);
        }
    }

    @Test
    void hungMainClassAppReloadsFiveTimesWithinTheBoundAndLeavesOnlyOneWorkersChildren() {
        Path app = AppDirs.copy("stubborn", tmp, "Main.java");
        Path source = app.resolve("Main.java");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--reload",
                "--timeout-graceful-shutdown", "1", "Main")) {
            int port = javicorn.awaitReady(START);
            String body = "stubborn";
            for (int edit = 1; edit <= 5; edit++) {
                String next = "stubborn-" + edit;
                Edits.replace(source, "\"" + body + "\"", "\"" + next + "\"");
                body = next;
                Duration took = awaitBody(port, next);
                // Bound: the old worker's grace (1 s) and kill, then a JVM start, on a busy machine.
                assertThat(took).isLessThan(RELOAD);
                List<Long> workers = javicorn.workerPids();
                long current = workers.getLast();
                Wait.until(() -> Procs.inSession(current).size() >= 3, START, () -> "children not started");
                for (long old : workers.subList(0, workers.size() - 1)) {
                    assertThat(Procs.inSession(old)).as("processes of old worker %d", old).isEmpty();
                }
            }
            assertThat(javicorn.output()).contains("did not stop in time").contains("\"blocking-shutdown-hook\"");

            long last = javicorn.workerPids().getLast();
            javicorn.signal("INT", true);
            assertThat(javicorn.awaitExit(Duration.ofSeconds(10))).isZero();
            assertThat(Procs.inSession(last)).isEmpty();
        }
    }

    @Test
    void hungMainClassAppUnderReloadLeavesNothingWhenTheSupervisorIsKilled() {
        Path app = AppDirs.copy("stubborn", tmp, "Main.java");
        Path source = app.resolve("Main.java");
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--reload",
                "--timeout-graceful-shutdown", "1", "Main")) {
            int port = javicorn.awaitReady(START);
            Edits.replace(source, "\"stubborn\"", "\"stubborn-1\"");
            awaitBody(port, "stubborn-1");
            List<Long> workers = javicorn.workerPids();
            Wait.until(() -> Procs.inSession(workers.getLast()).size() >= 3, START, () -> "children not started");

            javicorn.signal("KILL", false);

            for (long worker : workers) {
                Wait.until(() -> Procs.inSession(worker).isEmpty(), Duration.ofSeconds(2),
                        () -> "left behind by " + worker + ": " + Procs.inSession(worker));
            }
        }
    }

    private static Duration awaitBody(int port, String text) {
        return Wait.timed(() -> Http.serves(port, text), RELOAD, () -> "never served '" + text + "'");
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
