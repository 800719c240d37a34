package dev.javicorn.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code --log-config} file: JSON with any of {@code level}, {@code format}, {@code access_log}
 * and {@code use_colors}, the same settings as the command-line options of those names, which win
 * over the file. Absent keys are {@code null}.
 *
 * <pre>{"level": "warning", "format": "json", "access_log": false}</pre>
 */
public record LogConfig(String level, String format, Boolean accessLog, Boolean useColors) {
    private static final List<String> KEYS = List.of("level", "format", "access_log", "use_colors");
    private static final List<String> LEVELS = List.of("critical", "error", "warning", "info", "debug", "trace");
    private static final List<String> FORMATS = List.of("text", "json");

    public static final LogConfig NONE = new LogConfig(null, null, null, null);

    /** @throws IllegalArgumentException with one line naming the file and what is wrong in it */
    public static LogConfig read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--log-config: no such file: " + file);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--log-config " + file + " is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("--log-config: cannot read " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("--log-config " + file + " must hold a JSON object, e.g. "
                    + "{\"level\": \"warning\", \"format\": \"json\"}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            String key = fields.next().getKey();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("--log-config " + file + ": unknown key '" + key + "'; the keys are "
                        + String.join(", ", KEYS));
            }
        }
        return new LogConfig(choice(file, root, "level", LEVELS), choice(file, root, "format", FORMATS),
                flag(file, root, "access_log"), flag(file, root, "use_colors"));
    }

    private static String choice(Path file, JsonNode root, String key, List<String> allowed) {
        JsonNode value = root.get(key);
        if (value == null) {
            return null;
        }
        String text = value.isTextual() ? value.asText().toLowerCase(Locale.ROOT) : null;
        if (text == null || !allowed.contains(text)) {
            throw new IllegalArgumentException("--log-config " + file + ": \"" + key + "\" must be one of "
                    + String.join(", ", allowed) + ", got " + value);
        }
        return text;
    }

    private static Boolean flag(Path file, JsonNode root, String key) {
        JsonNode value = root.get(key);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("--log-config " + file + ": \"" + key + "\" must be true or false, got " + value);
        }
        return value.asBoolean();
    }
}
