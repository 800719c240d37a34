package dev.javicorn.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StartupCacheTest {
    @TempDir
    Path tmp;

    @Test
    void aWorkerOnJavicornsJarsUsesTheCacheNextToTheRuntimeJar() throws IOException {
        List<String> classpath = jars("javicorn-runtime.jar", "lib/jetty-server.jar");
        Path cache = Files.write(tmp.resolve(StartupCache.FILE_NAME), new byte[] {1});

        assertThat(StartupCache.jvmOptions(classpath, List.of("-Xmx256m")))
                .startsWith("-XX:AOTCache=" + cache)
                .contains("-Xlog:aot*=off");
    }

    @Test
    void noCacheWhenJavicornRunsFromClassFolders() throws IOException {
        List<String> classpath = List.of(jars("javicorn-runtime.jar").getFirst(), Files.createDirectories(tmp.resolve("classes")).toString());
        Files.write(tmp.resolve(StartupCache.FILE_NAME), new byte[] {1});

        assertThat(StartupCache.jvmOptions(classpath, List.of())).isEmpty();
    }

    @Test
    void noCacheWhenTheTrainingFailedOrNeverRan() throws IOException {
        List<String> classpath = jars("javicorn-runtime.jar");
        assertThat(StartupCache.jvmOptions(classpath, List.of())).isEmpty();

        Files.createFile(tmp.resolve(StartupCache.FILE_NAME)); // what the launcher leaves after a failed training
        assertThat(StartupCache.jvmOptions(classpath, List.of())).isEmpty();
    }

    @Test
    void theUsersOwnArchiveOptionWins() throws IOException {
        List<String> classpath = jars("javicorn-runtime.jar");
        Files.write(tmp.resolve(StartupCache.FILE_NAME), new byte[] {1});

        assertThat(StartupCache.jvmOptions(classpath, List.of("-Xshare:off"))).isEmpty();
        assertThat(StartupCache.jvmOptions(classpath, List.of("-XX:AOTCache=/elsewhere.aot"))).isEmpty();
    }

    private List<String> jars(String... names) throws IOException {
        List<String> paths = new java.util.ArrayList<>();
        for (String name : names) {
            Path jar = tmp.resolve(name);
            Files.createDirectories(jar.getParent());
            paths.add(Files.write(jar, new byte[] {0}).toString());
        }
        return paths;
    }
}
