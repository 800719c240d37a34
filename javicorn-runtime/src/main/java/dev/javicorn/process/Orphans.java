package dev.javicorn.process;

import dev.javicorn.log.Log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reaps the orphans that land on javicorn when it runs as PID 1 (a container's entrypoint, a new
 * PID namespace): the kernel makes init the parent of every process whose parent exits, and a
 * zombie stays until its parent waits for it. Left alone, a worker's grandchildren pile up as
 * zombies until the PID limit stops every fork.
 *
 * <p>Reaping with {@code waitpid(-1)} would steal exit statuses that others wait for: each
 * worker's reaper thread waits for its worker's pid, and the JDK's process reaper thread for
 * each {@code ProcessBuilder} child (Maven). So {@link #reap} reads {@code /proc} for the zombies
 * whose parent is javicorn and waits for exactly those that are nobody else's:
 * <ul>
 *   <li>not a child {@link Spawn} started and its owner still waits for (checked under the lock
 *       that spawning holds, so a child that exits at once is never mistaken for an orphan);</li>
 *   <li>not in javicorn's own session, unless it has stayed a zombie for {@link #UNCLAIMED}
 *       nanoseconds: a {@code ProcessBuilder} child is in javicorn's session (the JDK does not
 *       start a new one), and the JDK's reaper thread, already blocked in {@code waitpid} for it,
 *       reaps it the moment it exits. Orphans come from the workers' sessions (or from a
 *       {@code docker exec}'s), so they are reaped at once.</li>
 * </ul>
 *
 * <p>javicorn does not make itself a child subreaper ({@code PR_SET_CHILD_SUBREAPER}) when it is
 * not PID 1: the orphans then go to the init or the systemd that already reaps them, and every
 * orphan that stays in its worker's session is found by the session sweep that ends a worker
 * anyway. A subreaper would take a duty on and give no process more reach.
 *
 * <p>Called from the control loop's thread only.
 */
public final class Orphans {
    /** How long a zombie of javicorn's own session is left to the JDK's reaper thread. */
    static final long UNCLAIMED = 2_000_000_000L;
    /** How often {@link #reapWhenDue} reads /proc at most. */
    private static final long EVERY = 200_000_000L;

    private final long self;
    private final long ownSession;
    /** Zombies of our own session, with when they were first seen. */
    private final Map<Long, Long> seen = new HashMap<>();
    private long reaped;
    private long lastScan;
    private boolean scanned;

    private Orphans(long self, long ownSession) {
        this.self = self;
        this.ownSession = ownSession;
    }

    /** The reaper javicorn needs: present only when it runs as PID 1. */
    public static Optional<Orphans> ifInit() {
        long self = ProcessHandle.current().pid();
        if (self != 1) {
            return Optional.empty();
        }
        ProcessTree.Proc me = ProcessTree.read(self);
        return Optional.of(new Orphans(self, me == null ? -1 : me.sid()));
    }

    /** For tests: a reaper of {@code self}'s children, whatever its pid. */
    static Orphans of(long self, long ownSession) {
        return new Orphans(self, ownSession);
    }

    /**
     * Reaps (see {@link #reap}) unless the last time was less than 200 ms ago: the control loop
     * calls this on every turn, and turns at least once a second.
     */
    public void reapWhenDue(long now) {
        if (scanned && now - lastScan < EVERY) {
            return;
        }
        scanned = true;
        lastScan = now;
        int count = reap(now);
        if (count > 0) {
            Log.debug("Reaped " + count + " orphaned process" + (count == 1 ? "" : "es") + ".");
        }
    }

    /**
     * Waits for every zombie child of javicorn that is nobody else's to wait for.
     *
     * @return how many were reaped this time
     */
    public int reap(long now) {
        int count = 0;
        synchronized (Spawn.LOCK) {
            Set<Long> stillSeen = new HashSet<>();
            for (long[] zombie : zombieChildren()) {
                long pid = zombie[0];
                if (Spawn.waitedFor(pid)) {
                    continue;
                }
                if (zombie[1] == ownSession) {
                    stillSeen.add(pid);
                    long first = seen.computeIfAbsent(pid, p -> now);
                    if (now - first < UNCLAIMED) {
                        continue;
                    }
                }
                if (Libc.reapIfExited(pid) >= 0) {
                    count++;
                    stillSeen.remove(pid);
                }
            }
            seen.keySet().retainAll(stillSeen);
        }
        reaped += count;
        return count;
    }

    /** How many orphans were reaped since javicorn started. */
    public long total() {
        return reaped;
    }

    /** The zombies whose parent is javicorn, as {pid, session id} pairs. */
    private List<long[]> zombieChildren() {
        List<long[]> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                long[] zombie = zombieChild(entry);
                if (zombie != null) {
                    found.add(zombie);
                }
            }
        } catch (IOException e) {
            // /proc unreadable for a moment: the next turn tries again
        }
        return found;
    }

    private long[] zombieChild(Path dir) {
        try {
            String stat = Files.readString(dir.resolve("stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 5);
            char state = fields[0].charAt(0);
            if ((state == 'Z' || state == 'X') && Long.parseLong(fields[1]) == self) {
                return new long[] {Long.parseLong(stat.substring(0, stat.indexOf(' '))), Long.parseLong(fields[3])};
            }
        } catch (IOException | RuntimeException e) {
            // gone while we looked
        }
        return null;
    }
}
