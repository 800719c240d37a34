package dev.javicorn.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** --log-format json: every line javicorn and the app write is one JSON object a log shipper can parse. */
class JsonLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Log.configure(Log.Level.INFO, true, true, Log.Format.JSON);
    }

    @AfterEach
    void restore() {
        Log.releaseStandardOutput();
        System.setOut(originalOut);
        System.setErr(originalErr);
        Log.configure(Log.Level.INFO, false, true);
    }

    @Test
    void messagesAccessLinesAndFailuresAreOneJsonObjectEach() throws Exception {
        Log.info("Started server process [1]");
        Log.debug("not at info");
        Log.error("Exception in handler \"quoted\"\tand tabbed", new IllegalStateException("boom"));
        Log.access("127.0.0.1:5000", "GET", "/items/1?q=a", "HTTP/1.1", 200, "OK");

        List<JsonNode> errors = lines(err);
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("level").asText()).isEqualTo("INFO");
        assertThat(errors.get(0).get("logger").asText()).isEqualTo("javicorn");
        assertThat(errors.get(0).get("message").asText()).isEqualTo("Started server process [1]");
        assertThat(errors.get(0).get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(errors.get(0).get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
        assertThat(errors.get(1).get("message").asText()).isEqualTo("Exception in handler \"quoted\"\tand tabbed");
        assertThat(errors.get(1).get("exception").asText()).startsWith("java.lang.IllegalStateException: boom\n\tat ");

        JsonNode access = lines(out).getFirst();
        assertThat(access.get("logger").asText()).isEqualTo("javicorn.access");
        assertThat(access.get("message").asText()).isEqualTo("127.0.0.1:5000 - \"GET /items/1?q=a HTTP/1.1\" 200 OK");
        assertThat(access.get("client").asText()).isEqualTo("127.0.0.1:5000");
        assertThat(access.get("path").asText()).isEqualTo("/items/1?q=a");
        assertThat(access.get("status").asInt()).isEqualTo(200);
    }

    @Test
    void whatTheAppPrintsBecomesOneRecordPerLine() throws Exception {
        Log.captureStandardOutput();
        System.out.println("line one");
        System.out.print("two, ");
        System.out.println("in parts \u0001");
        System.err.println("an error line");
        Log.info("javicorn's own line goes past the capture");

        List<JsonNode> printed = lines(out);
        assertThat(printed).extracting(n -> n.get("message").asText()).containsExactly("line one", "two, in parts \u0001");
        assertThat(printed).allSatisfy(n -> assertThat(n.get("logger").asText()).isEqualTo("app.stdout"));
        List<JsonNode> errors = lines(err);
        assertThat(errors).extracting(n -> n.get("logger").asText() + " " + n.get("level").asText() + " " + n.get("message").asText())
                .containsExactly("app.stderr ERROR an error line", "javicorn INFO javicorn's own line goes past the capture");
    }

    private static List<JsonNode> lines(ByteArrayOutputStream bytes) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }
}
