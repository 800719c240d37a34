package dev.javicorn.http;

import dev.javicorn.BodyStream;
import dev.javicorn.EventStream;
import java.io.IOException;

/**
 * Server-Sent Events in the {@code text/event-stream} format, over a streamed body: each event is
 * its {@code id:}, {@code event:} and {@code data:} lines (one {@code data:} line per line of
 * data) and a blank line, sent in one write.
 */
final class EventWriter implements EventStream {
    private final BodyStream out;

    EventWriter(BodyStream out) {
        this.out = out;
    }

    @Override
    public void send(String id, String event, String data) throws IOException {
        StringBuilder text = new StringBuilder();
        if (id != null) {
            text.append("id: ").append(oneLine("id", id)).append('\n');
        }
        if (event != null) {
            text.append("event: ").append(oneLine("event", event)).append('\n');
        }
        for (String line : data.split("\r\n|\r|\n", -1)) {
            text.append("data: ").append(line).append('\n');
        }
        out.write(text.append('\n').toString());
    }

    @Override
    public void comment(String text) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String line : text.split("\r\n|\r|\n", -1)) {
            lines.append(": ").append(line).append('\n');
        }
        out.write(lines.append('\n').toString());
    }

    @Override
    public boolean stopping() {
        return out.stopping();
    }

    private static String oneLine(String field, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an event's " + field + " holds a line break");
        }
        return value;
    }
}
