package dev.javicorn.log;

import java.time.Instant;

/**
 * One log record as a line of JSON, written by hand: the log is loaded before anything else and
 * must not pull a JSON library into every start. Fields in a fixed order: {@code time} (UTC, ms),
 * {@code level}, {@code logger}, {@code pid}, {@code message}, then any extra ones.
 */
final class JsonLine {
    private final StringBuilder json = new StringBuilder(160);

    JsonLine(Instant time, String level, String logger, long pid, String message) {
        json.append("{\"time\":\"").append(time).append('"');
        field("level", level);
        field("logger", logger);
        json.append(",\"pid\":").append(pid);
        field("message", message);
    }

    JsonLine field(String name, String value) {
        json.append(",\"").append(name).append("\":\"");
        escape(value);
        json.append('"');
        return this;
    }

    JsonLine field(String name, long value) {
        json.append(",\"").append(name).append("\":").append(value);
        return this;
    }

    @Override
    public String toString() {
        return json + "}";
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
    }
}
