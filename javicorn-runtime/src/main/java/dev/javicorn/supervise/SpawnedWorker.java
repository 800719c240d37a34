package dev.javicorn.supervise;

import dev.javicorn.process.Control;
import dev.javicorn.process.ControlChannel;
import dev.javicorn.process.Libc;
import dev.javicorn.process.SocketTable;
import dev.javicorn.process.ProcessTree;
import dev.javicorn.process.Spawn;
import dev.javicorn.process.SocketPair;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real worker JVM: spawned in its own session with the listening socket as fd 0 and a control
 * socket as fd 3. Two platform daemon threads per worker, both ending with it: one reads the
 * control channel, one reaps the process (a posix_spawned child is not reaped by the JDK).
 */
final class SpawnedWorker implements WorkerProcess {
    private final long pid;
    private final ControlChannel control;

    private SpawnedWorker(long pid, ControlChannel control) {
        this.pid = pid;
        this.control = control;
    }

    /**
     * Launches {@code argv}; {@code listenFd} is -1 when the app binds its own port. The
     * {@code first} messages are sent as soon as the worker runs, before any other.
     */
    static Launcher launcher(List<String> argv, Map<String, String> env, int listenFd, List<Control.ToWorker> first) {
        return launcher(argv, env, listenFd, null, first);
    }

    /** As {@link #launcher(List, Map, int, List)}, with the worker's output going to {@code output} if not null. */
    static Launcher launcher(List<String> argv, Map<String, String> env, int listenFd, Path output, List<Control.ToWorker> first) {
        return listener -> {
            SocketPair pair = SocketPair.open();
            long pid;
            try {
                pid = Spawn.spawn(argv, env, listenFd, output, pair.theirs());
            } catch (RuntimeException e) {
                pair.closeOurs();
                throw e;
            } finally {
                pair.closeTheirs();
            }
            ControlChannel control = new ControlChannel(pair.ours());
            first.forEach(control::send);
            Thread.ofPlatform().daemon().name("javicorn-reader-" + pid).start(() -> {
                String line;
                while ((line = control.receive()) != null) {
                    listener.message(Control.toSupervisor(line));
                }
                // Only the reader closes: a descriptor closed under a blocked read could be reused.
                control.close();
            });
            Thread.ofPlatform().daemon().name("javicorn-reaper-" + pid).start(() -> {
                int status = Libc.waitpid(pid);
                Spawn.reaped(pid);
                listener.exited(status);
            });
            return new SpawnedWorker(pid, control);
        };
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public boolean send(Control.ToWorker message) {
        return control.send(Control.encode(message));
    }

    @Override
    public int killSession() {
        return ProcessTree.killSession(pid);
    }

    @Override
    public List<String> listening() {
        return SocketTable.listeningInSession(pid);
    }

    @Override
    public List<ProcessTree.Proc> children() {
        return ProcessTree.session(pid).stream().filter(p -> p.pid() != pid).toList();
    }
}
