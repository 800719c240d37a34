package dev.javicorn.log;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Locale;

/**
 * javicorn's log, in uvicorn's format: {@code INFO:     message} on stderr, access lines on stdout;
 * or, with {@code --log-format json}, one JSON object per line (see {@link JsonLine}), access
 * records with their fields ({@code client}, {@code method}, {@code path}, {@code protocol},
 * {@code status}) and, in a worker, every line the app prints ({@link #captureStandardOutput}).
 *
 * <p>The supervisor and every worker write to the same terminal, so each line is written whole,
 * in one call. {@link #configure} is called once at start-up, before any other thread logs; after
 * that every method may be called from any thread.
 */
public final class Log {
    /** Levels with uvicorn's names; {@code --log-level} takes them in lower case. */
    public enum Level {
        TRACE("\u001b[34m"), DEBUG("\u001b[36m"), INFO("\u001b[32m"), WARNING("\u001b[33m"),
        ERROR("\u001b[31m"), CRITICAL("\u001b[1;31m");

        private final String color;

        Level(String color) {
            this.color = color;
        }

        public static Level parse(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    /** How each line is written: uvicorn's text, or JSON ({@code --log-format}). */
    public enum Format {
        TEXT, JSON;

        public static Format parse(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    private static final String RESET = "\u001b[0m";
    private static final long PID = ProcessHandle.current().pid();
    private static volatile Level threshold = Level.INFO;
    private static volatile boolean colors = false;
    private static volatile boolean accessEnabled = true;
    private static volatile boolean json = false;
    /** Where the log itself writes once the app's output is captured: the streams from before; else null. */
    private static volatile PrintStream capturedOut;
    private static volatile PrintStream capturedErr;

    private Log() {}

    public static void configure(Level level, boolean useColors, boolean accessLog) {
        configure(level, useColors, accessLog, Format.TEXT);
    }

    public static void configure(Level level, boolean useColors, boolean accessLog, Format format) {
        threshold = level;
        json = format == Format.JSON;
        colors = useColors && !json;
        accessEnabled = accessLog;
    }

    /**
     * With JSON logs, makes every line the app writes to {@code System.out} an INFO record and
     * every line to {@code System.err} an ERROR record (logger {@code app.stdout}, {@code app.stderr}),
     * so that the whole output stays one JSON object per line. Nothing changes with text logs.
     */
    public static void captureStandardOutput() {
        if (!json) {
            return;
        }
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        capturedOut = originalOut;
        capturedErr = originalErr;
        System.setOut(new PrintStream(new LineCapture(originalOut.charset(),
                line -> write(originalOut, new JsonLine(Instant.now(), "INFO", "app.stdout", PID, line).toString())),
                true, originalOut.charset()));
        System.setErr(new PrintStream(new LineCapture(originalErr.charset(),
                line -> write(originalErr, new JsonLine(Instant.now(), "ERROR", "app.stderr", PID, line).toString())),
                true, originalErr.charset()));
    }

    public static boolean colors() {
        return colors;
    }

    public static boolean enabled(Level level) {
        return level.compareTo(threshold) >= 0;
    }

    public static void trace(String message) {
        log(Level.TRACE, message, null);
    }

    public static void debug(String message) {
        log(Level.DEBUG, message, null);
    }

    public static void info(String message) {
        log(Level.INFO, message, null);
    }

    public static void warning(String message) {
        log(Level.WARNING, message, null);
    }

    public static void error(String message) {
        log(Level.ERROR, message, null);
    }

    /** Logs the message and then the throwable's stack trace. */
    public static void error(String message, Throwable failure) {
        log(Level.ERROR, message, failure);
    }

    /** Undoes {@link #captureStandardOutput}, for tests. */
    static void releaseStandardOutput() {
        if (capturedOut != null) {
            System.setOut(capturedOut);
            System.setErr(capturedErr);
            capturedOut = null;
            capturedErr = null;
        }
    }

    /**
     * One access line per request, on stdout, as uvicorn writes it:
     * {@code 127.0.0.1:5000 - "GET /path?q HTTP/1.1" 200 OK}.
     */
    public static void access(String client, String method, String target, String protocol, int status, String reason) {
        if (!accessEnabled || !enabled(Level.INFO)) {
            return;
        }
        String line = client + " - \"" + method + " " + target + " " + protocol + "\" " + status + " " + reason;
        if (json) {
            write(stdout(), new JsonLine(Instant.now(), "INFO", "javicorn.access", PID, line).field("client", client)
                    .field("method", method).field("path", target).field("protocol", protocol).field("status", status).toString());
        } else {
            stdout().print(prefix(Level.INFO) + line + System.lineSeparator());
        }
    }

    /** Bold text when colors are on, for the few words a user should not miss. */
    public static String bold(String text) {
        return colors ? "\u001b[1m" + text + RESET : text;
    }

    private static void log(Level level, String message, Throwable failure) {
        if (!enabled(level)) {
            return;
        }
        if (json) {
            JsonLine record = new JsonLine(Instant.now(), level.name(), "javicorn", PID, message);
            if (failure != null) {
                record.field("exception", stackTrace(failure));
            }
            write(stderr(), record.toString());
            return;
        }
        StringBuilder line = new StringBuilder(prefix(level)).append(message).append(System.lineSeparator());
        if (failure != null) {
            line.append(stackTrace(failure));
        }
        PrintStream stream = stderr();
        stream.print(line);
        stream.flush();
    }

    private static String stackTrace(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    private static PrintStream stdout() {
        PrintStream captured = capturedOut;
        return captured != null ? captured : System.out;
    }

    private static PrintStream stderr() {
        PrintStream captured = capturedErr;
        return captured != null ? captured : System.err;
    }

    private static void write(PrintStream stream, String line) {
        stream.print(line + System.lineSeparator());
        stream.flush();
    }

    private static String prefix(Level level) {
        String name = level.name() + ":";
        String padded = name + " ".repeat(Math.max(1, 10 - name.length()));
        return colors ? level.color + name + RESET + padded.substring(name.length()) : padded;
    }
}
