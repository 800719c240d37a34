package dev.javicorn.supervise;

import dev.javicorn.process.Control;
import dev.javicorn.supervise.FakeFleet.FakeProcess;
import dev.javicorn.testing.StandardError;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.javicorn.supervise.FakeFleet.policy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control loop's logic, stepped turn by turn with fake processes, a fake builder and a fake
 * clock ({@link FakeFleet}): fast and deterministic. The real processes, signals and sockets are
 * in StopTest, ServeTest, ReloadTest, WorkersTest and BuildStopTest.
 */
class SupervisorTest {
    private static final int EXITED_1 = 1 << 8;

    @Test
    void theFirstBuildStartsTheWorkersAndAStopEndsTheLoopOnceTheyAreGone() {
        FakeFleet fleet = new FakeFleet(policy(2, false));
        assertThat(fleet.builder.started).isEqualTo(1);
        assertThat(fleet.processes).isEmpty();

        fleet.built();
        assertThat(fleet.processes).hasSize(2);
        fleet.process(0).ready();
        fleet.process(1).ready();

        fleet.signal("TERM");
        assertThat(fleet.processes).allMatch(FakeProcess::wasStopped);
        assertThat(fleet.builder.closed).as("a build in progress is cancelled").isTrue();
        fleet.process(0).exits(0);
        assertThat(fleet.supervisor.finished()).isFalse();
        fleet.process(1).exits(0);
        assertThat(fleet.supervisor.finished()).isTrue();
    }

    @Test
    void aWorkerThatOutlivesItsGraceIsAskedForItsStacksThenKilledWithItsSession() {
        FakeFleet fleet = new FakeFleet(policy(1, false)).built();
        FakeProcess worker = fleet.process(0).ready();

        fleet.signal("TERM");
        fleet.advance(Duration.ofMillis(600));
        assertThat(worker.got(Control.Dump.class)).isTrue();
        assertThat(worker.kills.get()).isZero();
        worker.says(new Control.Threads("\"hook\" WAITING\n"));

        fleet.advance(Duration.ofMillis(500));
        assertThat(worker.kills.get()).isEqualTo(1);
        worker.exits(9);
        assertThat(fleet.supervisor.finished()).isTrue();
    }

    @Test
    void aWorkerStillInItsJvmsExitAtTheDeadlineIsKilledWithoutAStopReport() {
        FakeFleet fleet = new FakeFleet(policy(1, false)).built();
        FakeProcess worker = fleet.process(0).ready();

        String log = StandardError.during(() -> {
            fleet.signal("TERM");
            worker.says(new Control.Exiting());
            fleet.advance(Duration.ofMillis(600));
            assertThat(worker.got(Control.Dump.class)).isTrue();
            fleet.advance(Duration.ofMillis(500)); // no answer: its JVM is at its final safepoint
        });
        assertThat(worker.kills.get()).isEqualTo(1);
        assertThat(log).contains("Worker [" + worker.pid() + "] had stopped, but its JVM was still exiting at the deadline; killing it.")
                .doesNotContain("did not stop in time");
        worker.exits(9);
        assertThat(fleet.supervisor.finished()).isTrue();
    }

    @Test
    void aWorkerThatAnswersFromItsShutdownHooksIsReportedWithTheirStacks() {
        FakeFleet fleet = new FakeFleet(policy(1, false)).built();
        FakeProcess worker = fleet.process(0).ready();

        String log = StandardError.during(() -> {
            fleet.signal("TERM");
            fleet.advance(Duration.ofMillis(600));
            worker.says(new Control.Threads("\"draining\" WAITING\n"));
            worker.says(new Control.Exiting());
            assertThat(worker.sent.stream().filter(Control.Dump.class::isInstance).count()).as("asked again: its exit's stacks replace those").isEqualTo(2L);
            worker.says(new Control.Threads("\"hook\" WAITING\n"));
            fleet.advance(Duration.ofMillis(500));
        });
        assertThat(worker.kills.get()).isEqualTo(1);
        assertThat(log).contains("did not stop in time").contains("running the shutdown hooks").contains("\"hook\" WAITING")
                .doesNotContain("\"draining\"");
    }

    @Test
    void aWorkerWritingItsStartUpCacheRecordingIsExcusedItsSilenceForAWhile() {
        FakeFleet fleet = new FakeFleet(policy(1, true)).built();
        FakeProcess worker = fleet.process(0).ready();

        worker.says(new Control.EndingRecording());
        silence(fleet, Duration.ofSeconds(10)); // past the 3 s health-check timeout
        assertThat(fleet.processes).as("not replaced while its JVM writes").hasSize(1);
        worker.says(new Control.Recorded());
        silence(fleet, Duration.ofSeconds(2));
        assertThat(fleet.processes).hasSize(1);
        silence(fleet, Duration.ofSeconds(2));
        assertThat(fleet.processes).as("silent again after it wrote: replaced").hasSize(2);
    }

    @Test
    void aWorkerThatNeverFinishesWritingItsRecordingIsReplacedAfterAMinute() {
        FakeFleet fleet = new FakeFleet(policy(1, true)).built();
        FakeProcess worker = fleet.process(0).ready();

        worker.says(new Control.EndingRecording());
        silence(fleet, Duration.ofSeconds(55));
        assertThat(fleet.processes).hasSize(1);
        silence(fleet, Duration.ofSeconds(10));
        assertThat(fleet.processes).hasSize(2);
    }

    /** Lets {@code time} pass in small steps, the loop turning as it does, with no answer from any worker. */
    private static void silence(FakeFleet fleet, Duration time) {
        for (Duration left = time; left.isPositive(); left = left.minusMillis(500)) {
            fleet.advance(Duration.ofMillis(500));
        }
    }

    @Test
    void aReloadStartsTheNewWorkerFirstAndStopsTheOldOneOnceItIsReady() {
        FakeFleet fleet = new FakeFleet(policy(1, true)).built();
        FakeProcess old = fleet.process(0).ready();

        fleet.changed();
        assertThat(fleet.builder.rebuilds).isEqualTo(1);
        fleet.built();
        FakeProcess fresh = fleet.process(1);
        fleet.advance(Duration.ofSeconds(5));
        assertThat(old.wasStopped()).isFalse();

        fresh.ready();
        assertThat(old.wasStopped()).isTrue();
        assertThat(fresh.wasStopped()).isFalse();
    }

    @Test
    void aWorkerStillStartingWhenANewBuildComesFinishesItsStartThenGetsASuccessor() {
        FakeFleet fleet = new FakeFleet(policy(1, true)).built();
        FakeProcess first = fleet.process(0);

        fleet.changed().built();
        assertThat(first.wasStopped()).as("it may be all there is").isFalse();
        assertThat(fleet.processes).hasSize(1);
        first.ready();
        assertThat(fleet.processes).hasSize(2);
        fleet.process(1).ready();
        assertThat(first.wasStopped()).isTrue();
    }

    @Test
    void anAppThatBindsItsOwnPortIsStoppedBeforeItsNewVersionStarts() {
        FakeFleet fleet = new FakeFleet(policy(1, true)).built(false, false, false);
        FakeProcess old = fleet.process(0).ready();

        fleet.changed().built(false, false, false);
        assertThat(old.wasStopped()).isTrue();
        assertThat(fleet.processes).as("nothing starts while the old one holds the port").hasSize(1);

        old.exits(0);
        assertThat(fleet.processes).hasSize(2);
    }

    @Test
    void aSpareOfTheNextBuildTakesOverOnReloadAndAPomEditRetiresTheSpares() {
        FakeFleet fleet = new FakeFleet(policy(1, true)).built(true, true, false);
        fleet.process(0).ready();
        assertThat(fleet.spares).as("the first worker serves alone for a while").isEmpty();
        fleet.advance(Fleet.FIRST_BACKGROUND_AFTER);
        assertThat(fleet.spares).as("one spare boots at a time").extracting(p -> p.what).containsExactly("spare-2");
        fleet.spares.get(0).warm();
        assertThat(fleet.spares).extracting(p -> p.what).containsExactly("spare-2", "spare-3");
        fleet.spares.get(1).warm();

        fleet.changed().built(true, true, false);
        assertThat(fleet.processes).as("no new JVM: the spare loads the app").hasSize(1);
        assertThat(fleet.spares.get(0).got(Control.Go.class)).isTrue();
        fleet.spares.get(0).ready();
        assertThat(fleet.process(0).wasStopped()).isTrue();
        assertThat(fleet.spares).as("the new worker's first requests have the machine to themselves")
                .extracting(p -> p.what).doesNotContain("spare-4");
        fleet.advance(Fleet.BACKGROUND_AFTER_TAKEOVER);
        assertThat(fleet.spares).as("%s", fleet.spares).extracting(p -> p.what).contains("spare-4");

        fleet.changed().built(true, true, true);
        assertThat(fleet.spares.stream().filter(p -> !p.what.equals("spare-2"))).allMatch(FakeProcess::wasStopped);
        assertThat(fleet.processes).as("a new JVM for the new dependencies").hasSize(2);
    }

    @Test
    void noSparesWhenNoneAreWanted() {
        FakeFleet fleet = new FakeFleet(new Policy(2, 0, false, FakeFleet.GRACE, FakeFleet.STARTUP,
                new Health(Duration.ofSeconds(3), 0, 0))).built(true, true, false);
        fleet.process(0).ready();
        fleet.process(1).ready();
        fleet.advance(Fleet.FIRST_BACKGROUND_AFTER).advance(Duration.ofSeconds(10));
        assertThat(fleet.spares).as("--spares 0").isEmpty();
    }

    @Test
    void aRollingRestartReplacesOneWorkerAtATimeNewOneReadyFirst() {
        FakeFleet fleet = new FakeFleet(policy(2, false)).built();
        fleet.process(0).ready();
        fleet.process(1).ready();

        fleet.signal("HUP");
        assertThat(fleet.processes).hasSize(3);
        fleet.process(2).ready();
        assertThat(fleet.process(0).wasStopped()).isTrue();
        assertThat(fleet.process(1).wasStopped()).isFalse();
        assertThat(fleet.processes).hasSize(4);

        fleet.process(3).ready();
        assertThat(fleet.process(1).wasStopped()).isTrue();
        fleet.advance(Duration.ofSeconds(1));
        assertThat(fleet.processes).as("two new workers, no more").hasSize(4);
    }

    @Test
    void aWorkerThatServedItsShareIsRecycledNewOneReadyFirst() {
        FakeFleet fleet = new FakeFleet(new Policy(1, 1, false, FakeFleet.GRACE, FakeFleet.STARTUP,
                new Health(Duration.ofSeconds(3), 100, 0)));
        fleet.built();
        FakeProcess worker = fleet.process(0).ready();

        worker.says(new Control.Pong(99));
        assertThat(fleet.processes).hasSize(1);
        worker.says(new Control.Pong(100));
        assertThat(fleet.processes).hasSize(2);
        assertThat(worker.wasStopped()).isFalse();
        fleet.process(1).ready();
        assertThat(worker.wasStopped()).isTrue();
    }

    @Test
    void aWorkerThatStopsAnsweringIsReplacedWithItsStacksAskedFor() {
        FakeFleet fleet = new FakeFleet(policy(1, false)).built();
        FakeProcess worker = fleet.process(0).ready();

        for (int i = 0; i < 4; i++) {
            fleet.advance(Duration.ofMillis(900));
        }
        assertThat(worker.got(Control.Dump.class)).isTrue();
        assertThat(fleet.processes).hasSize(2);
        fleet.process(1).ready();
        assertThat(worker.wasStopped()).isTrue();
    }

    @Test
    void repeatedCrashesBackOffExponentially() {
        FakeFleet fleet = new FakeFleet(policy(1, false)).built();
        fleet.process(0).ready().exits(EXITED_1);
        assertThat(fleet.processes).as("the first crash is replaced at once").hasSize(2);

        fleet.process(1).ready().exits(EXITED_1);
        fleet.advance(Duration.ofMillis(150));
        assertThat(fleet.processes).as("the second waits 200 ms").hasSize(2);
        fleet.advance(Duration.ofMillis(60));
        assertThat(fleet.processes).hasSize(3);

        assertThat(Crashes.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(Crashes.backoff(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(Crashes.backoff(30)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void anAppThatNeverStartsEndsTheLoopWithStatus3() {
        FakeFleet fleet = new FakeFleet(policy(1, false)).built();
        fleet.process(0).says(new Control.Failed("java.lang.IllegalStateException: no database")).exits(3 << 8);

        assertThat(fleet.supervisor.finished()).isTrue();
        assertThat(fleet.supervisor.run(fleet.builder)).isEqualTo(3);
    }

    @Test
    void aWorkerNotReadyInTimeIsStoppedAndCountsAsAFailedStart() {
        FakeFleet fleet = new FakeFleet(policy(1, false)).built();
        fleet.advance(FakeFleet.STARTUP.minusSeconds(1));
        assertThat(fleet.process(0).wasStopped()).isFalse();

        fleet.advance(Duration.ofSeconds(2));
        assertThat(fleet.process(0).wasStopped()).isTrue();
        assertThat(fleet.processes).as("no second start while it stops").hasSize(1);
        fleet.process(0).exits(0);
        assertThat(fleet.supervisor.run(fleet.builder)).isEqualTo(3);
    }

    @Test
    void underReloadAFailedStartWaitsForTheNextChange() {
        FakeFleet fleet = new FakeFleet(policy(1, true)).built();
        fleet.process(0).says(new Control.Failed("boom")).exits(3 << 8);
        for (int i = 0; i < 20; i++) {
            fleet.advance(Duration.ofSeconds(1));
        }
        assertThat(fleet.processes).as("no retry without an edit").hasSize(1);

        fleet.changed().built();
        assertThat(fleet.processes).hasSize(2);
    }

    @Test
    void aReloadThatFailsToStartLeavesTheOldWorkerServingUntilTheNextChange() {
        FakeFleet fleet = new FakeFleet(policy(1, true)).built();
        FakeProcess old = fleet.process(0).ready();

        fleet.changed().built();
        fleet.process(1).exits(3 << 8);
        fleet.advance(Duration.ofSeconds(10));
        assertThat(old.wasStopped()).isFalse();
        assertThat(fleet.processes).hasSize(2);

        fleet.changed().buildFailed();
        assertThat(old.wasStopped()).as("a broken build keeps the last good worker").isFalse();
        fleet.changed().built();
        fleet.process(2).ready();
        assertThat(old.wasStopped()).isTrue();
    }

    @Test
    void aStopDuringABuildCancelsItAndEndsOnceTheWorkersAreGone() {
        FakeFleet fleet = new FakeFleet(policy(1, true)).built();
        FakeProcess worker = fleet.process(0).ready();
        fleet.changed();

        fleet.signal("TERM");
        assertThat(fleet.builder.closed).isTrue();
        assertThat(worker.wasStopped()).isTrue();
        fleet.built();
        assertThat(fleet.processes).as("a build that finishes after the stop starts nothing").hasSize(1);
        worker.exits(0);
        assertThat(fleet.supervisor.finished()).isTrue();
    }

    @Test
    void aSpawnThatFailsIsOneLineAndUnderReloadWaitsForTheNextChange() {
        FakeFleet fleet = new FakeFleet(policy(1, true));
        fleet.spawnFailure = new IllegalStateException("posix_spawn failed: EAGAIN");
        fleet.built();
        fleet.advance(Duration.ofSeconds(5));
        assertThat(fleet.supervisor.finished()).isFalse();

        fleet.spawnFailure = null;
        fleet.changed().built();
        assertThat(fleet.processes).hasSize(1);
    }

    @Test
    void withoutReloadASpawnThatFailsEndsJavicornWithStatus1() {
        FakeFleet fleet = new FakeFleet(policy(1, false));
        fleet.spawnFailure = new IllegalStateException("posix_spawn failed: EAGAIN");
        fleet.built();
        assertThat(fleet.supervisor.finished()).isTrue();
        assertThat(fleet.supervisor.run(fleet.builder)).isEqualTo(1);
    }

    @Test
    void ttinAndTtouChangeTheNumberOfWorkers() {
        FakeFleet fleet = new FakeFleet(policy(1, false)).built();
        fleet.process(0).ready();

        fleet.signal("TTIN");
        assertThat(fleet.processes).hasSize(2);
        fleet.process(1).ready();
        fleet.signal("TTOU");
        assertThat(fleet.process(1).wasStopped()).as("the newest goes").isTrue();
        assertThat(fleet.process(0).wasStopped()).isFalse();
    }

    @Test
    void anUnexpectedErrorInTheLoopStopsTheWorkersAndEndsWithStatus1() {
        FakeFleet fleet = new FakeFleet(policy(1, false)).built();
        FakeProcess worker = fleet.process(0).ready();
        fleet.supervisor.post(new Event.Message(null, new Control.Ready())); // a message from nowhere

        fleet.turn();
        assertThat(worker.wasStopped()).isTrue();
        worker.exits(0);
        assertThat(fleet.supervisor.finished()).isTrue();
        assertThat(fleet.supervisor.run(fleet.builder)).isEqualTo(1);
    }
}
