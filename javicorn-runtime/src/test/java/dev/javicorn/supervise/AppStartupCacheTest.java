package dev.javicorn.supervise;

import dev.javicorn.source.SourceLayout;
import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.Edits;
import dev.javicorn.testing.Http;
import dev.javicorn.testing.Procs;
import dev.javicorn.testing.RunningJavicorn;
import dev.javicorn.testing.Wait;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A main-class app's start-up cache, with javicorn run from its jars (the JDK caches only classes
 * from jars): the first worker records it while it serves, a JVM that runs none of the app's code
 * makes it once that worker has exited, the workers after that map it, and the app's main runs
 * only in real workers. Nothing that makes the cache outlives the supervisor.
 */
class AppStartupCacheTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Pattern MAKING = Pattern.compile("Making a start-up cache for Main in the background \\[(\\d+)]");

    @TempDir
    Path tmp;

    @Test
    void theAppsMainRunsOnlyInRealWorkersAndTheWorkerAfterTheCacheIsMadeMapsIt() throws IOException {
        Path app = AppDirs.copy("counts-starts", tmp, "Main.java");
        Path cacheDir = Files.createDirectories(SourceLayout.cacheDir(app).resolve("aot"));
        Files.writeString(cacheDir.resolve("0123456789abcdef.aotconf.1.tmp"), "what a killed recording leaves");
        try (RunningJavicorn javicorn = RunningJavicorn.startFromJars(tmp, "--app-dir", app.toString(), "--port", "0",
                "--reload", "Main")) {
            int port = javicorn.awaitReady(START);
            long first = javicorn.workerPids().getFirst();
            assertThat(cmdline(first)).as("the first worker records").contains("-XX:AOTMode=record");
            assertThat(appProcesses(javicorn)).as("processes running the app").containsExactly(first);

            // The first worker ends its recording while it serves, and the cache is made from it.
            javicorn.awaitLog("Start-up cache for Main ready", START);
            long making = makingPid(javicorn);
            Wait.until(() -> Procs.inSession(making).isEmpty(), START, () -> "the cache's making left processes");
            assertThat(javicorn.output()).as("what the making run left to the session sweep").doesNotContain("left behind");
            assertThat(appProcesses(javicorn)).as("processes running the app").containsExactly(javicorn.workerPids().getLast());
            try (Stream<Path> files = Files.list(cacheDir)) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("cache.log")))
                        .as("the cache, and nothing a recording left").singleElement().asString().endsWith(".aot");
            }

            Edits.replace(app.resolve("Main.java"), "edit 0", "edit 1");
            Wait.until(() -> Http.serves(port, "edit 1"), START, () -> "edit 1 not served; output:\n" + javicorn.output());
            long worker = javicorn.workerPids().getLast();
            String cmdline = cmdline(worker);
            Matcher cache = Pattern.compile("-XX:AOTCache=(\\S+)").matcher(cmdline);
            assertThat(cache.find()).as("worker command line: %s", cmdline).isTrue();
            assertThat(cmdline).contains("-XX:TieredStopAtLevel=1").doesNotContain("AOTMode");
            assertThat(Files.readString(Path.of("/proc", Long.toString(worker), "maps")))
                    .as("the worker maps the cache").contains(cache.group(1));

            List<Long> workers = javicorn.workerPids();
            javicorn.signal("INT", true);
            assertThat(javicorn.awaitExit(Duration.ofSeconds(30))).isZero();
            for (long pid : workers) {
                assertThat(Procs.inSession(pid)).as("processes of worker %d", pid).isEmpty();
            }
            assertThat(Files.readAllLines(tmp.resolve("starts.txt"))).as("one run of main per worker")
                    .containsExactlyElementsOf(workers.stream().map(String::valueOf).toList());
        }
    }

    @Test
    void aRecordingWorkerKilledAtItsStopsDeadlineLeavesNothingAndALaterWorkerRecordsAgain() throws IOException {
        Path app = AppDirs.copy("hook-hangs-once", tmp, "Main.java");
        Path cacheDir = SourceLayout.cacheDir(app).resolve("aot");
        try (RunningJavicorn javicorn = RunningJavicorn.startFromJars(tmp, "--app-dir", app.toString(), "--port", "0",
                "--reload", "Main")) {
            int port = javicorn.awaitReady(START);
            long first = javicorn.workerPids().getFirst();
            assertThat(cmdline(first)).contains("-XX:AOTMode=record");

            // At once, before the first worker ends its recording: it would write it as it exits,
            // but its app's shutdown hook hangs, and it is killed at the stop's deadline.
            Edits.replace(app.resolve("Main.java"), "edit 0", "edit 1");
            Wait.until(() -> Http.serves(port, "edit 1"), START, () -> "edit 1 not served; output:\n" + javicorn.output());
            javicorn.awaitLog("Worker [" + first + "] did not stop in time", START);
            awaitGone(first);
            Assumptions.assumeFalse(javicorn.output().contains("Making a start-up cache"),
                    "the first worker ended its recording before its stop (a slow machine): nothing to prove here");
            // The supervisor removes what the killed JVM left once it has reaped it, just after /proc forgets it.
            Wait.until(() -> aotFiles(cacheDir).isEmpty(), Duration.ofSeconds(10),
                    () -> "what the killed recording left: " + aotFiles(cacheDir));
            assertThat(cmdline(javicorn.workerPids().getLast())).as("started while the first one recorded").doesNotContain("AOTMode");

            Edits.replace(app.resolve("Main.java"), "edit 1", "edit 2");
            Wait.until(() -> Http.serves(port, "edit 2"), START, () -> "edit 2 not served; output:\n" + javicorn.output());
            assertThat(cmdline(javicorn.workerPids().getLast())).as("the next worker records").contains("-XX:AOTMode=record");
            javicorn.awaitLog("Start-up cache for Main ready", START);

            List<Long> workers = javicorn.workerPids();
            javicorn.signal("INT", true);
            assertThat(javicorn.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(Files.readAllLines(tmp.resolve("starts.txt"))).as("one run of main per worker")
                    .containsExactlyElementsOf(workers.stream().map(String::valueOf).toList());
        }
    }

    private static List<String> aotFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.contains(".aot")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void ctrlCWhileTheCacheIsMadeLeavesNoProcess() throws IOException {
        try (RunningJavicorn javicorn = startAndAwaitMaking()) {
            long making = makingPid(javicorn);

            javicorn.signal("INT", true);
            assertThat(javicorn.awaitExit(Duration.ofSeconds(30))).isZero();
            awaitGone(making);
            assertThat(javicorn.output()).doesNotContain("No start-up cache");
            try (Stream<Path> files = Files.list(SourceLayout.cacheDir(tmp.resolve("counts-starts")).resolve("aot"))) {
                assertThat(files.map(f -> f.getFileName().toString())).as("the recording, kept for the next run, or the cache")
                        .anyMatch(n -> n.endsWith(".aotconf") || n.endsWith(".aot"));
            }
        }
    }

    @Test
    void aKilledSupervisorTakesTheCachesMakingDownWithIt() {
        try (RunningJavicorn javicorn = startAndAwaitMaking()) {
            long making = makingPid(javicorn);
            assertThat(Procs.alive(making)).as("the cache is still being made").isTrue();

            javicorn.signal("KILL", false);
            awaitGone(making);
            for (long pid : javicorn.workerPids()) {
                awaitGone(pid);
            }
        }
    }

    @Test
    void withoutReloadNothingIsRecorded() {
        Path app = AppDirs.copy("hello-main", tmp, "Main.java");
        try (RunningJavicorn javicorn = RunningJavicorn.startFromJars(app, "--port", "0", "Main")) {
            int port = javicorn.awaitReady(START);
            assertThat(Http.get(port, "/").body()).startsWith("hello from main");
            assertThat(cmdline(javicorn.workerPids().getFirst())).doesNotContain("AOTMode");
            javicorn.signal("TERM", false);
            assertThat(javicorn.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(javicorn.output()).doesNotContain("start-up cache");
        }
    }

    /** javicorn on an app, once the cache is being made from its first worker's recording. */
    private RunningJavicorn startAndAwaitMaking() {
        Path app = AppDirs.copy("counts-starts", tmp, "Main.java");
        RunningJavicorn javicorn = RunningJavicorn.startFromJars(tmp, "--app-dir", app.toString(), "--port", "0",
                "--reload", "Main");
        try {
            javicorn.awaitReady(START);
            javicorn.awaitLog("Making a start-up cache", START);
            return javicorn;
        } catch (RuntimeException | AssertionError e) {
            javicorn.close();
            throw e;
        }
    }

    /** The workers below javicorn that run the app (the cache's making run is no worker). */
    private static List<Long> appProcesses(RunningJavicorn javicorn) {
        return Procs.descendants(javicorn.pid()).stream().filter(p -> !p.zombie()).map(Procs.Stat::pid)
                .filter(pid -> cmdlineOrEmpty(pid).contains("dev.javicorn.worker.WorkerMain")).toList();
    }

    private static String cmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cmdlineOrEmpty(long pid) {
        try {
            return cmdline(pid);
        } catch (UncheckedIOException e) {
            return ""; // it ended while we looked
        }
    }

    private static void awaitGone(long pid) {
        Wait.until(() -> Procs.inSession(pid).isEmpty(), Duration.ofSeconds(15),
                () -> "left in the session of " + pid + ": " + Procs.inSession(pid));
    }

    private static long makingPid(RunningJavicorn javicorn) {
        Matcher m = MAKING.matcher(javicorn.output());
        assertThat(m.find()).as("the making run's pid in the output:\n%s", javicorn.output()).isTrue();
        return Long.parseLong(m.group(1));
    }
}
