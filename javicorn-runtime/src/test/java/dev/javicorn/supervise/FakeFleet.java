package dev.javicorn.supervise;

import dev.javicorn.process.Control;
import dev.javicorn.process.ProcessTree;
import dev.javicorn.watch.ChangeSet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The control loop stepped one turn at a time, with fake processes, a fake builder and a fake
 * clock: no thread, no sleep, no real process. A test posts what the world does (a worker is
 * ready, a build is done, a signal) and calls {@link #turn} to let the loop act on it.
 */
final class FakeFleet {
    static final Duration GRACE = Duration.ofSeconds(1);
    static final Duration STARTUP = Duration.ofSeconds(60);

    long now = 1_000_000_000L;
    final List<FakeProcess> processes = new ArrayList<>();
    final List<FakeProcess> spares = new ArrayList<>();
    final FakeBuilder builder = new FakeBuilder();
    final Supervisor supervisor;
    private int builds;
    /** When set, launching a worker throws, as a failed posix_spawn does. */
    RuntimeException spawnFailure;

    FakeFleet(Policy policy) {
        supervisor = new Supervisor(policy, () -> now);
        supervisor.start(builder);
    }

    static Policy policy(int workers, boolean reload) {
        return new Policy(workers, reload ? 2 : 1, reload, GRACE, STARTUP, new Health(Duration.ofSeconds(3), 0, 0));
    }

    /** Lets the loop handle what was posted, its deadlines, and reconcile. */
    FakeFleet turn() {
        try {
            supervisor.turn(false);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return this;
    }

    FakeFleet advance(Duration by) {
        now += by.toNanos();
        return turn();
    }

    /** A build is done; {@code shares}: its workers accept on the supervisor's socket. */
    FakeFleet built(boolean shares, boolean withSpares, boolean dependenciesChanged) {
        Build.Spares spareLaunchers = withSpares
                ? (build, pool) -> Optional.of(listener -> launch(listener, spares, "spare-" + build)) : Build.Spares.NONE;
        builds++;
        supervisor.post(new Event.Built(new Build(builds, listener -> launch(listener, processes, "build-" + builds),
                shares, spareLaunchers, dependenciesChanged, Optional.empty())));
        return turn();
    }

    FakeFleet built() {
        return built(true, false, false);
    }

    FakeFleet signal(String name) {
        supervisor.post(new Event.Signal(name));
        return turn();
    }

    FakeFleet changed() {
        supervisor.post(new Event.Changed(new ChangeSet(List.of())));
        return turn();
    }

    FakeFleet buildFailed() {
        supervisor.post(new Event.BuildFailed(false, 1));
        return turn();
    }

    FakeProcess process(int index) {
        return processes.get(index);
    }

    /** Processes not yet reaped. */
    long alive() {
        return processes.stream().filter(p -> !p.exited).count();
    }

    private WorkerProcess launch(WorkerProcess.Listener listener, List<FakeProcess> into, String what) {
        if (spawnFailure != null) {
            throw spawnFailure;
        }
        FakeProcess process = new FakeProcess(1000 + processes.size() + spares.size(), listener, what);
        into.add(process);
        return process;
    }

    /** A worker process that records what the loop does to it; the test plays its side. */
    final class FakeProcess implements WorkerProcess {
        final long pid;
        final String what;
        final WorkerProcess.Listener listener;
        final List<Control.ToWorker> sent = new ArrayList<>();
        final AtomicInteger kills = new AtomicInteger();
        boolean exited;

        FakeProcess(long pid, WorkerProcess.Listener listener, String what) {
            this.pid = pid;
            this.listener = listener;
            this.what = what;
        }

        FakeProcess says(Control.ToSupervisor message) {
            listener.message(message);
            turn();
            return this;
        }

        FakeProcess ready() {
            return says(new Control.Ready());
        }

        FakeProcess warm() {
            return says(new Control.Warm());
        }

        FakeProcess exits(int waitStatus) {
            exited = true;
            listener.exited(waitStatus);
            turn();
            return this;
        }

        boolean wasStopped() {
            return sent.stream().anyMatch(m -> m instanceof Control.Stop);
        }

        boolean got(Class<? extends Control.ToWorker> kind) {
            return sent.stream().anyMatch(kind::isInstance);
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public boolean send(Control.ToWorker message) {
            sent.add(message);
            return !exited;
        }

        @Override
        public int killSession() {
            kills.incrementAndGet();
            return 0;
        }

        @Override
        public List<String> listening() {
            return List.of("0.0.0.0:8080");
        }

        @Override
        public List<ProcessTree.Proc> children() {
            return List.of();
        }

        @Override
        public String toString() {
            return what + "[" + pid + "] " + sent;
        }
    }

    /** Records what the loop asks of the build; the test posts the outcome. */
    static final class FakeBuilder implements Supervisor.Builder {
        int started;
        int rebuilds;
        boolean closed;

        @Override
        public void start() {
            started++;
        }

        @Override
        public void rebuild(ChangeSet changes) {
            rebuilds++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
