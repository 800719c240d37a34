package dev.javicorn.source;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Formats compiler errors the way javac prints them: {@code file:line: error: message}, the line, a caret. */
final class DiagnosticReport {
    private DiagnosticReport() {}

    static String format(List<Diagnostic<? extends JavaFileObject>> errors, Path root) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : errors) {
            if (d.getSource() == null) {
                out.append("error: ").append(d.getMessage(Locale.ROOT)).append('\n'); // an option, not a line
                continue;
            }
            String file = relative(root, Path.of(d.getSource().toUri()));
            out.append(file).append(':').append(d.getLineNumber()).append(": error: ")
                    .append(d.getMessage(Locale.ROOT)).append('\n');
            String line = sourceLine(d);
            if (line != null) {
                out.append(line).append('\n');
                long column = Math.max(1, d.getColumnNumber());
                out.append(" ".repeat((int) Math.min(column - 1, line.length()))).append("^\n");
            }
        }
        out.append(errors.size()).append(errors.size() == 1 ? " error" : " errors");
        return out.toString();
    }

    private static String relative(Path root, Path file) {
        Path base = root.toAbsolutePath().normalize();
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
    }

    private static String sourceLine(Diagnostic<? extends JavaFileObject> d) {
        if (d.getSource() == null || d.getLineNumber() < 1) {
            return null;
        }
        try {
            String[] lines = d.getSource().getCharContent(true).toString().split("\n", -1);
            return d.getLineNumber() <= lines.length ? lines[(int) d.getLineNumber() - 1].stripTrailing() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
