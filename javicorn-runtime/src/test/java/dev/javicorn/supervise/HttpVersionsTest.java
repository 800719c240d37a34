package dev.javicorn.supervise;

import dev.javicorn.source.SourceLayout;
import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.Curl;
import dev.javicorn.testing.RunningJavicorn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code --http} on plain sockets, with curl as the client (the JDK's client cannot speak h2c with
 * prior knowledge): a real javicorn with {@code auto} and one with {@code h1}, started once each,
 * at once, on one app folder.
 */
class HttpVersionsTest {
    private static final Duration START = Duration.ofSeconds(60);
    @TempDir
    static Path tmp;
    static RunningJavicorn auto;
    static RunningJavicorn h1;
    static Path app;

    @BeforeAll
    static void serve() {
        assumeTrue(Curl.speaksHttp2(), "curl with HTTP/2 is needed");
        // One app folder for both, started at once: each supervisor builds into folders of its own,
        // or one's compile would empty a folder the other's worker loads its classes from.
        app = AppDirs.copy("native", tmp, "Api.java");
        auto = RunningJavicorn.start(app, "--port", "0", "--spares", "0", "--no-access-log", "Api:app");
        h1 = RunningJavicorn.start(app, "--port", "0", "--spares", "0", "--no-access-log", "--http", "h1", "Api:app");
        auto.awaitReady(START);
        h1.awaitReady(START);
    }

    @AfterAll
    static void stop() {
        for (RunningJavicorn javicorn : new RunningJavicorn[] {auto, h1}) {
            if (javicorn != null) {
                javicorn.close();
            }
        }
    }

    @Test
    void autoSpeaksH2cWithPriorKnowledgeAndHttp11AndDeclinesTheUpgrade() {
        int port = auto.port(Duration.ZERO);
        assertThat(curl(port, "--http2-prior-knowledge")).isEqualTo("2 200");
        assertThat(curl(port, "--http2")).as("Upgrade: h2c declined, answered over HTTP/1.1").isEqualTo("1.1 200");
        assertThat(curl(port, "--http1.1")).isEqualTo("1.1 200");
    }

    @Test
    void h1SpeaksHttp11OnlyAndTurnsDownHttp2() {
        int port = h1.port(Duration.ZERO);
        assertThat(curl(port, "--http2")).as("the upgrade is not taken").isEqualTo("1.1 200");
        assertThat(curl(port, "--http1.1")).isEqualTo("1.1 200");
        assertThat(curl(port, "--http2-prior-knowledge")).doesNotStartWith("2 ");
    }

    @Test
    void twoJavicornsOnOneAppFolderLoadTheAppFromBuildFoldersOfTheirOwn() throws Exception {
        for (RunningJavicorn javicorn : List.of(auto, h1)) {
            String argv = Files.readString(Path.of("/proc", String.valueOf(javicorn.workerPids().getFirst()), "cmdline"))
                    .replace('\0', ' ');
            assertThat(argv).containsPattern(java.util.regex.Pattern.quote(SourceLayout.cacheDir(app).resolve("run-" + javicorn.pid()).toString())
                    + "-\\p{XDigit}+/classes-1[ :]");
        }
    }

    private static String curl(int port, String versionOption) {
        return Curl.versionAndStatus("http://127.0.0.1:" + port + "/", versionOption);
    }
}
