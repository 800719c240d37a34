package dev.javicorn.worker;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

/**
 * Why a JVM is still alive: the stacks of its non-daemon threads, which are what keeps a JVM from
 * exiting, plus any thread running a shutdown hook (hooks run in non-daemon threads too).
 *
 * <p>Runs on the worker's control thread, which stays responsive even while {@code System.exit}
 * is stuck in a hook, so the supervisor can ask for this just before it kills the worker. The two
 * parts travel as two answers: the platform threads are fast to take, the running virtual threads
 * need the JDK's management classes, slow to load in a busy worker.
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

    /**
     * Virtual threads in state RUNNABLE (request handlers busy on a carrier, or waiting for one),
     * which {@link Thread#getAllStackTraces} does not list: they are what starves a worker whose
     * handlers spin. Taken from the JDK's full thread dump; empty if it cannot be had.
     */
    static String runningVirtualThreads() {
        try {
            Path file = Files.createTempFile("javicorn-threads-", ".txt");
            try {
                Files.delete(file); // dumpThreads refuses to overwrite
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
                StringBuilder out = new StringBuilder();
                for (String block : Files.readString(file).split("\\R\\R")) {
                    String[] lines = block.strip().split("\\R");
                    if (lines.length > 1 && lines[0].contains("\" virtual RUNNABLE")) {
                        out.append(lines[0].substring(lines[0].indexOf('"'), lines[0].lastIndexOf(" RUNNABLE"))).append(" RUNNABLE\n");
                        for (int i = 1; i < Math.min(lines.length, MAX_FRAMES + 1); i++) {
                            out.append("    ").append(lines[i].strip()).append('\n');
                        }
                    }
                }
                return out.toString();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * The threads deadlocked on monitors or {@code java.util.concurrent} locks, each with the lock
     * it waits for, who holds it, and its stack; empty when there are none. Cheap enough for every
     * health check: the JVM walks its lock graph at a safepoint.
     */
    static String deadlocked() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] ids = threads.findDeadlockedThreads();
        if (ids == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (ThreadInfo info : threads.getThreadInfo(ids, true, true)) {
            if (info == null) {
                continue;
            }
            out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState())
                    .append(" on ").append(info.getLockName())
                    .append(" held by \"").append(info.getLockOwnerName()).append("\"\n");
            StackTraceElement[] frames = info.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
                out.append("    at ").append(frames[i]).append('\n');
            }
        }
        return out.toString();
    }
}
