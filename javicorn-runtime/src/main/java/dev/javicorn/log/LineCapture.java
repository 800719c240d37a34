package dev.javicorn.log;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.function.Consumer;

/**
 * What an app prints, cut into lines, each handed on whole: with JSON logs, a worker's
 * {@code System.out} and {@code System.err} become one log record per line instead of raw text
 * between the records. A line still unfinished is handed on when the stream is flushed by a
 * {@code println} of its own or closed; a very long line is cut at {@value #MAX_LINE} bytes.
 */
final class LineCapture extends OutputStream {
    private static final int MAX_LINE = 64 * 1024;

    private final Charset charset;
    private final Consumer<String> sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    LineCapture(Charset charset, Consumer<String> sink) {
        this.charset = charset;
        this.sink = sink;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else {
            line.write(b);
            if (line.size() >= MAX_LINE) {
                emit();
            }
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String text = line.toString(charset);
        line.reset();
        sink.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }
}
