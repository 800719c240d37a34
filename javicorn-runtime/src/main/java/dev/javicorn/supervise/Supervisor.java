package dev.javicorn.supervise;

import dev.javicorn.log.Log;
import dev.javicorn.watch.ChangeSet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The control loop: the one thread that starts, swaps, stops and kills workers.
 *
 * <p>It keeps {@code desired} workers serving. A worker that dies on its own is replaced, with an
 * exponential backoff when deaths repeat; if no worker has ever become ready, the app cannot start
 * and the loop ends with the worker's exit status. A swap (rolling restart, reload) starts the new
 * worker first and stops the old one only once the new one is ready; if the new one fails, the old
 * one keeps serving. INT or TERM stop every worker in parallel; a second INT kills them at once.
 * Every wait has a deadline (see {@link WorkerState}), so {@link #run} always returns.
 */
public final class Supervisor {
    private static final Duration BACKOFF_MIN = Duration.ofMillis(100);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(10);
    private static final Duration STABLE = Duration.ofSeconds(10);

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Reloadable reloadable;
    private final SpareLaunchers spareLaunchers;
    private WorkerProcess.Launcher launcher;
    private final Duration grace;
    private final Duration startupTimeout;
    private final Health health;
    private final LongSupplier clock;
    private final List<Worker> workers = new ArrayList<>();
    /** New worker -> the old worker it replaces once ready. */
    private final Map<Worker, Worker> swaps = new HashMap<>();
    private final List<Worker> rolling = new ArrayList<>();
    private final Map<Worker, Long> readySince = new HashMap<>();
    private int desired;
    private int nextId = 1;
    private boolean everReady;
    private boolean stopping;
    private int exitCode;
    private int crashes;
    private long restartAt = Long.MAX_VALUE;
    private Reload reload;
    private ChangeSet pendingChanges;
    /** Worker JVMs started ahead of the next reloads or replacements (see WorkerState.Standby). */
    private final List<Spare> spares = new ArrayList<>();
    private long lastHealthCheck;
    /** False for apps that bind their own port: a replacement can only start once its predecessor is gone. */
    private final boolean overlap;

    /**
     * @param launcher starts workers of the current build; null in reload mode when the first build
     *     failed (the loop then waits for a change)
     * @param reloadable the app's build in reload mode, or null
     * @param spareLaunchers launchers of spare workers, or returning null when the app cannot use spares
     */
    public Supervisor(WorkerProcess.Launcher launcher, Reloadable reloadable, SpareLaunchers spareLaunchers,
                      boolean overlap, int workers, Duration grace, Duration startupTimeout, Health health,
                      LongSupplier clock) {
        this.overlap = overlap;
        this.launcher = launcher;
        this.spareLaunchers = spareLaunchers;
        this.health = health;
        this.reloadable = reloadable;
        this.desired = workers;
        this.grace = grace;
        this.startupTimeout = startupTimeout;
        this.clock = clock;
    }

    /** Starts spare workers. */
    @FunctionalInterface
    public interface SpareLaunchers {
        /**
         * A launcher of spares for the current build ({@code buildsAhead} 0) or the successful build
         * {@code buildsAhead} from now, whose JVM starts {@code poolWorkers} process-pool workers
         * ahead (as many as the app used); null when the app cannot use spares.
         */
        WorkerProcess.Launcher launcher(int buildsAhead, int poolWorkers);
    }

    /** A spare and the build it runs. */
    private record Spare(Worker worker, int build) {}

    /** Queues an event; callable from any thread (signal handlers, watchers). */
    void post(Event event) {
        events.add(event);
    }

    /** Runs until every worker is gone after a stop, or the app cannot start; returns the exit status. */
    public int run() {
        try {
            replenish();
            while (!(stopping && workers.isEmpty())) {
                long now = clock.getAsLong();
                long wait = Math.max(0, nextDeadline() - now);
                Event event = events.poll(Math.min(wait, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
                long after = clock.getAsLong();
                if (event != null) {
                    handle(event, after);
                }
                workers.removeIf(w -> !w.onDeadline(after, grace));
                checkHealth(after);
                if (!stopping && after >= restartAt) {
                    restartAt = Long.MAX_VALUE;
                    replenish();
                } else if (!stopping && reload == null && restartAt == Long.MAX_VALUE && serving() < desired
                        && workers.stream().noneMatch(Worker::isStopping)) {
                    replenish(); // the second half of a stop-first replacement
                }
            }
            return exitCode;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return exitCode;
        } finally {
            for (Worker w : workers) {
                w.kill(clock.getAsLong());
            }
        }
    }

    private void handle(Event event, long now) {
        switch (event) {
            case Event.Message m -> {
                boolean wasReady = m.worker().isReady();
                m.worker().onMessage(m.line(), now);
                if (!wasReady && m.worker().isReady()) {
                    onReady(m.worker(), now);
                }
            }
            case Event.Exited x -> onExited(x.worker(), x.status(), now);
            case Event.Signal s -> onSignal(s.name(), now);
            case Event.Changed c -> onChanged(c.changes(), now);
        }
    }

    private void onReady(Worker worker, long now) {
        everReady = true;
        readySince.put(worker, now);
        if (reload != null && worker == reload.fresh()) {
            reload.ready(now);
            if (reload.old() == null || reload.old().hasExited() || reload.stopFirst()) {
                finishReload(now);
                return;
            }
        }
        Worker old = swaps.remove(worker);
        if (old != null) {
            old.stop(grace, now);
            continueRolling(now);
        }
        // The next spare starts now, once the old worker was told to stop, rather than once it is
        // gone: a save that follows quickly then finds the spare warm.
        startSpare();
    }

    private void onExited(Worker worker, int status, long now) {
        if (worker.isStandby()) {
            // A spare, or one that was gone when told to load the app.
            spares.removeIf(s -> s.worker() == worker);
            workers.remove(worker);
            worker.onExit(status);
            Log.debug("Spare worker [" + worker.pid() + "] " + describe(status) + ".");
            return;
        }
        boolean expected = worker.isStopping();
        Log.debug("Worker [" + worker.pid() + "] " + describe(status) + ".");
        worker.onExit(status);
        workers.remove(worker);
        Long since = readySince.remove(worker);
        Worker replaced = swaps.remove(worker);
        if (reload != null && worker == reload.old()) {
            reload.oldGone(now);
            if (reload.stopFirst() && !stopping) {
                reload.started(startWorker());
            } else if (reload.isReady()) {
                finishReload(now);
            }
        }
        if (reload != null && worker == reload.fresh() && !reload.isReady()) {
            reload = null;
            if (!stopping) {
                Log.error(worker.failure() != null ? "The reloaded app failed to start: " + worker.failure()
                        : "The reloaded worker [" + worker.pid() + "] " + describe(status) + " before it was ready.");
                Log.warning(replaced != null ? "The old worker [" + replaced.pid() + "] keeps serving; waiting for the next change."
                        : "Waiting for the next change.");
                reloadPending(now);
                startSpare();
            }
            return;
        }
        if (stopping || expected) {
            return;
        }
        String how = describe(status);
        if (!everReady && reloadable != null) {
            Log.error(worker.failure() != null ? "Application startup failed: " + worker.failure()
                    : "Worker [" + worker.pid() + "] " + how + " before it was ready.");
            Log.warning("Waiting for the next change.");
            return;
        }
        if (!everReady) {
            exitCode = exitStatus(status) == 1 ? 1 : 3;
            Log.error(worker.failure() != null ? "Application startup failed: " + worker.failure()
                    : "Worker [" + worker.pid() + "] " + how + " before it was ready.");
            beginStop(now);
            return;
        }
        if (replaced != null) {
            Log.error("New worker [" + worker.pid() + "] " + how + " before it was ready; the old worker [" + replaced.pid()
                    + "] keeps serving.");
            rolling.clear();
            return;
        }
        crashes = since != null && now - since >= STABLE.toNanos() ? 1 : crashes + 1;
        Duration backoff = backoff(crashes);
        Log.error("Worker [" + worker.pid() + "] " + how + "; starting a new one"
                + (crashes > 1 ? " in " + backoff.toMillis() + " ms" : "") + ".");
        restartAt = crashes > 1 ? now + backoff.toNanos() : now;
    }

    private void onSignal(String name, long now) {
        switch (name) {
            case "INT", "TERM" -> {
                if (stopping && name.equals("INT")) {
                    Log.warning("Killing workers at once.");
                    workers.forEach(w -> w.kill(now));
                } else if (!stopping) {
                    beginStop(now);
                }
            }
            case "HUP" -> {
                if (!stopping && rolling.isEmpty()) {
                    Log.info("Received SIGHUP: restarting workers one at a time.");
                    rolling.addAll(active().toList());
                    continueRolling(now);
                }
            }
            case "TTIN" -> {
                desired++;
                Log.info("Received SIGTTIN: increasing workers to " + desired + ".");
                startOrActivate(now);
            }
            case "TTOU" -> {
                if (desired > 1) {
                    desired--;
                    Log.info("Received SIGTTOU: decreasing workers to " + desired + ".");
                    // Not one half of a swap: stopping a replacement would leave its predecessor
                    // serving but marked as replaced, never recycled or health-checked again.
                    active().filter(w -> !swaps.containsKey(w) && !swaps.containsValue(w))
                            .reduce((a, b) -> b).ifPresent(w -> w.stop(grace, now));
                }
            }
            default -> Log.debug("Ignoring signal " + name);
        }
    }

    /**
     * Replaces {@code old} with a new worker, stopping the old one only once the new one is ready;
     * for an app that binds its own port, stops the old one first (the loop starts the new one
     * once it is gone).
     */
    void swap(Worker old) {
        if (overlap) {
            swaps.put(startOrActivate(clock.getAsLong()), old);
        } else {
            old.stop(grace, clock.getAsLong());
        }
    }

    private void continueRolling(long now) {
        while (!rolling.isEmpty()) {
            Worker next = rolling.removeFirst();
            // A worker already being replaced (recycled, or found unhealthy) is left to that swap: a
            // second replacement of it would be one worker too many once both are ready.
            if (!next.isStopping() && !next.hasExited() && !swaps.containsValue(next)) {
                swap(next);
                return;
            }
        }
    }

    /**
     * Pings ready workers, and replaces (new one ready first) a worker that stopped answering or
     * that has served its share of requests.
     */
    private void checkHealth(long now) {
        if (stopping) {
            return;
        }
        if (now - lastHealthCheck > 2 * health.interval().toNanos()) {
            workers.forEach(w -> w.excuse(now));
        }
        lastHealthCheck = now;
        for (Worker w : List.copyOf(workers)) {
            if (!w.isReady() || swaps.containsValue(w)) {
                continue;
            }
            w.ping(now, health.interval());
            if (w.unhealthy(now, health.timeout()) && w.markReplacing()) {
                Log.error("Worker [" + w.pid() + "] did not prove it can serve within " + health.timeout().toMillis()
                        + " ms; replacing it.");
                w.requestDump();
                swap(w);
            } else if (health.recycleAfter(w) && w.markReplacing()) {
                Log.info("Worker [" + w.pid() + "] served " + w.served() + " requests; recycling it.");
                swap(w);
            }
        }
    }

    private void onChanged(ChangeSet changes, long now) {
        if (stopping || reloadable == null) {
            return;
        }
        if (reload != null) {
            // Never lost: the changes made during a reload start one more reload after it.
            pendingChanges = pendingChanges == null ? changes : pendingChanges.then(changes);
            return;
        }
        Log.warning("Detected changes in " + changes.describe(3) + ". Reloading...");
        WorkerProcess.Launcher next = reloadable.rebuild(changes);
        long built = clock.getAsLong();
        if (next == null) {
            Log.warning(workers.isEmpty() ? "Waiting for the next change." : "The last good worker keeps serving; waiting for the next change.");
            return;
        }
        launcher = next;
        restartAt = Long.MAX_VALUE;
        boolean sparesValid = reloadable.takeSpareValidity();
        for (Spare s : List.copyOf(spares)) {
            if (!sparesValid || s.build() < build()) {
                s.worker().stop(grace, built);
                spares.remove(s);
            }
        }
        Worker old = active().filter(w -> !swaps.containsValue(w)).findFirst().orElse(null);
        reload = new Reload(now, built, old, old != null && reloadable.stopBeforeStart());
        if (old == null) {
            reload.started(startOrActivate(built));
        } else if (reload.stopFirst()) {
            old.stop(grace, built);
        } else {
            Worker fresh = startOrActivate(built);
            swaps.put(fresh, old);
            reload.started(fresh);
        }
    }

    /** The current build's spare, told to load the app, if there is one; else a worker started now. */
    private Worker startOrActivate(long now) {
        Spare ready = spares.stream().filter(s -> s.build() == build()).findFirst().orElse(null);
        if (ready != null) {
            spares.remove(ready);
            if (ready.worker().activate(now, startupTimeout)) {
                Log.debug("Using spare worker [" + ready.worker().pid() + "].");
                return ready.worker();
            }
        }
        return startWorker();
    }

    /**
     * Tops the spares up, now that the machine is quiet: their JVM start and warm-up are then off
     * the critical path of the next saves, crash or swap. In reload mode two, for the next two
     * builds: a save that comes right after the last one was served then finds one warm, while the
     * one started then is still booting. Otherwise one, for replacements.
     */
    private void startSpare() {
        if (stopping || launcher == null) {
            return;
        }
        int first = reloadable != null ? 1 : 0;
        int count = reloadable != null ? 2 : 1;
        int poolWorkers = active().mapToInt(Worker::poolWorkers).max().orElse(0);
        for (int ahead = first; ahead < first + count; ahead++) {
            int build = build() + ahead;
            if (spares.stream().anyMatch(s -> s.build() == build)) {
                continue;
            }
            WorkerProcess.Launcher next = spareLaunchers.launcher(ahead, poolWorkers);
            if (next == null) {
                return;
            }
            Worker spare = Worker.standby(nextId++, next, events);
            workers.add(spare);
            spares.add(new Spare(spare, build));
        }
    }

    /** The build workers started now run (see Reloadable#generation); 0 without reloads. */
    private int build() {
        return reloadable == null ? 0 : reloadable.generation();
    }

    /** Workers that serve or are starting to: not stopping, not spares. */
    private java.util.stream.Stream<Worker> active() {
        return workers.stream().filter(w -> !w.isStopping() && !w.isStandby());
    }

    private void finishReload(long now) {
        reload.report(now);
        reload = null;
        reloadPending(now);
        startSpare();
    }

    private void reloadPending(long now) {
        if (pendingChanges != null) {
            ChangeSet changes = pendingChanges;
            pendingChanges = null;
            onChanged(changes, now);
        }
    }

    private void replenish() {
        while (launcher != null && serving() < desired) {
            startOrActivate(clock.getAsLong());
        }
    }

    private void beginStop(long now) {
        stopping = true;
        rolling.clear();
        for (Worker w : List.copyOf(workers)) {
            w.stop(grace, now);
        }
    }

    private Worker startWorker() {
        Worker worker = Worker.start(nextId++, launcher, events, clock.getAsLong(), startupTimeout);
        workers.add(worker);
        return worker;
    }

    /** Workers that are starting or serving and not being replaced. */
    private long serving() {
        return active().filter(w -> !swaps.containsValue(w)).count();
    }

    private long nextDeadline() {
        long next = restartAt;
        for (Worker w : workers) {
            next = Math.min(next, w.nextDeadline());
        }
        return next;
    }

    static Duration backoff(int crashes) {
        long millis = BACKOFF_MIN.toMillis() << Math.min(crashes - 1, 20);
        return Duration.ofMillis(Math.min(millis, BACKOFF_MAX.toMillis()));
    }

    static int exitStatus(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
    }

    static String describe(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal == 0 ? "exited with status " + ((waitStatus >> 8) & 0xff)
                : "was killed by signal " + signal + (signal == 9 ? " (SIGKILL)" : signal == 15 ? " (SIGTERM)" : signal == 6 ? " (SIGABRT)" : "");
    }
}
