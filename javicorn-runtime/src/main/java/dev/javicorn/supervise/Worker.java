package dev.javicorn.supervise;

import dev.javicorn.log.Log;
import dev.javicorn.process.ProcessTree;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Queue;

/**
 * The control loop's handle on one worker: its state and the verbs that move it. Only the control
 * loop calls these methods; the worker's own threads reach the loop through the event queue.
 */
final class Worker {
    /**
     * How long before the deadline a draining worker is asked for its thread stacks, at most. A
     * worker whose handlers spin on every core answers slowly: 500 ms was not always enough.
     */
    private static final Duration DUMP_LEAD = Duration.ofMillis(1000);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final int id;
    private final WorkerProcess process;
    private WorkerState state;
    private String failure;
    private boolean dumpRequested;
    private String dump;
    private long lastPong;
    private long nextPing;
    private long served;
    private int poolWorkers;
    private boolean replacing;

    private Worker(int id, WorkerProcess.Launcher launcher, Queue<Event> events, WorkerState initial) {
        this.id = id;
        this.state = initial;
        this.process = launcher.launch(new WorkerProcess.Listener() {
            @Override
            public void message(String line) {
                events.add(new Event.Message(Worker.this, line));
            }

            @Override
            public void exited(int waitStatus) {
                events.add(new Event.Exited(Worker.this, waitStatus));
            }
        });
    }

    static Worker start(int id, WorkerProcess.Launcher launcher, Queue<Event> events, long now, Duration startupTimeout) {
        return new Worker(id, launcher, events, new WorkerState.Starting(now + startupTimeout.toNanos()));
    }

    /** Starts a spare: a worker JVM that warms up and then waits for {@link #activate}. */
    static Worker standby(int id, WorkerProcess.Launcher launcher, Queue<Event> events) {
        return new Worker(id, launcher, events, new WorkerState.Standby());
    }

    boolean isStandby() {
        return state instanceof WorkerState.Standby;
    }

    /** Tells a spare to load the app; false if it is gone. */
    boolean activate(long now, Duration startupTimeout) {
        if (!isStandby() || !process.send("GO")) {
            return false;
        }
        state = new WorkerState.Starting(now + startupTimeout.toNanos());
        return true;
    }

    int id() {
        return id;
    }

    long pid() {
        return process.pid();
    }

    WorkerState state() {
        return state;
    }

    boolean isReady() {
        return state instanceof WorkerState.Ready;
    }

    boolean isStopping() {
        return state instanceof WorkerState.Draining || state instanceof WorkerState.Killed;
    }

    boolean hasExited() {
        return state instanceof WorkerState.Exited;
    }

    /** The reason the worker gave for failing to start, if it gave one. */
    String failure() {
        return failure;
    }

    void onMessage(String line, long now) {
        if (line.equals("READY") && state instanceof WorkerState.Starting) {
            state = new WorkerState.Ready(now);
            lastPong = now;
            nextPing = now;
        } else if (line.equals("WARM")) {
            Log.debug("Spare worker [" + pid() + "] is warm.");
        } else if (line.startsWith("PONG ")) {
            lastPong = now;
            served = Long.parseLong(line.substring(5));
        } else if (line.startsWith("POOL ")) {
            poolWorkers = Integer.parseInt(line.substring(5));
        } else if (line.startsWith("FAILED ")) {
            failure = line.substring(7);
        } else if (line.startsWith("DUMP ")) {
            dump = new String(Base64.getDecoder().decode(line.substring(5)), StandardCharsets.UTF_8);
        } else if (line.startsWith("DUMP+ ") && dump != null) {
            dump += new String(Base64.getDecoder().decode(line.substring(6)), StandardCharsets.UTF_8);
        }
    }

    void onExit(int waitStatus) {
        state = new WorkerState.Exited(waitStatus);
        // Whatever the worker left behind in its session (children ignoring SIGTERM, grandchildren
        // whose parent already exited) goes with it.
        int leftovers = process.killSession();
        if (leftovers > 0) {
            Log.warning("Killed " + leftovers + " process" + (leftovers == 1 ? "" : "es")
                    + " left behind by worker [" + pid() + "].");
        }
    }

    /** Asks the worker to stop accepting, drain, and exit within {@code grace}. */
    void stop(Duration grace, long now) {
        if (state instanceof WorkerState.Starting || state instanceof WorkerState.Ready || isStandby()) {
            state = new WorkerState.Draining(now, now + grace.toNanos());
            if (!process.send("STOP " + grace.toMillis())) {
                kill(now);
            }
        }
    }

    /** Kills the worker and its whole session at once, with no report. */
    void kill(long now) {
        if (!hasExited()) {
            process.killSession();
            state = new WorkerState.Killed(now + KILL_WAIT.toNanos());
        }
    }

    /** Moves the worker on when the deadline of its state has passed. Returns false if it is to be forgotten. */
    boolean onDeadline(long now, Duration grace) {
        switch (state) {
            case WorkerState.Starting s when now >= s.deadline() -> {
                Log.error("Worker [" + pid() + "] was not ready in time; stopping it.");
                stop(grace, now);
            }
            case WorkerState.Draining d when now >= d.deadline() -> killWithReport(now);
            case WorkerState.Draining d when now >= dumpAt(d) && !dumpRequested -> {
                // Asked a little before the deadline, so that the kill itself is not delayed by it.
                dumpRequested = true;
                process.send("DUMP");
            }
            case WorkerState.Killed k when now >= k.deadline() -> {
                Log.error("Worker [" + pid() + "] is still not gone after SIGKILL; giving up on it.");
                return false;
            }
            default -> { }
        }
        return true;
    }

    /**
     * Sends the next health check when it is due. A worker proves it can serve by answering with
     * PONG, which it sends only once a probe went through its request path.
     */
    void ping(long now, Duration interval) {
        if (state instanceof WorkerState.Ready && now >= nextPing) {
            nextPing = now + interval.toNanos();
            process.send("PING");
        }
    }

    /**
     * Forgets how long ago the worker last answered: the loop itself was busy (a compile, a Maven
     * run) and could not read the answers, which is no fault of the worker's.
     */
    void excuse(long now) {
        lastPong = Math.max(lastPong, now);
    }

    /** True if the worker has not proven it can serve for longer than {@code timeout}. */
    boolean unhealthy(long now, Duration timeout) {
        return state instanceof WorkerState.Ready && now - lastPong > timeout.toNanos();
    }

    /**
     * Asks for the thread stacks now, ahead of any stop: those of a worker found unhealthy show
     * what starves it (a request asked for just before the kill deadline may come too late from a
     * worker whose cores are all busy). A later answer replaces this one.
     */
    void requestDump() {
        process.send("DUMP");
    }

    /** How many process-pool workers the app's pools asked for by the time it was ready. */
    int poolWorkers() {
        return poolWorkers;
    }

    /** Requests served, as of the last health check (-1 when the app kind cannot tell). */
    long served() {
        return served;
    }

    /** Marks the worker as being replaced, so that it is replaced only once. */
    boolean markReplacing() {
        boolean first = !replacing;
        replacing = true;
        return first;
    }

    /** The nanoTime of this worker's next deadline, or Long.MAX_VALUE. */
    long nextDeadline() {
        return switch (state) {
            case WorkerState.Starting s -> s.deadline();
            case WorkerState.Draining d -> dumpRequested ? d.deadline() : dumpAt(d);
            case WorkerState.Killed k -> k.deadline();
            case WorkerState.Ready r -> nextPing;
            case WorkerState.Standby s -> Long.MAX_VALUE;
            case WorkerState.Exited e -> Long.MAX_VALUE;
        };
    }

    private long dumpAt(WorkerState.Draining d) {
        return d.deadline() - Math.min(DUMP_LEAD.toNanos(), (d.deadline() - d.since()) / 2);
    }

    private void killWithReport(long now) {
        String threads = dump;
        List<ProcessTree.Proc> children = process.children();
        StringBuilder report = new StringBuilder("Worker [" + pid() + "] did not stop in time; killing it and its processes.");
        report.append(threads == null
                ? "\n  It did not answer the request for its thread stacks (busy in native code, or out of memory?)."
                : "\n  Threads keeping it alive:\n" + threads.indent(4).stripTrailing());
        if (!children.isEmpty()) {
            report.append("\n  Processes it started that are still running:");
            for (ProcessTree.Proc child : children) {
                report.append("\n    [").append(child.pid()).append("] ").append(child.command());
            }
        }
        Log.warning(report.toString());
        kill(now);
    }
}
