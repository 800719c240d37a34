package dev.javicorn.supervise;

import dev.javicorn.log.Log;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The workers and the wanted state they are reconciled with, the way gunicorn's arbiter manages
 * its workers: on every turn {@link #reconcile} compares what is wanted — {@code desired} serving
 * workers of the current epoch, healthy, with their spares — with the roles the workers have, and
 * acts on the difference. Nothing remembers a piece of a worker's story on the side: a worker's
 * role, epoch and readiness say it all.
 *
 * <p>The epoch grows with each build and each rolling restart; a serving worker of an older epoch
 * is outdated and gets a successor, one at a time. When a successor of the current epoch fails to
 * start, the epoch is marked failed: its old worker keeps serving and no other successor of it is
 * tried (under {@code --reload} no worker at all), until the next build or restart.
 *
 * <p>Control-loop thread only.
 */
final class Fleet {
    /** How long the first worker serves alone before the first spare or start-up cache run boots. */
    static final Duration FIRST_BACKGROUND_AFTER = Duration.ofSeconds(1);
    /**
     * How long a worker that has just taken over (a reload, a replacement) serves alone before a
     * spare boots beside it: two JVMs booting (a spare and its pool's workers) on a small machine
     * slowed the new worker's first requests; 300 ms kept a steady reload's first response 40 ms sooner
     * without slowing early ones (two rounds each, docs/benchmarks.md; 1 s slowed them).
     */
    static final Duration BACKGROUND_AFTER_TAKEOVER = Duration.ofMillis(300);
    private final List<Worker> workers = new ArrayList<>();
    private final Queue<Event> events;
    private final Policy policy;
    private final Crashes crashes = new Crashes();
    private final Tally tally = new Tally();
    private int desired;
    /** The current build; null until the first one is made. */
    private Build build;
    private int epoch;
    private Role.Reason epochReason = Role.Reason.RELOAD;
    private int failedEpoch = -1;
    private boolean everReady;
    /** The start-up cache to make once its recording is complete. */
    private Optional<Build.MakeCache> makeCache = Optional.empty();
    /** When spares and the start-up cache's run may start next (see {@link #backgroundMayStart}). */
    private long backgroundStartAt = Long.MAX_VALUE;
    /** Whether they have been let start once: later, the newest worker serves alone for less long. */
    private boolean backgroundStarted;
    /** No worker could be started, and none ever served: javicorn cannot run the app. */
    private boolean cannotStart;

    Fleet(Queue<Event> events, Policy policy) {
        this.events = events;
        this.policy = policy;
        this.desired = policy.workers();
    }

    boolean isEmpty() {
        return workers.isEmpty();
    }

    boolean everReady() {
        return everReady;
    }

    Tally tally() {
        return tally;
    }

    /** A successor or a retiring worker of an older epoch is still there, and the current epoch has not failed. */
    boolean swapping() {
        return failedEpoch != epoch && hasOlderWorkers();
    }

    /** A start of the current epoch failed: its old workers keep serving until the next build or HUP. */
    boolean currentEpochFailed() {
        return failedEpoch == epoch;
    }

    int desired() {
        return desired;
    }

    /** A new build: its workers replace those of the last one. */
    void use(Build next, long now) {
        build = next;
        epoch++;
        epochReason = Role.Reason.RELOAD;
        failedEpoch = -1;
        if (next.makeCache().isPresent() || next.dependenciesChanged()) {
            makeCache = next.makeCache();
        }
        for (Worker spare : workers(w -> w.role() instanceof Role.Spare s
                && (next.dependenciesChanged() || s.build() < next.number()))) {
            spare.retire(Role.Reason.STALE, policy.grace(), now);
        }
    }

    /** A rolling restart (HUP): every serving worker gets a successor, one at a time. */
    void restartAll() {
        epoch++;
        epochReason = Role.Reason.RESTART;
        failedEpoch = -1;
    }

    void resize(int delta) {
        desired = Math.max(1, desired + delta);
    }

    /** True when a worker of an epoch before the current one still serves, starts or drains. */
    boolean hasOlderWorkers() {
        return workers.stream().anyMatch(w -> w.epoch() < epoch && (w.isServing() || w.role() instanceof Role.Successor
                || w.role() instanceof Role.Retiring r && r.reason() != Role.Reason.STALE));
    }

    /** True when a worker of the current epoch serves. */
    boolean currentServes() {
        return workers.stream().anyMatch(w -> w.epoch() == epoch && w.isServing() && w.isReady());
    }

    /** Acts on the difference between the workers wanted and the workers there are. */
    void reconcile(long now) {
        if (build == null) {
            return;
        }
        promoteReadySuccessors(now);
        // A successor started for a build that a newer one replaced is of no use; a serving worker
        // still starting finishes its start (it may be all there is), then gets a successor.
        for (Worker w : workers(w -> w.epoch() < epoch && !w.isReady() && w.role() instanceof Role.Successor)) {
            w.retire(Role.Reason.STALE, policy.grace(), now);
        }
        List<Worker> serving = workers(w -> w.isServing() && !w.isStopping());
        if (serving.size() > desired) { // one a turn: the newest, preferably one no successor is replacing
            serving.stream().filter(w -> successorOf(w).isEmpty()).reduce((a, b) -> b).orElse(serving.getLast())
                    .retire(Role.Reason.FEWER, policy.grace(), now);
        }
        policy.health().check(workers(w -> w.isServing() && w.isReady() && w.replaceFor() == null), now);
        replaceOneOutdated(now);
        fillGaps(now);
        if (quiet() && backgroundMayStart(now)) {
            startSpares(now);
            startMakingCache(now);
        }
    }

    /**
     * Spares and the start-up cache's run boot JVMs, a core each for a second or more: the first ones wait
     * {@link #FIRST_BACKGROUND_AFTER} after the first worker is ready, so that its first requests
     * do not share the machine with them. Later ones wait only {@link #BACKGROUND_AFTER_TAKEOVER}
     * after the newest worker is ready, for the same reason: a swap under {@code --reload} wants
     * the next spare warm for the next save.
     */
    private boolean backgroundMayStart(long now) {
        Duration alone = backgroundStarted ? BACKGROUND_AFTER_TAKEOVER : FIRST_BACKGROUND_AFTER;
        OptionalLong newest = workers.stream().filter(w -> w.isServing() && w.isReady()).map(Worker::readySince)
                .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).max();
        backgroundStartAt = newest.isPresent() ? newest.getAsLong() + alone.toNanos() : Long.MAX_VALUE;
        backgroundStarted |= now >= backgroundStartAt;
        return now >= backgroundStartAt;
    }

    private void promoteReadySuccessors(long now) {
        for (Worker w : workers(w -> w.role() instanceof Role.Successor && w.isReady())) {
            Role.Successor successor = (Role.Successor) w.role();
            w.role(new Role.Serving());
            successor.replaces().retire(successor.reason(), policy.grace(), now);
        }
        if (workers.stream().anyMatch(w -> w.isServing() && w.isReady())) {
            everReady = true;
        }
    }

    /** Starts a successor for one outdated or condemned worker, if no other successor is starting. */
    private void replaceOneOutdated(long now) {
        if (failedEpoch == epoch || workers.stream().anyMatch(w -> w.role() instanceof Role.Successor)) {
            return;
        }
        Worker old = workers.stream().filter(w -> w.isServing() && w.isReady())
                .filter(w -> w.epoch() < epoch || w.replaceFor() != null).findFirst().orElse(null);
        if (old == null) {
            return;
        }
        Role.Reason reason = old.replaceFor() != null ? old.replaceFor() : epochReason;
        if (build.sharesSocket()) {
            start(new Role.Successor(old, reason), now);
        } else {
            old.retire(reason, policy.grace(), now); // it holds the port: the gap is filled once it is gone
        }
    }

    private void fillGaps(long now) {
        boolean portBusy = !build.sharesSocket() && workers.stream().anyMatch(Worker::isStopping);
        boolean waitForChange = policy.reload() && failedEpoch == epoch;
        // A serving worker that missed its start-up deadline still counts until its end is known.
        long serving = workers.stream().filter(Worker::isServing).count();
        for (long gap = desired - serving; gap > 0 && !portBusy && !waitForChange && crashes.mayRestart(now); gap--) {
            if (start(new Role.Serving(), now).isEmpty()) {
                return;
            }
        }
    }

    /**
     * The current build's spare, told to load the app, if there is one; else a worker started now.
     * Empty when the process cannot be started (said in the log, and handled as a failed start).
     */
    private Optional<Worker> start(Role role, long now) {
        for (Worker spare : workers(w -> w.role() instanceof Role.Spare s && s.build() == build.number())) {
            if (spare.activate(now, policy.startupTimeout(), role, epoch)) {
                Log.debug("Using spare worker [" + spare.pid() + "].");
                return Optional.of(spare);
            }
        }
        try {
            Worker worker = new Worker(build.launcher(), events, new WorkerState.Starting(now, now + policy.startupTimeout().toNanos()),
                    role, epoch, policy.health().drawLimit());
            workers.add(worker);
            return Optional.of(worker);
        } catch (RuntimeException e) {
            tally.failedStart();
            Log.error("Cannot start a worker: " + e.getMessage());
            if (policy.reload()) {
                startFailed(epoch);
                Log.warning("Waiting for the next change.");
            } else if (!everReady) {
                cannotStart = true;
            } else {
                crashes.crashed(now, now);
            }
            return Optional.empty();
        }
    }

    /** Nothing is starting and something serves: JVMs started now are off every save's critical path. */
    private boolean quiet() {
        return workers.stream().noneMatch(Worker::isStarting) && workers.stream().anyMatch(w -> w.isServing() && w.isReady());
    }

    /**
     * Tops the spares up to {@code --spares}, one at a time: the next boots once the last one is
     * warm, so that each has the cores the serving workers leave to itself and is warm sooner (two
     * booting at once each took about twice as long, and the first save after a start found
     * neither ready). In reload mode they are for the builds to come (by default two, for the next
     * two: a save that comes right after the last one was served then finds one warm, while the
     * one started then still boots); otherwise for this build's replacements (by default one).
     */
    private void startSpares(long now) {
        if (workers.stream().anyMatch(Worker::isWarmingUp)) {
            return;
        }
        int first = policy.reload() ? 1 : 0;
        int count = policy.spares();
        int poolWorkers = workers.stream().filter(Worker::isServing).mapToInt(Worker::poolWorkers).max().orElse(0);
        for (int number = build.number() + first; number < build.number() + first + count; number++) {
            int wanted = number;
            if (workers.stream().anyMatch(w -> w.role() instanceof Role.Spare s && s.build() == wanted && !w.isStopping())) {
                continue;
            }
            Optional<WorkerProcess.Launcher> launcher = build.spares().launcher(number, poolWorkers);
            if (launcher.isEmpty()) {
                return;
            }
            try {
                workers.add(new Worker(launcher.get(), events, new WorkerState.Standby(), new Role.Spare(number), epoch, 0));
            } catch (RuntimeException e) {
                Log.warning("Cannot start a spare worker: " + e.getMessage());
            }
            return;
        }
    }

    /** Makes the start-up cache once a worker's recording of it is complete (see AppStartupCache). */
    private void startMakingCache(long now) {
        if (makeCache.isEmpty() || !makeCache.get().ready().getAsBoolean()) {
            return;
        }
        Build.MakeCache run = makeCache.get();
        makeCache = Optional.empty();
        try {
            workers.add(new Worker(run.launcher(), events, new WorkerState.Starting(now, Long.MAX_VALUE),
                    new Role.MakingCache(now + run.limit().toNanos(), run.finished()), epoch, 0));
        } catch (RuntimeException e) {
            Log.warning("Cannot make a start-up cache: " + e.getMessage());
        }
    }

    /** Removes a reaped worker and says what its end means: empty to go on, else javicorn's exit status. */
    java.util.OptionalInt onExited(Worker worker, int status, long now) {
        java.util.OptionalLong readySince = worker.readySince(); // the exit ends it
        workers.remove(worker);
        worker.onExit(status);
        return Exits.of(worker, worker.role(), readySince, status, this, policy, now);
    }

    /** True once a worker could not even be started, with none ever ready (see {@link #start}). */
    boolean cannotStart() {
        return cannotStart;
    }

    /** A start of this epoch failed: under --reload, nothing more starts until the next build. */
    void startFailed(int failed) {
        failedEpoch = failed;
    }

    /** Records a crash of a worker ready since {@code readySince}: the backoff that its replacement waits for. */
    Crashes crashed(long readySince, long now) {
        crashes.crashed(readySince, now);
        return crashes;
    }

    /** Whether a worker serves or is starting to (a failed reload then leaves it serving). */
    boolean anyServing() {
        return workers.stream().anyMatch(w -> w.isServing() && !w.isStopping());
    }

    void forEachDeadline(long now) {
        workers.removeIf(w -> !w.onDeadline(now, policy.grace()));
    }

    long nextDeadline(long now) {
        long next = Math.min(crashes.nextDeadline(now), backgroundStartAt > now ? backgroundStartAt : Long.MAX_VALUE);
        for (Worker w : workers) {
            next = Math.min(next, w.nextDeadline());
        }
        return next;
    }

    /** Asks every worker to stop (the start-up cache's run is killed: its cache would be of no use). */
    void stopAll(long now) {
        for (Worker w : List.copyOf(workers)) {
            if (w.role() instanceof Role.MakingCache) {
                w.kill(now);
            } else {
                w.retire(Role.Reason.STOP, policy.grace(), now);
            }
        }
    }

    void killAll(long now) {
        workers.forEach(w -> w.kill(now));
    }

    private Optional<Worker> successorOf(Worker old) {
        return workers.stream().filter(w -> w.role() instanceof Role.Successor s && s.replaces() == old).findFirst();
    }

    private List<Worker> workers(Predicate<Worker> which) {
        return workers.stream().filter(which).toList();
    }

    Stream<Worker> stream() {
        return workers.stream();
    }
}
