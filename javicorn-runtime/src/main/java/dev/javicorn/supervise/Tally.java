package dev.javicorn.supervise;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What happened to the workers since javicorn started, counted where each end is judged
 * ({@link Exits}) and where a reload or a rolling restart is over ({@link Supervisor}). The
 * metrics read it through {@link Snapshot.Counts}. Control-loop thread only.
 */
final class Tally {
    private final Map<String, Long> exits = new TreeMap<>();
    private final Map<String, Long> crashes = new TreeMap<>();
    private long failedStarts;
    private Snapshot.Timings reloads = Snapshot.Timings.NONE;
    private Snapshot.Timings restarts = Snapshot.Timings.NONE;

    /** A worker asked to go (retiring) has ended. */
    void retired(Role.Reason reason) {
        exits.merge(reason.name().toLowerCase(Locale.ROOT), 1L, Long::sum);
    }

    /** A serving worker ended on its own, with this raw wait status. */
    void crashed(int waitStatus) {
        crashes.merge(cause(waitStatus), 1L, Long::sum);
    }

    void failedStart() {
        failedStarts++;
    }

    void reloaded(long nanos) {
        reloads = reloads.plus(nanos);
    }

    void restarted(long nanos) {
        restarts = restarts.plus(nanos);
    }

    Snapshot.Counts counts() {
        return new Snapshot.Counts(exits, crashes, failedStarts, reloads, restarts);
    }

    /** {@code SIGKILL}, {@code signal 7}, {@code exit 1}: a label value for how a process ended. */
    static String cause(int waitStatus) {
        int signal = waitStatus & 0x7f;
        if (signal == 0) {
            return "exit " + ((waitStatus >> 8) & 0xff);
        }
        return switch (signal) {
            case 6 -> "SIGABRT";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 15 -> "SIGTERM";
            default -> "signal " + signal;
        };
    }
}
