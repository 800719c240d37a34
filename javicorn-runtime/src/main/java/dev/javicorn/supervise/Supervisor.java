package dev.javicorn.supervise;

import dev.javicorn.log.Log;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The control loop: the one thread that starts, swaps, stops and kills workers.
 *
 * <p>Each turn takes the events queued since the last one (worker messages and exits, signals,
 * file changes, finished builds), moves workers whose deadline has passed, and reconciles the
 * fleet with what is wanted ({@link Fleet#reconcile}). Nothing on the loop waits for anything but
 * the next event or deadline: builds run on the builder's thread and come back as events. INT or
 * TERM stop every worker in parallel and cancel a build in progress; a second INT kills the
 * workers at once. Every wait has a deadline (see {@link WorkerState}), so {@link #run} always
 * returns.
 *
 * <p>An unexpected exception on the loop is one log line; the workers are then stopped within the
 * usual bounds and javicorn ends with status 1.
 */
public final class Supervisor {
    private static final long MAX_WAIT = TimeUnit.SECONDS.toNanos(1);
    private static final int EXIT_INTERNAL = 1;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Policy policy;
    private final LongSupplier clock;
    private final Fleet fleet;
    private final List<Observer> observers = new ArrayList<>();
    private Builder builder;
    private boolean stopping;
    /** An internal error while stopping: the workers are killed and the loop ends at once. */
    private boolean abandoned;
    private int exitCode;
    /** The reload in progress, from a change until its build serves and the old one is gone; or null. */
    private Reload reload;
    /** When the rolling restart in progress began (a HUP), or -1. */
    private long restartSince = -1;

    Supervisor(Policy policy, LongSupplier clock) {
        this.policy = policy;
        this.clock = clock;
        this.fleet = new Fleet(events, policy);
    }

    /** Builds the app and runs the fleet; see {@link Builder}. */
    interface Builder extends AutoCloseable {
        /** Starts the first build on a thread of its own; its outcome is posted as an event. */
        void start();

        /**
         * Starts a build after {@code changes}; a build still running is cancelled first (its
         * processes killed) and its changes carried into the new one.
         */
        void rebuild(dev.javicorn.watch.ChangeSet changes);

        /** Cancels a build still running, killing its processes; posts nothing more. */
        @Override
        void close();
    }

    /**
     * Shows {@code observer} a {@link Snapshot} at the end of every turn, stopping included, and
     * at the moment a stop begins, before any worker is told to stop. Before {@link #run} only.
     */
    void observe(Observer observer) {
        observers.add(observer);
    }

    /** Queues an event; callable from any thread (signal handlers, watchers, builds). */
    void post(Event event) {
        events.add(event);
    }

    /** Runs until every worker is gone after a stop, or the app cannot start; returns the exit status. */
    int run(Builder builder) {
        start(builder);
        try {
            while (!finished()) {
                turn(true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            fleet.killAll(clock.getAsLong());
            builder.close();
        }
        return exitCode;
    }

    void start(Builder builder) {
        this.builder = builder;
        builder.start();
    }

    boolean finished() {
        return stopping && fleet.isEmpty() || abandoned;
    }

    /**
     * One turn of the loop: waits for the next event or deadline (at most a second) when
     * {@code wait} is true, handles every event queued, then the deadlines, then reconciles.
     */
    void turn(boolean wait) throws InterruptedException {
        long now = clock.getAsLong();
        long next = fleet.nextDeadline(now);
        for (Observer observer : observers) {
            next = Math.min(next, observer.nextTurn());
        }
        long timeout = wait ? Math.clamp(next - now, 0, MAX_WAIT) : 0;
        Event event = events.poll(timeout, TimeUnit.NANOSECONDS);
        try {
            for (; event != null; event = events.poll()) {
                handle(event, clock.getAsLong());
            }
            long after = clock.getAsLong();
            fleet.forEachDeadline(after);
            if (!stopping) {
                fleet.reconcile(after);
                if (fleet.cannotStart()) {
                    stop(Server.EXIT_CONFIG, after);
                }
                reportReload(after);
                reportRestart(after);
            }
            publish(after);
        } catch (RuntimeException | Error e) {
            internalError(e);
        }
    }

    Fleet fleet() {
        return fleet;
    }

    private void handle(Event event, long now) {
        switch (event) {
            case Event.Message m -> m.worker().onMessage(m.message(), now);
            case Event.Exited x -> fleet.onExited(x.worker(), x.status(), now).ifPresent(code -> stop(code, now));
            case Event.Signal s -> onSignal(s.name(), now);
            case Event.Changed c -> onChanged(c, now);
            case Event.Built b -> {
                if (!stopping) {
                    if (reload != null) {
                        reload.built(now, fleet.stream().anyMatch(Worker::isServing), !b.build().sharesSocket());
                    }
                    fleet.use(b.build(), now);
                }
            }
            case Event.BuildFailed f -> onBuildFailed(f, now);
        }
    }

    private void onSignal(String name, long now) {
        switch (name) {
            case "INT", "TERM" -> {
                if (stopping && name.equals("INT")) {
                    Log.warning("Killing workers at once.");
                    fleet.killAll(now);
                } else if (!stopping) {
                    stop(0, now);
                }
            }
            case "HUP" -> {
                if (!stopping) {
                    Log.info("Received SIGHUP: restarting workers one at a time.");
                    restartSince = restartSince < 0 ? now : restartSince;
                    fleet.restartAll();
                }
            }
            case "TTIN", "TTOU" -> {
                fleet.resize(name.equals("TTIN") ? 1 : -1);
                Log.info("Received SIG" + name + ": " + (name.equals("TTIN") ? "increasing" : "decreasing")
                        + " workers to " + fleet.desired() + ".");
            }
            default -> Log.debug("Ignoring signal " + name);
        }
    }

    private void onChanged(Event.Changed changed, long now) {
        if (stopping || !policy.reload()) {
            return;
        }
        Log.warning("Detected changes in " + changed.changes().describe(3) + ". Reloading...");
        reload = new Reload(now);
        builder.rebuild(changed.changes());
    }

    private void onBuildFailed(Event.BuildFailed failed, long now) {
        if (stopping) {
            return;
        }
        reload = null;
        if (failed.fatal() || !policy.reload()) {
            stop(failed.exitCode(), now);
        } else {
            Log.warning(fleet.anyServing() ? "The last good worker keeps serving; waiting for the next change."
                    : "Waiting for the next change.");
        }
    }

    private void reportReload(long now) {
        if (reload == null || !reload.isBuilt()) {
            return;
        }
        if (fleet.currentServes()) {
            reload.ready(now);
        }
        if (!fleet.hasOlderWorkers()) {
            reload.oldGone(now);
        }
        if (reload.reportIfDone(now)) {
            fleet.tally().reloaded(reload.servedAfter());
            reload = null;
        }
    }

    /** Counts a rolling restart once its last old worker is gone (one that failed is not counted). */
    private void reportRestart(long now) {
        if (restartSince >= 0 && !fleet.swapping()) {
            if (!fleet.currentEpochFailed()) {
                fleet.tally().restarted(now - restartSince);
            }
            restartSince = -1;
        }
    }

    /** Where javicorn is: see {@link Phase}. */
    Phase phase() {
        if (stopping) {
            return Phase.STOPPING;
        } else if (!fleet.everReady()) {
            return Phase.STARTING;
        }
        boolean reloading = reload != null && !fleet.currentEpochFailed();
        return reloading || fleet.swapping() ? Phase.RELOADING : Phase.READY;
    }

    private void publish(long now) {
        if (observers.isEmpty()) {
            return;
        }
        Snapshot snapshot = Snapshot.of(fleet, now, phase());
        for (Observer observer : observers) {
            observer.turned(snapshot);
        }
    }

    /** Stops every worker and cancels any build; javicorn then ends with {@code status}. */
    private void stop(int status, long now) {
        stopping = true;
        exitCode = status;
        publish(now); // a load balancer hears of the stop before any worker stops accepting
        builder.close();
        fleet.stopAll(now);
    }

    private void internalError(Throwable e) {
        Log.error("Internal error in the supervisor: " + e + (e.getCause() != null ? " (caused by " + e.getCause() + ")" : "")
                + (stopping ? "; killing the workers." : "; stopping the workers."));
        long now = clock.getAsLong();
        if (stopping) {
            abandoned = true;
        } else {
            stop(EXIT_INTERNAL, now);
        }
        if (exitCode == 0) {
            exitCode = EXIT_INTERNAL;
        }
    }
}
