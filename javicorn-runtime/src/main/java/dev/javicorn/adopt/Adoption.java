package dev.javicorn.adopt;

import dev.javicorn.log.Log;
import dev.javicorn.process.Libc;
import dev.javicorn.process.ListenSocket;
import dev.javicorn.process.NativeThreads;
import dev.javicorn.process.SocketTable;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * A worker's adoption of javicorn's socket: the choice of the bind to adopt, the descriptor swap,
 * and how far the app has come, for {@code MainClassRunner} to tell when the worker is ready.
 *
 * <p>The hooks ({@link #bind}, {@link #listen}, {@link #accepts}) run on the app's threads, inside
 * the JDK's socket calls; the other methods may be called from any thread.
 */
public final class Adoption {
    /** How far the app has come with its server socket. */
    public enum Progress {
        /** No server socket bound yet (or the app serves on {@code Javicorn.listener()}, which binds none). */
        NONE,
        /** Server sockets bound, none adopted: none was on {@code --adopt-port}. */
        DECLINED,
        /** The app's server socket is javicorn's; the app does not accept on it yet. */
        ADOPTED,
        /** The app accepts on javicorn's socket: blocking in accept, or polling it in an event loop. */
        ACCEPTING
    }

    /** Where the supervisor puts the listening socket in a worker. */
    static final int INHERITED = 0;

    private static volatile boolean installed;
    private static volatile boolean enabled;
    private static int adoptPort;
    private static String servedOn = "";
    private static volatile int adoptedFd = -1;
    private static volatile Progress progress = Progress.NONE;
    /** The platform threads that accepted on (or polled) the adopted socket, by kernel id. */
    private static final Set<Integer> acceptors = ConcurrentHashMap.newKeySet();
    /** Whether this thread is among the acceptors: a thread-local look, not a system call, on every accept. */
    private static final ThreadLocal<Boolean> RECORDED = ThreadLocal.withInitial(() -> false);

    /** How long no connection of the worker may have bytes queued before its app is told to shut down. */
    private static final Duration QUIET = Duration.ofMillis(100);
    private static final Duration POLL = Duration.ofMillis(10);

    private Adoption() {}

    /**
     * Turns adoption on for the app about to start. Before this, and in a worker without the
     * agent or without an inherited listening socket, every bind is left alone.
     *
     * @param port the port of the bind to adopt; 0 for the app's first server socket
     * @param url where javicorn's socket is reached, for the log line
     * @return whether binds will be adopted: the agent is in and fd 0 is a listening socket
     */
    public static boolean enable(int port, String url) {
        synchronized (Adoption.class) {
            adoptPort = port;
            servedOn = url;
        }
        enabled = installed;
        return enabled;
    }

    public static Progress progress() {
        return progress;
    }

    /** Whether the adopted descriptor is still a listening socket: the app has not closed its server. */
    public static boolean stillListening() {
        int fd = adoptedFd;
        try {
            return fd >= 0 && Libc.getIntOption(fd, Libc.SOL_SOCKET, Libc.SO_ACCEPTCONN) == 1;
        } catch (Libc.NativeException e) {
            return false;
        }
    }

    /**
     * Stops the app from taking connections off javicorn's socket, ahead of its shutdown, and
     * waits for those it took to be read and answered: then a connection in the socket's queue
     * is always left to another worker, and none is closed unread by this one's exit.
     *
     * <p>The app's descriptor becomes a copy of a fresh listening socket on the loopback that no
     * one connects to (with the app's {@code O_NONBLOCK}): its acceptor then finds nothing, or
     * blocks, instead of taking connections it would close as it shuts down. A platform thread
     * blocked in accept on javicorn's socket is woken ({@link NativeThreads#wake}) and blocks on
     * the new one; a connection it took meanwhile is waited for like the others. The wait ends
     * once no connection of this process on {@code port} has had bytes queued either way for
     * {@link #QUIET}, or after {@code within}. A request the app has read and still computes is
     * left to the app's own graceful shutdown.
     */
    public static void release(int port, Duration within) {
        int fd = adoptedFd;
        if (fd < 0) {
            return;
        }
        try (ListenSocket nobody = ListenSocket.tcp("127.0.0.1", 0, 1)) {
            int flags = Libc.fcntl(nobody.fd(), Libc.F_GETFL, 0);
            int app = Libc.fcntl(fd, Libc.F_GETFL, 0);
            Libc.fcntl(nobody.fd(), Libc.F_SETFL, (flags & ~Libc.O_NONBLOCK) | (app & Libc.O_NONBLOCK));
            Libc.dup2(nobody.fd(), fd);
            // A thread blocked in accept on javicorn's socket would still take a connection, and
            // close it unread as the app shuts down: woken, the JDK retries on the new socket.
            acceptors.forEach(NativeThreads::wake);
        } catch (ListenSocket.BindException | RuntimeException e) {
            Log.debug("Cannot release javicorn's socket before the app's shutdown: " + e);
        }
        long self = ProcessHandle.current().pid();
        long deadline = System.nanoTime() + within.toNanos();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < QUIET.toNanos() && System.nanoTime() < deadline) {
            if (SocketTable.busyConnections(self, port) > 0) {
                quietSince = System.nanoTime();
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /**
     * Whether a server socket's bind becomes the adoption of javicorn's socket: only a stream
     * socket's, only while none is adopted, and only on {@code adoptPort} when that is not 0.
     */
    static boolean chooses(boolean stream, boolean adoptedAlready, int port, int adoptPort) {
        return stream && !adoptedAlready && (adoptPort == 0 || port == adoptPort);
    }

    /** Whether the worker inherited a listening stream socket, so that there is one to adopt. */
    static boolean inheritsListener() {
        try {
            return Libc.getIntOption(INHERITED, Libc.SOL_SOCKET, Libc.SO_TYPE) == Libc.SOCK_STREAM
                    && Libc.getIntOption(INHERITED, Libc.SOL_SOCKET, Libc.SO_ACCEPTCONN) == 1;
        } catch (Libc.NativeException e) {
            return false; // not a socket, or closed
        }
    }

    static void installed() {
        installed = true;
    }

    /**
     * The hook of a server socket's bind: adopts when {@link #chooses} says so, by making {@code fd}
     * a copy of the inherited socket with the app's own {@code O_NONBLOCK} (one flag for every
     * holder of the socket; the app's later {@code configureBlocking} sets it there too).
     *
     * @return true if adopted, and the real bind must not happen
     * @throws Libc.NativeException if the descriptors cannot be swapped; the app's bind fails with it
     */
    static synchronized boolean bind(int fd, InetSocketAddress requested) {
        if (!enabled) {
            return false;
        }
        if (fd == adoptedFd) {
            adoptedFd = -1; // the adopted socket was closed, and its number is a new socket's now
        }
        boolean stream = Libc.getIntOption(fd, Libc.SOL_SOCKET, Libc.SO_TYPE) == Libc.SOCK_STREAM;
        if (!chooses(stream, adoptedFd >= 0, requested.getPort(), adoptPort)) {
            if (stream && adoptedFd < 0) {
                progress = Progress.DECLINED;
                Log.info("Application bound " + text(requested) + " itself: javicorn adopts only port " + adoptPort + ".");
            }
            return false;
        }
        int appFlags = Libc.fcntl(fd, Libc.F_GETFL, 0);
        Libc.dup2(INHERITED, fd);
        int shared = Libc.fcntl(fd, Libc.F_GETFL, 0);
        Libc.fcntl(fd, Libc.F_SETFL, (shared & ~Libc.O_NONBLOCK) | (appFlags & Libc.O_NONBLOCK));
        adoptedFd = fd;
        progress = Progress.ADOPTED;
        Log.info("Application bound " + text(requested) + "; it serves on javicorn's socket " + servedOn);
        return true;
    }

    /** The hook of a listen: the adopted socket already listens, with the supervisor's backlog. */
    static boolean listen(int fd) {
        return fd == adoptedFd;
    }

    /** The hook of an accept or an epoll registration. */
    static void accepts(int fd) {
        if (fd == adoptedFd) {
            if (!Thread.currentThread().isVirtual() && !RECORDED.get()) {
                acceptors.add(NativeThreads.currentTid()); // may block in accept: see release
                RECORDED.set(true);
            }
            if (progress != Progress.ACCEPTING) {
                progress = Progress.ACCEPTING;
            }
        }
    }

    private static String text(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
