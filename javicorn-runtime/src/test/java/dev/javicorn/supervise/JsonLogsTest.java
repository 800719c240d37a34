package dev.javicorn.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.Http;
import dev.javicorn.testing.RunningJavicorn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --log-format json} through a {@code --log-config} file, with real processes: every line
 * the supervisor, the worker, the access log and the app's own {@code System.out} write is one
 * JSON object.
 */
class JsonLogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void everyLineOfARunIsOneJsonObject() throws Exception {
        Path app = AppDirs.copy("native", tmp, "Api.java");
        Path config = Files.writeString(tmp.resolve("log.json"), "{\"format\": \"json\", \"level\": \"info\"}");
        List<JsonNode> records = new ArrayList<>();
        try (RunningJavicorn javicorn = RunningJavicorn.start(app, "--port", "0", "--log-config", config.toString(), "Api:app")) {
            int port = javicorn.awaitReady(Duration.ofSeconds(60));
            assertThat(Http.get(port, "/items/7?q=x").statusCode()).isEqualTo(200);
            javicorn.awaitLog("/items/7?q=x", Duration.ofSeconds(10));
            javicorn.signal("TERM", false);
            assertThat(javicorn.awaitExit(Duration.ofSeconds(30))).isZero();
            for (String line : javicorn.output().split("\n")) {
                if (!line.isBlank()) {
                    records.add(JSON.readTree(line)); // throws on any line that is not JSON
                }
            }
        }
        assertThat(records).anySatisfy(r -> {
            assertThat(r.get("logger").asText()).isEqualTo("app.stdout");
            assertThat(r.get("message").asText()).isEqualTo("hook: startup 1");
        });
        assertThat(records).anySatisfy(r -> {
            assertThat(r.get("logger").asText()).isEqualTo("javicorn.access");
            assertThat(r.get("path").asText()).isEqualTo("/items/7?q=x");
            assertThat(r.get("status").asInt()).isEqualTo(200);
        });
        assertThat(records).anySatisfy(r -> assertThat(r.get("message").asText()).startsWith("Javicorn running on http://"));
        assertThat(records).allSatisfy(r -> assertThat(r.get("time").asText()).endsWith("Z"));
    }
}
