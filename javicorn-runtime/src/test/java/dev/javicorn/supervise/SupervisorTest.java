package dev.javicorn.supervise;

import dev.javicorn.process.ProcessTree;
import dev.javicorn.testing.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control loop's logic with fake processes and a fake clock: fast and deterministic. The real
 * processes, signals and sockets are in StopTest, ServeTest and ReloadTest.
 */
class SupervisorTest {
    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<FakeProcess> processes = new CopyOnWriteArrayList<>();
    private final AtomicInteger exit = new AtomicInteger(-1);
    private Supervisor supervisor;
    private Thread loop;

    @AfterEach
    void stopLoop() throws InterruptedException {
        if (loop != null) {
            loop.interrupt();
            loop.join(5_000);
        }
    }

    @Test
    void aWorkerThatOutlivesItsGraceIsAskedForItsStacksThenKilledWithItsSession() {
        start(1);
        FakeProcess worker = awaitProcess(0);
        worker.listener.message("READY");

        supervisor.post(new Event.Signal("TERM"));
        Wait.until(() -> worker.sent.contains("STOP 1000"), WAIT, () -> "no STOP: " + worker.sent);

        advance(Duration.ofMillis(600));
        Wait.until(() -> worker.sent.contains("DUMP"), WAIT, () -> "no DUMP: " + worker.sent);
        assertThat(worker.kills.get()).isZero();
        worker.listener.message("DUMP " + Base64.getEncoder().encodeToString("\"hook\" WAITING\n".getBytes(StandardCharsets.UTF_8)));

        advance(Duration.ofMillis(500));
        Wait.until(() -> worker.kills.get() > 0, WAIT, () -> "not killed");
        worker.listener.exited(9);
        Wait.until(() -> exit.get() == 0, WAIT, () -> "supervisor did not return");
    }

    @Test
    void aWorkerThatStopsInTimeIsNeverKilled() {
        start(1);
        FakeProcess worker = awaitProcess(0);
        worker.listener.message("READY");

        supervisor.post(new Event.Signal("INT"));
        Wait.until(() -> worker.sent.contains("STOP 1000"), WAIT, () -> "no STOP");
        advance(Duration.ofMillis(300));
        worker.listener.exited(0);

        Wait.until(() -> exit.get() == 0, WAIT, () -> "supervisor did not return");
        assertThat(worker.sent).doesNotContain("DUMP");
        // The sweep after a worker ends runs whatever happened, for what it may have left behind.
        assertThat(worker.kills.get()).isEqualTo(1);
    }

    @Test
    void rollingRestartStopsTheOldWorkerOnlyOnceTheNewOneIsReady() {
        start(1);
        FakeProcess old = awaitProcess(0);
        old.listener.message("READY");

        supervisor.post(new Event.Signal("HUP"));
        FakeProcess fresh = awaitProcess(1);
        advance(Duration.ofSeconds(5));
        assertThat(old.sent).noneMatch(line -> line.startsWith("STOP"));

        fresh.listener.message("READY");
        Wait.until(() -> old.sent.contains("STOP 1000"), WAIT, () -> "old worker not stopped: " + old.sent);
        assertThat(fresh.sent).noneMatch(line -> line.startsWith("STOP"));
    }

    @Test
    void repeatedCrashesBackOffExponentially() {
        start(1);
        awaitProcess(0).listener.message("READY");

        processes.get(0).listener.exited(1 << 8);
        FakeProcess second = awaitProcess(1);
        second.listener.exited(1 << 8);
        // The loop sweeps a worker's session once it has handled its exit: that is the moment.
        Wait.until(() -> second.kills.get() > 0, WAIT, () -> "exit not handled");
        // Second crash in a row: the next start waits 200 ms of the (fake) clock, not less.
        advance(Duration.ofMillis(150));
        assertThat(processes).hasSize(2);
        advance(Duration.ofMillis(60));
        awaitProcess(2);

        assertThat(Supervisor.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(Supervisor.backoff(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(Supervisor.backoff(30)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void anAppThatNeverStartsEndsTheLoopWithStatus3() {
        start(1);
        FakeProcess worker = awaitProcess(0);
        worker.listener.message("FAILED java.lang.IllegalStateException: no database");
        worker.listener.exited(3 << 8);

        Wait.until(() -> exit.get() == 3, WAIT, () -> "exit status " + exit.get());
    }

    private void start(int workers) {
        supervisor = new Supervisor(this::launch, null, (ahead, poolWorkers) -> null, true, workers, GRACE, Duration.ofSeconds(60),
                new Health(Duration.ofHours(1), 0, 0), clock::get);
        loop = Thread.ofPlatform().daemon().start(() -> exit.set(supervisor.run()));
    }

    private WorkerProcess launch(WorkerProcess.Listener listener) {
        FakeProcess process = new FakeProcess(1000 + processes.size(), listener);
        processes.add(process);
        return process;
    }

    private FakeProcess awaitProcess(int index) {
        Wait.until(() -> processes.size() > index, WAIT, () -> "worker " + index + " not started");
        return processes.get(index);
    }

    /** Moves the fake clock on and wakes the loop so it looks at its deadlines. */
    private void advance(Duration by) {
        clock.addAndGet(by.toNanos());
        supervisor.post(new Event.Signal("NOTHING"));
    }

    /** A worker process that records what the loop does to it. */
    private static final class FakeProcess implements WorkerProcess {
        final long pid;
        final Listener listener;
        final List<String> sent = new CopyOnWriteArrayList<>();
        final AtomicInteger kills = new AtomicInteger();

        FakeProcess(long pid, Listener listener) {
            this.pid = pid;
            this.listener = listener;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public boolean send(String line) {
            sent.add(line);
            return true;
        }

        @Override
        public int killSession() {
            kills.incrementAndGet();
            return 0;
        }

        @Override
        public List<ProcessTree.Proc> children() {
            return List.of();
        }
    }
}
