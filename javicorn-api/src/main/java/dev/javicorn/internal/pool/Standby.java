package dev.javicorn.internal.pool;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Worker JVMs started before any pool asks for them, so that a pool created in an app's startup
 * finds its workers already up. javicorn's spare workers use it: while a spare waits for the
 * next build it starts as many pool workers as the app it replaces used, and the app's
 * {@code ProcessPool.create} then takes them instead of waiting for new JVMs.
 *
 * <p>A standby worker is an ordinary pool worker that has not been given a task yet: it has the
 * default JVM options and the owner's classpath, so only pools with default JVM options take
 * one. It needs no care when unused: it exits, like any pool worker, when its owner does.
 */
public final class Standby {
    private static final ArrayDeque<Worker> waiting = new ArrayDeque<>();
    private static final AtomicInteger wanted = new AtomicInteger();
    private static List<String> command;

    private Standby() {}

    /** Starts {@code count} workers for the pools this process will create; best effort. */
    public static synchronized void prestart(int count) {
        command = ChildCommand.build(List.of());
        var standbyCommand = new ArrayList<>(command);
        standbyCommand.add(ChildCommand.STANDBY);
        for (int i = 0; i < count; i++) {
            try {
                waiting.add(Worker.start(standbyCommand));
            } catch (IOException e) {
                return; // the pool will try again, and report the failure, when it is created
            }
        }
        if (count > 0) {
            RoundTrip.warmUp();
        }
    }

    /** How many workers the pools created so far in this process asked for. */
    public static int wanted() {
        return wanted.get();
    }

    /** A pool of {@code size} workers with this command is being created. */
    static void created(List<String> poolCommand, int size) {
        if (poolCommand.equals(ChildCommand.build(List.of()))) {
            wanted.addAndGet(size);
        }
    }

    /** A standby worker started with {@code poolCommand}, or null if there is none. */
    static synchronized Worker take(List<String> poolCommand) {
        return poolCommand.equals(command) ? waiting.poll() : null;
    }
}
