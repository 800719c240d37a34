package dev.javicorn.appcache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up cache's pure parts: the layout, the key, the shadowed-file check, the plan. */
class AppStartupCacheUnitTest {
    @TempDir
    Path tmp;

    @Test
    void theJarsComeFirstOnlyWhenNoFileIsInBothAJarAndAClassFolder() throws IOException {
        Path classes = Files.createDirectories(tmp.resolve("classes/com/example")).getParent().getParent();
        Files.writeString(classes.resolve("com/example/App.class"), "");
        Files.writeString(classes.resolve("application.properties"), "");
        Path jar = Files.writeString(tmp.resolve("lib.jar"), "");
        Layout layout = Layout.of(List.of(classes.toString(), jar.toString()));

        assertThat(layout.jars()).containsExactly(jar.toString());
        assertThat(layout.folders()).containsExactly(classes.toString());
        assertThat(layout.jarsFirst()).containsExactly(jar.toString(), classes.toString());
        assertThat(Shadowing.fileInBoth(layout, Set.of("org/lib/Lib.class", "META-INF/MANIFEST.MF"))).isNull();
        assertThat(Shadowing.fileInBoth(layout, Set.of("org/lib/Lib.class", "application.properties")))
                .isEqualTo("application.properties");
    }

    @Test
    void theKeyChangesWithAJarsSizeTheJvmOrTheJvmOptions() throws IOException {
        Path jar = Files.writeString(tmp.resolve("lib.jar"), "one");
        String key = CacheKey.of("/jdk", "25", List.of(jar.toString()), List.of("-Xmx1g"));

        assertThat(CacheKey.of("/jdk", "25", List.of(jar.toString()), List.of("-Xmx1g"))).isEqualTo(key);
        assertThat(CacheKey.of("/jdk", "26", List.of(jar.toString()), List.of("-Xmx1g"))).isNotEqualTo(key);
        assertThat(CacheKey.of("/jdk", "25", List.of(jar.toString()), List.of("-Xmx2g"))).isNotEqualTo(key);
        Files.writeString(jar, "a longer jar");
        assertThat(CacheKey.of("/jdk", "25", List.of(jar.toString()), List.of("-Xmx1g"))).isNotEqualTo(key);
    }

    @Test
    void oneWorkerAtATimeRecordsAndOnlyUnderReload() throws IOException {
        List<String> classpath = List.of(Files.writeString(tmp.resolve("app.jar"), "x").toString());

        AppStartupCache cache = new AppStartupCache(tmp.resolve("aot"), true, List.of(), List.of(), "Main");
        AppStartupCache.Plan plan = cache.plan(classpath).orElseThrow();
        assertThat(plan.cache().getParent()).isEqualTo(tmp.resolve("aot"));
        AppStartupCache.Recording recording = cache.startRecording(plan).orElseThrow();
        assertThat(cache.startRecording(plan)).as("another worker records").isEmpty();
        assertThat(cache.readyFor(classpath)).as("not made yet").isEmpty();

        assertThat(new AppStartupCache(tmp.resolve("aot"), false, List.of(), List.of(), "Main").plan(classpath)).isEmpty();
    }

    @Test
    void aRecordingIsKeptOnlyFromANormalExitAndAKilledWorkersIsRecordedAgain() throws IOException {
        List<String> classpath = List.of(Files.writeString(tmp.resolve("app.jar"), "x").toString());
        AppStartupCache cache = new AppStartupCache(tmp.resolve("aot"), true, List.of(), List.of(), "Main");
        AppStartupCache.Plan plan = cache.plan(classpath).orElseThrow();

        AppStartupCache.Recording killed = cache.startRecording(plan).orElseThrow();
        Files.writeString(killed.temporary(), "half a recording");
        cache.recorded(killed, 9); // SIGKILL at the stop's deadline
        assertThat(killed.temporary()).doesNotExist();
        assertThat(cache.mayMake(plan)).isFalse();

        AppStartupCache.Recording exited = cache.startRecording(plan).orElseThrow();
        Files.writeString(exited.temporary(), "a recording");
        cache.recorded(exited, 0);
        assertThat(plan.config()).hasContent("a recording");
        assertThat(cache.mayMake(plan)).isTrue();
        assertThat(cache.startRecording(plan)).as("one is complete").isEmpty();

        cache.making(plan);
        assertThat(cache.mayMake(plan)).as("being made").isFalse();
    }

    @Test
    void aWorkerThatDiedWritingItsRecordingEndsTheRecordingsOfThisRun() throws IOException {
        List<String> classpath = List.of(Files.writeString(tmp.resolve("app.jar"), "x").toString());
        AppStartupCache cache = new AppStartupCache(tmp.resolve("aot"), true, List.of(), List.of(), "Main");
        AppStartupCache.Plan plan = cache.plan(classpath).orElseThrow();

        AppStartupCache.Recording killed = cache.startRecording(plan).orElseThrow();
        cache.endedWriting(killed, 9); // at a stop's deadline
        AppStartupCache.Recording died = cache.startRecording(plan).orElseThrow();
        Files.writeString(died.temporary(), "half a recording");
        cache.endedWriting(died, 1 << 8);
        assertThat(died.temporary()).doesNotExist();
        assertThat(cache.startRecording(plan)).as("the next worker would die too").isEmpty();
        assertThat(cache.plan(classpath)).isEmpty();
    }

    @Test
    void aCacheFolderThatCannotBeCreatedMeansNoCacheNotAnError() throws IOException {
        Path notAFolder = Files.writeString(tmp.resolve("aot"), "a file where the folder should be");
        List<String> classpath = List.of(Files.writeString(tmp.resolve("app.jar"), "x").toString());

        assertThat(new AppStartupCache(notAFolder, true, List.of(), List.of(), "Main").plan(classpath)).isEmpty();
    }

    @Test
    void aMadeCacheIsKeptAndAFailedOneLeavesNothing() throws IOException {
        List<String> classpath = List.of(Files.writeString(tmp.resolve("app.jar"), "x").toString());
        AppStartupCache cache = new AppStartupCache(tmp.resolve("aot"), true, List.of(), List.of(), "Main");
        AppStartupCache.Plan plan = cache.plan(classpath).orElseThrow();

        Files.writeString(plan.config(), "a recording");
        Files.writeString(plan.output(), "half a cache");
        cache.finished(plan, 9, System.nanoTime()); // killed on a stop
        assertThat(plan.output()).doesNotExist();
        assertThat(plan.config()).as("for the next run").exists();

        Files.writeString(plan.output(), "not really a cache");
        cache.finished(plan, 1 << 8, System.nanoTime());
        assertThat(plan.output()).doesNotExist();
        assertThat(plan.config()).doesNotExist();
        assertThat(cache.readyFor(classpath)).isEmpty();

        Files.writeString(plan.output(), "a cache");
        cache.finished(plan, 0, System.nanoTime());
        assertThat(cache.readyFor(classpath)).contains(plan.cache());
        assertThat(cache.plan(classpath)).as("made").isEmpty();
    }
}
