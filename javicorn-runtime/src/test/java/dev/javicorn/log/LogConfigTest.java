package dev.javicorn.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogConfigTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheSettingsItHoldsAndLeavesTheOthersToTheCommandLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("log.json"), "{\"level\": \"WARNING\", \"format\": \"json\", \"access_log\": false}");
        assertThat(LogConfig.read(file)).isEqualTo(new LogConfig("warning", "json", false, null));
        assertThat(LogConfig.read(Files.writeString(tmp.resolve("empty.json"), "{}"))).isEqualTo(LogConfig.NONE);
    }

    @Test
    void aBadFileIsOneLineNamingWhatIsWrong() throws Exception {
        Path missing = tmp.resolve("missing.json");
        assertThatThrownBy(() -> LogConfig.read(missing)).hasMessage("--log-config: no such file: " + missing);
        Path broken = Files.writeString(tmp.resolve("broken.json"), "{\"level\": ");
        assertThatThrownBy(() -> LogConfig.read(broken)).hasMessageStartingWith("--log-config " + broken + " is not valid JSON: ");
        Path list = Files.writeString(tmp.resolve("list.json"), "[]");
        assertThatThrownBy(() -> LogConfig.read(list)).hasMessageContaining("must hold a JSON object");
        Path unknown = Files.writeString(tmp.resolve("unknown.json"), "{\"handlers\": {}}");
        assertThatThrownBy(() -> LogConfig.read(unknown))
                .hasMessage("--log-config " + unknown + ": unknown key 'handlers'; the keys are level, format, access_log, use_colors");
        Path level = Files.writeString(tmp.resolve("level.json"), "{\"level\": \"loud\"}");
        assertThatThrownBy(() -> LogConfig.read(level))
                .hasMessage("--log-config " + level + ": \"level\" must be one of critical, error, warning, info, debug, trace, got \"loud\"");
        Path flag = Files.writeString(tmp.resolve("flag.json"), "{\"access_log\": \"no\"}");
        assertThatThrownBy(() -> LogConfig.read(flag)).hasMessageEndingWith("\"access_log\" must be true or false, got \"no\"");
    }
}
