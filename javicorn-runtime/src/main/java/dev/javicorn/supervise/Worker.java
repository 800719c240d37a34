package dev.javicorn.supervise;

import dev.javicorn.log.Log;
import dev.javicorn.process.Control;
import dev.javicorn.process.ProcessTree;

import java.time.Duration;
import java.util.List;
import java.util.Queue;

/**
 * The control loop's handle on one worker: its process, its state ({@link WorkerState}), its role
 * ({@link Role}) and the verbs that move them. Only the control loop calls these methods; the
 * worker's own threads reach the loop through the event queue.
 */
final class Worker {
    /**
     * How long before the deadline a draining worker is asked for its thread stacks, at most. A
     * worker whose handlers spin on every core answers slowly: 500 ms was not always enough.
     */
    private static final Duration DUMP_LEAD = Duration.ofMillis(1000);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    /**
     * A worker's first health check waits this long after READY: it loads the JDK's management
     * classes (the deadlock check), work that would otherwise delay the first requests of a cold worker.
     */
    private static final Duration FIRST_PING_AFTER = Duration.ofMillis(250);
    /**
     * The longest a worker may stay silent while its JVM writes its start-up cache recording
     * (a few seconds for the examples on two busy cores; their health checks then went unanswered).
     */
    private static final Duration RECORDING_PAUSE = Duration.ofSeconds(60);

    private final WorkerProcess process;
    /** The fleet's epoch this worker runs (a spare's, once activated): a build or a rolling restart later, it is outdated. */
    private int epoch;
    /** Recycle after this many requests (--limit-max-requests plus jitter); 0 for never. */
    private final long requestLimit;
    private WorkerState state;
    private Role role;
    /** Set when the worker is to be replaced although its epoch is current (recycle, health). */
    private Role.Reason replaceFor;
    private String failure;
    /** A spare said WARM: its JVM has booted and warmed up. */
    private boolean warm;
    private boolean dumpRequested;
    private String dump;
    /** False once a new dump was asked for: its first answer replaces the old one, later ones append. */
    private boolean dumpFresh;
    /** The worker said EXITING: it has stopped, and its JVM exits. */
    private boolean exiting;
    private long lastPong;
    /** Until when the worker's silence is excused: it writes its start-up cache recording. */
    private long excusedUntil;
    private long nextPing;
    private long served;
    private int inFlight = -1;
    private int poolWorkers;
    /** The stacks of deadlocked threads the worker reported, or null. */
    private String deadlock;

    /**
     * Launches a worker; its reader and reaper threads queue its messages and exit on {@code events}.
     *
     * @throws RuntimeException when the process cannot be started (a failed posix_spawn)
     */
    Worker(WorkerProcess.Launcher launcher, Queue<Event> events, WorkerState initial, Role role, int epoch,
           long requestLimit) {
        this.state = initial;
        this.role = role;
        this.epoch = epoch;
        this.requestLimit = requestLimit;
        this.process = launcher.launch(new WorkerProcess.Listener() {
            @Override
            public void message(Control.ToSupervisor message) {
                events.add(new Event.Message(Worker.this, message));
            }

            @Override
            public void exited(int waitStatus) {
                events.add(new Event.Exited(Worker.this, waitStatus));
            }
        });
    }

    long pid() {
        return process.pid();
    }

    Role role() {
        return role;
    }

    void role(Role role) {
        this.role = role;
    }

    int epoch() {
        return epoch;
    }

    boolean isServing() {
        return role instanceof Role.Serving;
    }

    boolean isReady() {
        return state instanceof WorkerState.Ready;
    }

    boolean isStarting() {
        return state instanceof WorkerState.Starting;
    }

    /** A spare that has not said WARM yet: its JVM still boots. */
    boolean isWarmingUp() {
        return role instanceof Role.Spare && state instanceof WorkerState.Standby && !warm;
    }

    boolean isStopping() {
        return state instanceof WorkerState.Draining || state instanceof WorkerState.Killed;
    }

    /** The state's name for metrics: {@code standby}, {@code starting}, {@code ready}, {@code draining}, {@code killed}. */
    String stateName() {
        return state.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    boolean hasExited() {
        return state instanceof WorkerState.Exited;
    }

    /** When the worker became ready, while it is; empty before, and once it stops or exits. */
    java.util.OptionalLong readySince() {
        return state instanceof WorkerState.Ready r ? java.util.OptionalLong.of(r.since()) : java.util.OptionalLong.empty();
    }

    /** Why this worker is to be replaced although it runs the current epoch, or null. */
    Role.Reason replaceFor() {
        return replaceFor;
    }

    void replaceFor(Role.Reason reason) {
        if (replaceFor == null) {
            replaceFor = reason;
        }
    }

    /** The reason the worker gave for failing to start, if it gave one. */
    String failure() {
        return failure;
    }

    /** Tells a spare to load the app; false if it is gone. */
    boolean activate(long now, Duration startupTimeout, Role role, int epoch) {
        if (!(state instanceof WorkerState.Standby) || !process.send(new Control.Go())) {
            return false;
        }
        state = new WorkerState.Starting(now, now + startupTimeout.toNanos());
        this.role = role;
        this.epoch = epoch;
        return true;
    }

    void onMessage(Control.ToSupervisor message, long now) {
        switch (message) {
            case Control.Ready r when state instanceof WorkerState.Starting && !(role instanceof Role.MakingCache) -> {
                state = new WorkerState.Ready(now);
                lastPong = now;
                nextPing = now + FIRST_PING_AFTER.toNanos();
            }
            case Control.Warm w -> {
                warm = true;
                Log.debug("Spare worker [" + pid() + "] is warm.");
            }
            case Control.Pong p -> {
                lastPong = now;
                served = p.served();
                inFlight = p.inFlight();
            }
            case Control.Pool p -> poolWorkers = p.workers();
            case Control.EndingRecording e -> excusedUntil = now + RECORDING_PAUSE.toNanos();
            case Control.Recorded r -> {
                excusedUntil = 0;
                lastPong = Math.max(lastPong, now);
            }
            case Control.Deadlock d -> deadlock = d.stacks();
            case Control.Failed f -> failure = f.reason();
            case Control.Threads t -> {
                dump = dumpFresh ? dump + t.stacks() : t.stacks();
                dumpFresh = true;
            }
            case Control.Exiting e -> {
                exiting = true;
                if (dumpRequested) {
                    requestDump(); // the stacks of its exit replace those it sent before
                }
            }
            default -> { }
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

    /** Asks the worker to stop accepting, drain, and exit within {@code grace}; it is retiring from now on. */
    void retire(Role.Reason reason, Duration grace, long now) {
        if (!isStopping() && !hasExited()) {
            role = new Role.Retiring(reason);
            drain(grace, now, reason != Role.Reason.STOP && reason != Role.Reason.FEWER);
        }
    }

    /**
     * Stops the worker, keeping its role: its end then counts as what its role makes it (a failed
     * start). {@code restart}: another worker takes over, so its clients should come back.
     */
    private void drain(Duration grace, long now, boolean restart) {
        state = new WorkerState.Draining(now, now + grace.toNanos());
        if (!process.send(new Control.Stop(grace, restart))) {
            kill(now);
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
        if (role instanceof Role.MakingCache m && now >= m.deadline() && !isStopping() && !hasExited()) {
            Log.warning("Making the start-up cache [" + pid() + "] did not end in time; killing it.");
            kill(now);
            return true;
        }
        switch (state) {
            case WorkerState.Starting s when now >= s.deadline() -> {
                List<String> listening = process.listening();
                Log.error("Worker [" + pid() + "] was not ready within " + Duration.ofNanos(now - s.since()).toSeconds()
                        + " s (--timeout-startup); stopping it. " + (listening.isEmpty()
                        ? "Its processes listen on no TCP port."
                        : "Its processes listen on " + String.join(", ", listening) + "."));
                drain(grace, now, true);
            }
            case WorkerState.Draining d when now >= d.deadline() -> killWithReport(now);
            case WorkerState.Draining d when now >= dumpAt(d) && !dumpRequested -> {
                // Asked a little before the deadline, so that the kill itself is not delayed by it.
                dumpRequested = true;
                requestDump();
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
        if (isReady() && now >= nextPing) {
            nextPing = now + interval.toNanos();
            process.send(new Control.Ping());
        }
    }

    /**
     * Forgets how long ago the worker last answered: the loop itself could not read the answers
     * (the machine was suspended), which is no fault of the worker's.
     */
    void excuse(long now) {
        lastPong = Math.max(lastPong, now);
    }

    /** True if the worker has not proven it can serve for longer than {@code timeout}. */
    boolean unhealthy(long now, Duration timeout) {
        return isReady() && now > excusedUntil && now - Math.max(lastPong, excusedUntil) > timeout.toNanos();
    }

    /** The stacks of the worker's deadlocked threads, if it reported any. */
    java.util.Optional<String> deadlock() {
        return java.util.Optional.ofNullable(deadlock);
    }

    /** True once the worker has served its share of requests (never when the app kind cannot tell). */
    boolean servedItsShare() {
        return requestLimit > 0 && served >= requestLimit;
    }

    /**
     * Asks for the thread stacks now, ahead of any stop: those of a worker found unhealthy show
     * what starves it. A later answer replaces this one.
     */
    void requestDump() {
        dumpFresh = false;
        process.send(new Control.Dump());
    }

    /** How many process-pool workers the app's pools asked for by the time it was ready. */
    int poolWorkers() {
        return poolWorkers;
    }

    /** Requests served, as of the last health check (-1 when the app kind cannot tell). */
    long served() {
        return served;
    }

    /** Requests in flight, as of the last health check (-1 when the app kind cannot tell). */
    int inFlight() {
        return inFlight;
    }

    /** The nanoTime of this worker's next deadline, or Long.MAX_VALUE. */
    long nextDeadline() {
        long making = role instanceof Role.MakingCache m ? m.deadline() : Long.MAX_VALUE;
        return Math.min(making, switch (state) {
            case WorkerState.Starting s -> s.deadline();
            case WorkerState.Draining d -> dumpRequested ? d.deadline() : dumpAt(d);
            case WorkerState.Killed k -> k.deadline();
            case WorkerState.Ready r -> nextPing;
            case WorkerState.Standby s -> Long.MAX_VALUE;
            case WorkerState.Exited e -> Long.MAX_VALUE;
        });
    }

    private long dumpAt(WorkerState.Draining d) {
        return d.deadline() - Math.min(DUMP_LEAD.toNanos(), (d.deadline() - d.since()) / 2);
    }

    /**
     * Kills a worker whose grace is over, saying why. One that said EXITING and has not answered
     * for its stacks since is in the JVM's own teardown, past the app's last line, where no thread
     * answers: nothing of the app's is left to diagnose.
     */
    private void killWithReport(long now) {
        String threads = dump;
        if (exiting && threads == null) {
            Log.info("Worker [" + pid() + "] had stopped, but its JVM was still exiting at the deadline; killing it.");
            kill(now);
            return;
        }
        List<ProcessTree.Proc> children = process.children();
        StringBuilder report = new StringBuilder("Worker [" + pid() + "] did not stop in time; killing it and its processes.");
        if (exiting) {
            report.append("\n  It had stopped and was running the shutdown hooks of its JVM's exit.");
        }
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
