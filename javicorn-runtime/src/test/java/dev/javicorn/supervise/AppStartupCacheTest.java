package dev.javicorn.supervise;

import dev.javicorn.source.SourceLayout;
import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.Edits;
import dev.javicorn.testing.Http;
import dev.javicorn.testing.Procs;
import dev.javicorn.testing.RunningJavicorn;
import dev.javicorn.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A main-class app's start-up cache, with javicorn run from its jars (the JDK caches only classes
 * from jars): made in the background once the first worker is ready, mapped by the next worker,
 * and its training run never outlives the supervisor.
 */
class AppStartupCacheTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Pattern TRAINING = Pattern.compile("one more run of the app \\[(\\d+)]");

    @TempDir
    Path tmp;

    @Test
    void theWorkerAfterTheTrainingMapsTheCacheAndServesTheEdit() throws IOException {
        Path app = AppDirs.copy("hello-main", tmp, "Main.java");
        Path cacheDir = Files.createDirectories(SourceLayout.cacheDir(app).resolve("aot"));
        Files.writeString(cacheDir.resolve("0123456789abcdef.aot.tmp.config"), "what a killed training leaves");
        try (RunningJavicorn javicorn = RunningJavicorn.startFromJars(app, "--port", "0", "--reload", "Main")) {
            int port = javicorn.awaitReady(START);
            javicorn.awaitLog("Start-up cache for Main ready", START);
            long training = trainingPid(javicorn);
            Wait.until(() -> Procs.inSession(training).isEmpty(), START, () -> "training run left processes");
            try (Stream<Path> files = Files.list(cacheDir)) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("training.log")))
                        .as("the cache, and nothing the training left").singleElement().asString().endsWith(".aot");
            }

            Edits.replace(app.resolve("Main.java"), "hello from main", "hello again");
            // Adopted: the new worker serves on the same socket before the old one stops.
            Wait.until(() -> Http.serves(port, "hello again"), START, () -> "edit not served; output:\n" + javicorn.output());

            long worker = javicorn.workerPids().getLast();
            String cmdline = Files.readString(Path.of("/proc", Long.toString(worker), "cmdline")).replace('\0', ' ');
            Matcher cache = Pattern.compile("-XX:AOTCache=(\\S+)").matcher(cmdline);
            assertThat(cache.find()).as("worker command line: %s", cmdline).isTrue();
            assertThat(cmdline).contains("-XX:TieredStopAtLevel=1");
            assertThat(Files.readString(Path.of("/proc", Long.toString(worker), "maps")))
                    .as("the worker maps the cache").contains(cache.group(1));

            List<Long> workers = javicorn.workerPids();
            javicorn.signal("INT", true);
            assertThat(javicorn.awaitExit(Duration.ofSeconds(30))).isZero();
            for (long pid : workers) {
                assertThat(Procs.inSession(pid)).as("processes of worker %d", pid).isEmpty();
            }
        }
    }

    @Test
    void ctrlCDuringTheTrainingLeavesNoProcess() {
        Path app = AppDirs.copy("second-start-hangs", tmp, "Main.java");
        try (RunningJavicorn javicorn = startWithHangingTraining(app)) {
            long training = trainingPid(javicorn);

            javicorn.signal("INT", true);
            assertThat(javicorn.awaitExit(Duration.ofSeconds(30))).isZero();
            awaitGone(training);
            assertThat(javicorn.output()).doesNotContain("No start-up cache");
        }
    }

    @Test
    void aKilledSupervisorTakesTheTrainingDownWithIt() {
        Path app = AppDirs.copy("second-start-hangs", tmp, "Main.java");
        try (RunningJavicorn javicorn = startWithHangingTraining(app)) {
            long training = trainingPid(javicorn);

            javicorn.signal("KILL", false);
            awaitGone(training);
        }
    }

    @Test
    void withoutReloadThereIsNoTraining() {
        Path app = AppDirs.copy("hello-main", tmp, "Main.java");
        try (RunningJavicorn javicorn = RunningJavicorn.startFromJars(app, "--port", "0", "Main")) {
            int port = javicorn.awaitReady(START);
            assertThat(Http.get(port, "/").body()).startsWith("hello from main");
            javicorn.signal("TERM", false);
            assertThat(javicorn.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(javicorn.output()).doesNotContain("start-up cache");
        }
    }

    /** javicorn on the app whose second run never listens, once its training run has started. */
    private RunningJavicorn startWithHangingTraining(Path app) {
        RunningJavicorn javicorn = RunningJavicorn.startFromJars(tmp, "--app-dir", app.toString(), "--port", "0",
                "--reload", "Main");
        try {
            javicorn.awaitReady(START);
            javicorn.awaitLog("Making a start-up cache", START);
            assertThat(Procs.alive(trainingPid(javicorn))).as("the training run, which never listens, is running").isTrue();
            return javicorn;
        } catch (RuntimeException | AssertionError e) {
            javicorn.close();
            throw e;
        }
    }

    private static void awaitGone(long training) {
        Wait.until(() -> Procs.inSession(training).isEmpty(), Duration.ofSeconds(15),
                () -> "left by the training run: " + Procs.inSession(training));
    }

    private static long trainingPid(RunningJavicorn javicorn) {
        Matcher m = TRAINING.matcher(javicorn.output());
        assertThat(m.find()).as("training pid in the output:\n%s", javicorn.output()).isTrue();
        return Long.parseLong(m.group(1));
    }
}
