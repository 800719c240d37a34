package dev.javicorn.worker;

import java.util.Comparator;
import java.util.Map;

/**
 * Why a JVM is still alive: the stacks of its non-daemon threads, which are what keeps a JVM from
 * exiting, plus any thread running a shutdown hook (hooks run in non-daemon threads too).
 *
 * <p>Runs on the worker's control thread, which stays responsive even while {@code System.exit}
 * is stuck in a hook, so the supervisor can ask for this just before it kills the worker.
 */
final class Diagnostics {
    private static final int MAX_FRAMES = 24;

    private Diagnostics() {}

    static String liveThreads() {
        StringBuilder out = new StringBuilder();
        Map<Thread, StackTraceElement[]> stacks = Thread.getAllStackTraces();
        stacks.entrySet().stream()
                .filter(e -> !e.getKey().isDaemon() && e.getKey() != Thread.currentThread())
                .filter(e -> !e.getKey().getName().equals("DestroyJavaVM"))
                .sorted(Comparator.comparing(e -> e.getKey().getName()))
                .forEach(e -> {
                    Thread thread = e.getKey();
                    out.append('"').append(thread.getName()).append("\" ").append(thread.getState());
                    out.append(thread.isVirtual() ? " (virtual)" : "").append('\n');
                    StackTraceElement[] frames = e.getValue();
                    for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
                        out.append("    at ").append(frames[i]).append('\n');
                    }
                    if (frames.length > MAX_FRAMES) {
                        out.append("    ... ").append(frames.length - MAX_FRAMES).append(" more\n");
                    }
                });
        return out.isEmpty() ? "(no non-daemon thread: the JVM is busy in native code or exiting)\n" : out.toString();
    }
}
