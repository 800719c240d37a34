package dev.javicorn.process;

import dev.javicorn.testing.Wait;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reaper never takes an exit status someone else waits for. The test JVM plays javicorn: the
 * zombies are its own children, each in a session of its own.
 */
class OrphansTest {
    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void leavesASpawnedChildToItsOwnerAndReapsItOnceTheOwnerGaveItUp() {
        Orphans orphans = Orphans.of(SELF, ownSession());
        long waited = Spawn.spawn(List.of("/bin/sh", "-c", "exit 7"), Map.of(), -1);
        long given = Spawn.spawn(List.of("/bin/sh", "-c", "exit 9"), Map.of(), -1);
        Spawn.reaped(given); // as if its owner no longer waits: now it is an orphan like any other
        awaitZombie(waited);
        awaitZombie(given);

        assertThat(orphans.reap(System.nanoTime())).isEqualTo(1);

        assertThat(zombie(given)).isFalse();
        assertThat(Libc.waitpid(waited)).isEqualTo(7 << 8);
        Spawn.reaped(waited);
    }

    private static long ownSession() {
        return ProcessTree.read(SELF).sid();
    }

    private static void awaitZombie(long pid) {
        Wait.until(() -> zombie(pid), Duration.ofSeconds(10), () -> pid + " did not exit");
    }

    private static boolean zombie(long pid) {
        ProcessTree.Proc proc = ProcessTree.read(pid);
        return proc != null && proc.zombie();
    }
}
