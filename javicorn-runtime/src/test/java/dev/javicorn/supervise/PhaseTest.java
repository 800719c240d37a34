package dev.javicorn.supervise;

import dev.javicorn.supervise.FakeFleet.FakeProcess;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.javicorn.supervise.FakeFleet.policy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the loop's observers (systemd, the admin endpoint) are shown: the phase, and the counts of
 * every end, with fake processes and a fake clock.
 */
class PhaseTest {
    private final List<Snapshot> seen = new ArrayList<>();
    /** For each snapshot: whether a live worker had been told to stop when it was taken. */
    private final List<Boolean> liveStopped = new ArrayList<>();

    @Test
    void aRollingRestartIsReloadingUntilTheOldWorkerIsGoneAndAStopIsShownBeforeAnyWorkerIsStopped() {
        FakeFleet fleet = observed(new FakeFleet(policy(1, false)));
        fleet.built();
        assertThat(phase()).isEqualTo(Phase.STARTING);
        FakeProcess old = fleet.process(0).ready();
        assertThat(phase()).isEqualTo(Phase.READY);

        fleet.signal("HUP");
        assertThat(phase()).isEqualTo(Phase.RELOADING);
        FakeProcess fresh = fleet.process(1).ready();
        assertThat(phase()).isEqualTo(Phase.RELOADING); // the old one still drains
        old.exits(0);
        assertThat(phase()).isEqualTo(Phase.READY);
        assertThat(last().counts().restarts().count()).isEqualTo(1);
        assertThat(last().counts().exits()).isEqualTo(Map.of("restart", 1L));

        fleet.signal("TERM");
        int stopping = phases().indexOf(Phase.STOPPING);
        assertThat(stopping).isPositive();
        assertThat(fresh.wasStopped()).isTrue();
        assertThat(liveStopped.get(stopping)).as("told to stop before the stop was shown").isFalse();
    }

    @Test
    void aReloadIsReloadingFromTheChangeUntilTheOldWorkerIsGoneAndIsTimed() {
        FakeFleet fleet = observed(new FakeFleet(policy(1, true)));
        fleet.built();
        FakeProcess old = fleet.process(0).ready();
        fleet.changed();
        assertThat(phase()).isEqualTo(Phase.RELOADING);
        fleet.advance(java.time.Duration.ofMillis(200));
        fleet.built();
        fleet.advance(java.time.Duration.ofMillis(300));
        fleet.process(1).ready();
        assertThat(phase()).isEqualTo(Phase.RELOADING);
        old.exits(0);

        assertThat(phase()).isEqualTo(Phase.READY);
        assertThat(last().counts().reloads()).isEqualTo(new Snapshot.Timings(1, 500_000_000L, 500_000_000L));
        assertThat(last().counts().exits()).isEqualTo(Map.of("reload", 1L));
    }

    @Test
    void aReloadWhoseNewWorkerFailsIsReadyAgainWithTheOldOne() {
        FakeFleet fleet = observed(new FakeFleet(policy(1, true)));
        fleet.built();
        fleet.process(0).ready();
        fleet.changed();
        assertThat(phase()).isEqualTo(Phase.RELOADING);
        fleet.built();
        fleet.process(1).exits(3 << 8);

        assertThat(phase()).isEqualTo(Phase.READY);
        assertThat(last().serving()).isEqualTo(1);
        assertThat(last().counts().failedStarts()).isEqualTo(1);
    }

    @Test
    void aCrashIsCountedWithItsSignalOrStatus() {
        FakeFleet fleet = observed(new FakeFleet(policy(2, false)));
        fleet.built();
        fleet.process(0).ready();
        fleet.process(1).ready();
        fleet.process(0).exits(9);
        fleet.process(1).exits(1 << 8);

        assertThat(last().counts().crashes()).isEqualTo(Map.of("SIGKILL", 1L, "exit 1", 1L));
        assertThat(phase()).isEqualTo(Phase.READY); // it served: a crash is no reload
    }

    private FakeFleet observed(FakeFleet fleet) {
        fleet.supervisor.observe(snapshot -> {
            seen.add(snapshot);
            liveStopped.add(fleet.processes.stream().anyMatch(p -> !p.exited && p.wasStopped()));
        });
        return fleet;
    }

    private Snapshot last() {
        return seen.getLast();
    }

    private Phase phase() {
        return last().phase();
    }

    private List<Phase> phases() {
        return seen.stream().map(Snapshot::phase).toList();
    }
}
