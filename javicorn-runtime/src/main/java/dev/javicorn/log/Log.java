package dev.javicorn.log;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;

/**
 * javicorn's log, in uvicorn's format: {@code INFO:     message} on stderr, access lines on stdout.
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

    private static final String RESET = "\u001b[0m";
    private static volatile Level threshold = Level.INFO;
    private static volatile boolean colors = false;
    private static volatile boolean accessEnabled = true;

    private Log() {}

    public static void configure(Level level, boolean useColors, boolean accessLog) {
        threshold = level;
        colors = useColors;
        accessEnabled = accessLog;
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

    /** One access line per request, on stdout, as uvicorn writes it. */
    public static void access(String line) {
        if (accessEnabled && enabled(Level.INFO)) {
            System.out.print(prefix(Level.INFO) + line + System.lineSeparator());
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
        StringBuilder line = new StringBuilder(prefix(level)).append(message).append(System.lineSeparator());
        if (failure != null) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        PrintStream err = System.err;
        err.print(line);
        err.flush();
    }

    private static String prefix(Level level) {
        String name = level.name() + ":";
        String padded = name + " ".repeat(Math.max(1, 10 - name.length()));
        return colors ? level.color + name + RESET + padded.substring(name.length()) : padded;
    }
}
