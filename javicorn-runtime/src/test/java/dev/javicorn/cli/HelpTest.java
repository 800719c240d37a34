package dev.javicorn.cli;

import dev.javicorn.testing.RunningJavicorn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --help} and {@code --version} answer and exit 0, as a newcomer's first commands. */
class HelpTest {
    @TempDir
    Path tmp;

    @Test
    void helpShowsOneUsageLineEveryOptionAndExamples() {
        RunningJavicorn run = RunningJavicorn.run(tmp, "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).startsWith("Usage: javicorn [OPTIONS] APP").doesNotContain("Usage: Usage:")
                .contains("--reload", "--workers", "--timeout-graceful-shutdown", "--limit-max-requests", "Examples:");
    }

    @Test
    void versionNamesJavicornAndTheJvm() {
        RunningJavicorn run = RunningJavicorn.run(tmp, "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).startsWith("javicorn ").contains("Java 25");
    }
}
