package dev.javicorn.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javicorn.testing.Wait;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build that meets a file at fault fails with one line naming it, never with an unchecked
 * exception; an interrupted build is cancelled, not failed. Maven mode runs a fake {@code ./mvnw}
 * that resolves to no dependencies at once (or hangs, to be cancelled).
 */
class AppBuildTest {
    private static final String API = "package com.example; public class Api { }";

    @TempDir
    Path tmp;

    /** javicorn's cache for the app dir, outside it (under ~/.cache): removed after each test. */
    private Path cache;

    @AfterEach
    void removeCache() throws IOException {
        CompiledStore.awaitKeeping(); // a compile still being kept writes under the cache
        if (cache != null && Files.isRegularFile(cache)) {
            Files.delete(cache);
        } else if (cache != null) {
            SourceCompiler.deleteTree(cache);
        }
    }

    @Test
    void aResourceThatCannotBeCopiedFailsTheBuildWithOneLineNamingIt() throws Exception {
        Path app = mavenApp("echo resolved");
        // A resource file named like the package folder javac writes: the copy meets a folder.
        Files.writeString(app.resolve("src/main/resources/com"), "not a folder");

        AppBuild build = new AppBuild(app, List.of(), Optional.empty());
        assertThatThrownBy(build::build)
                .isExactlyInstanceOf(AppBuild.BuildException.class)
                .hasMessage("cannot copy resource " + app.resolve("src/main/resources/com") + ": "
                        + build.runDir().resolve("classes-1/com") + " is a folder, and not empty");
    }

    @Test
    void aFileWhereTheCacheFolderShouldBeFailsTheBuildWithOneLineNamingIt() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Files.writeString(app.resolve("Main.java"), "public class Main { }");
        cache = SourceLayout.cacheDir(app);
        Files.createDirectories(cache.getParent());
        Files.writeString(cache, "in the way");

        AppBuild build = new AppBuild(app, List.of(), Optional.empty());
        assertThatThrownBy(build::build)
                .isExactlyInstanceOf(AppBuild.BuildException.class)
                .hasMessage("cannot compile into " + build.runDir().resolve("classes-1") + ": " + cache + " is a file, not a folder");
    }

    @Test
    void aBuildGoesToThisSupervisorsOwnFoldersAndTheFoldersOfEndedRunsAreRemoved() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Files.writeString(app.resolve("Main.java"), "public class Main { }");
        cache = SourceLayout.cacheDir(app);
        Path ended = Files.createDirectories(cache.resolve("run-7-dead").resolve("classes-1"));
        Files.writeString(ended.resolveSibling(".lock"), ""); // no one holds it
        Path running = Files.createDirectories(cache.resolve("run-8-alive"));
        Path earlier = Files.createDirectories(cache.resolve("classes-2")); // where builds went before run folders
        try (FileChannel lock = FileChannel.open(running.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            lock.lock(); // as the supervisor of that run holds it

            AppBuild build = new AppBuild(app, List.of(), Optional.empty());
            List<Path> classpath = build.build();

            assertThat(classpath.getFirst()).isEqualTo(build.runDir().resolve("classes-1"));
            assertThat(build.runDir().getFileName().toString()).startsWith("run-" + ProcessHandle.current().pid() + "-");
            assertThat(classpath.getFirst().resolve("Main.class")).isRegularFile();
            assertThat(ended.getParent()).doesNotExist();
            assertThat(earlier).doesNotExist();
            assertThat(running).as("the folder of a supervisor still running").isDirectory();
            assertThat(new AppBuild(app, List.of(), Optional.empty()).runDir()).as("a second supervisor's")
                    .isNotEqualTo(build.runDir());
            assertThat(build.runDir()).as("kept by the next start while its supervisor runs").isDirectory();
        }
    }

    @Test
    void aFileWhereMavensTargetFolderShouldBeFailsTheBuildWithOneLineNamingIt() throws Exception {
        Path app = mavenApp("echo resolved");
        Files.writeString(app.resolve("target"), "in the way");

        assertThatThrownBy(() -> new AppBuild(app, List.of(), Optional.empty()).build())
                .isExactlyInstanceOf(AppBuild.BuildException.class)
                .hasMessage("cannot resolve the dependencies of " + app.resolve("pom.xml") + ": "
                        + app.resolve("target") + " is a file, not a folder");
    }

    @Test
    void aMavenProjectWithoutJavaSourcesYetBuildsItsResources() throws Exception {
        Path app = mavenApp("echo resolved");
        Files.delete(app.resolve("src/main/java/com/example/Api.java"));
        Files.writeString(app.resolve("src/main/resources/app.properties"), "x=1");
        SourceCompiler.deleteTree(app.resolve("src/main/java"));

        List<Path> classpath = new AppBuild(app, List.of(), Optional.empty()).build();
        assertThat(classpath.getFirst().resolve("app.properties")).hasContent("x=1");
    }

    @Test
    void anInterruptedThreadCancelsTheBuildBeforeItCompilesAnything() throws Exception {
        Path app = mavenApp("echo resolved");
        AppBuild build = new AppBuild(app, List.of(), Optional.empty());
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(build::build).isInstanceOf(BuildCancelledException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt status kept").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(build.runDir().resolve("classes-1")).doesNotExist();
        assertThat(build.generation()).isZero();
    }

    @Test
    void interruptingABuildWhileMavenRunsCancelsIt() throws Exception {
        Path started = tmp.resolve("maven-started");
        AppBuild build = new AppBuild(mavenApp("touch '" + started + "'\nexec sleep 300"), List.of(), Optional.empty());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().start(() -> {
            try {
                build.build();
            } catch (Exception e) {
                thrown.set(e);
            }
        });
        Wait.until(() -> Files.exists(started), Duration.ofSeconds(10), () -> "the fake Maven did not start");

        thread.interrupt();

        Wait.until(() -> !thread.isAlive(), Duration.ofSeconds(5), () -> "build still running after the interrupt");
        assertThat(thrown.get()).isInstanceOf(BuildCancelledException.class);
        assertThat(build.generation()).isZero();
    }

    /**
     * A Maven-mode app dir whose {@code ./mvnw} runs {@code body} and, if that returns, writes an
     * empty classpath where {@code dependency:build-classpath} would write it, and the arguments of
     * a plain javac call where the compiler plugin's recording javac would keep them.
     */
    private Path mavenApp(String body) throws IOException {
        Path app = Files.createDirectories(tmp.resolve("app"));
        cache = SourceLayout.cacheDir(app);
        Files.writeString(app.resolve("pom.xml"), "<project/>");
        Path java = Files.createDirectories(app.resolve("src/main/java/com/example"));
        Files.writeString(java.resolve("Api.java"), API);
        Files.createDirectories(app.resolve("src/main/resources"));
        Path mvnw = app.resolve("mvnw");
        Files.writeString(mvnw, "#!/bin/sh\n" + body + """

                for arg in "$@"; do case "$arg" in -Dmdep.outputFile=*) out="${arg#-Dmdep.outputFile=}";; esac; done
                : > "$out"
                printf '"-d"\n"%s/target/classes"\n"-sourcepath"\n"%s/src/main/java"\n' "$PWD" "$PWD" > "$JAVICORN_JAVAC_ARGS/1.args"
                pwd > "$JAVICORN_JAVAC_ARGS/1.dir"
                """);
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        return app;
    }
}
