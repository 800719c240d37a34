package dev.javicorn.process;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Starts a program with {@code posix_spawn} as the leader of a new session (and so of a new process
 * group), with chosen descriptors of ours as its 0, 3, 4... and nothing else inherited but 1 and 2.
 *
 * <p>The JDK's {@code ProcessBuilder} can do neither: it cannot place a listening socket on the
 * child's fd 0 and it cannot start a new session. A child started here is not reaped by the JDK:
 * the caller must {@link Libc#waitpid wait} for it, or it stays a zombie, then say so with
 * {@link #reaped}; until then {@link Orphans} leaves its exit status alone.
 */
public final class Spawn {
    private static final int SPAWN_ATTR_SIZE = 512;
    private static final int FILE_ACTIONS_SIZE = 256;
    private static final int SIGSET_SIZE = 128;
    private static final int O_WRONLY_CREAT_TRUNC = 01 | 0100 | 01000;
    private static final int MODE_0644 = 0644;
    /**
     * Held while a child is spawned and recorded, and while {@link Orphans} reaps: a child that
     * exits at once is recorded before the reaper can see it as a zombie.
     */
    static final Object LOCK = new Object();
    /** The children spawned here whose owner waits for them (with {@link Libc#waitpid}) and has not yet. */
    private static final Set<Long> WAITED = ConcurrentHashMap.newKeySet();

    private Spawn() {}

    /**
     * Spawns {@code argv} with environment {@code env}. {@code stdin} becomes the child's fd 0 (or -1
     * for {@code /dev/null}); {@code extraFds[i]} becomes fd {@code 3 + i}.
     * Signal dispositions and the signal mask are reset so that an ignored SIGINT or SIGTERM in
     * our own process (a background job of a shell) does not carry over.
     *
     * @return the child's pid, which is also its process group and session id
     * @throws Libc.NativeException if the program cannot be started
     */
    public static long spawn(List<String> argv, Map<String, String> env, int stdin, int... extraFds) {
        return spawn(argv, env, stdin, null, extraFds);
    }

    /**
     * As {@link #spawn(List, Map, int, int...)}, with the child's 1 and 2 written to {@code output}
     * (created or truncated) instead of ours, unless it is null.
     */
    public static long spawn(List<String> argv, Map<String, String> env, int stdin, Path output, int... extraFds) {
        synchronized (LOCK) {
            long pid = start(argv, env, stdin, output, extraFds);
            WAITED.add(pid);
            return pid;
        }
    }

    /** Tells that the child {@code pid} has been waited for: from now on the number may be another process's. */
    public static void reaped(long pid) {
        WAITED.remove(pid);
    }

    /** True while a child spawned here is still to be waited for by its owner. */
    static boolean waitedFor(long pid) {
        return WAITED.contains(pid);
    }

    private static long start(List<String> argv, Map<String, String> env, int stdin, Path output, int... extraFds) {
        Path program = Path.of(argv.getFirst());
        if (!Files.isExecutable(program)) {
            throw new IllegalArgumentException("not an executable file: " + program);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(FILE_ACTIONS_SIZE, 16);
            MemorySegment attr = arena.allocate(SPAWN_ATTR_SIZE, 16);
            Libc.check("posix_spawn_file_actions_init", Libc.invoke(Libc.Spawning.FA_INIT, actions.address()));
            Libc.check("posix_spawnattr_init", Libc.invoke(Libc.Spawning.ATTR_INIT, attr.address()));
            try {
                // dup2 clears close-on-exec on the copy, so only these descriptors survive the exec.
                if (stdin >= 0) {
                    Libc.check("adddup2", Libc.invoke(Libc.Spawning.FA_DUP2, actions.address(), stdin, 0));
                } else {
                    MemorySegment devNull = arena.allocateFrom("/dev/null");
                    Libc.check("addopen", Libc.invoke(Libc.Spawning.FA_OPEN, actions.address(), 0, devNull.address(), 0, 0, 0));
                }
                if (output != null) {
                    MemorySegment path = arena.allocateFrom(output.toString());
                    Libc.check("addopen", Libc.invoke(Libc.Spawning.FA_OPEN, actions.address(), 1, path.address(), O_WRONLY_CREAT_TRUNC, MODE_0644, 0));
                    Libc.check("adddup2", Libc.invoke(Libc.Spawning.FA_DUP2, actions.address(), 1, 2));
                }
                for (int i = 0; i < extraFds.length; i++) {
                    int fd = extraFds[i];
                    int to = 3 + i;
                    Libc.check("adddup2", Libc.invoke(Libc.Spawning.FA_DUP2, actions.address(), fd, to));
                }
                int firstClosed = 3 + extraFds.length;
                Libc.check("addclosefrom_np", Libc.invoke(Libc.Spawning.FA_CLOSEFROM, actions.address(), firstClosed));

                MemorySegment empty = arena.allocate(SIGSET_SIZE, 8);
                Libc.check("sigemptyset", Libc.invoke(Libc.Spawning.SIGEMPTYSET, empty.address()));
                MemorySegment defaults = arena.allocate(SIGSET_SIZE, 8);
                Libc.check("sigemptyset", Libc.invoke(Libc.Spawning.SIGEMPTYSET, defaults.address()));
                for (int signal : new int[] {Libc.SIGHUP, Libc.SIGINT, Libc.SIGQUIT, Libc.SIGPIPE, Libc.SIGTERM}) {
                    Libc.check("sigaddset", Libc.invoke(Libc.Spawning.SIGADDSET, defaults.address(), signal));
                }
                Libc.check("setsigmask", Libc.invoke(Libc.Spawning.ATTR_SETSIGMASK, attr.address(), empty.address()));
                Libc.check("setsigdefault", Libc.invoke(Libc.Spawning.ATTR_SETSIGDEFAULT, attr.address(), defaults.address()));
                int flags = Libc.POSIX_SPAWN_SETSID | Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF; // a short, non-negative
                Libc.check("posix_spawnattr_setflags", Libc.invoke(Libc.Spawning.ATTR_SETFLAGS, attr.address(), flags));

                MemorySegment pid = arena.allocate(JAVA_INT);
                int rc = Libc.posixSpawn(pid, arena.allocateFrom(program.toString()), actions, attr,
                        strings(arena, argv), strings(arena, env.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue()).toList()));
                if (rc != 0) {
                    throw new Libc.NativeException("posix_spawn " + program, rc);
                }
                return pid.get(JAVA_INT, 0);
            } finally {
                Libc.check("posix_spawn_file_actions_destroy", Libc.invoke(Libc.Spawning.FA_DESTROY, actions.address()));
                Libc.check("posix_spawnattr_destroy", Libc.invoke(Libc.Spawning.ATTR_DESTROY, attr.address()));
            }
        }
    }

    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ADDRESS, values.size() + 1);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }
}
