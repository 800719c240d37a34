package dev.javicorn.process;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The few libc calls the JDK does not offer: spawning into a new session with chosen file
 * descriptors, signalling process groups, reaping, and raw reads and writes on inherited
 * descriptors. Linux (glibc 2.34 or newer) only. Every method may be called from any thread;
 * calls that block ({@link #read}, {@link #waitpid}) should be made from platform threads.
 */
public final class Libc {
    public static final int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGPIPE = 13, SIGTERM = 15;
    static final int AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10;
    public static final int SOCK_STREAM = 1, SOCK_DGRAM = 2;
    static final int MSG_DONTWAIT = 0x40, MSG_NOSIGNAL = 0x4000;
    static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1, SO_REUSEADDR = 2, SO_TYPE = 3, SO_ACCEPTCONN = 30;
    public static final int F_GETFL = 3, F_SETFL = 4, O_NONBLOCK = 0x800;
    static final int IPPROTO_IPV6 = 41, IPV6_V6ONLY = 26;
    static final short POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08, POSIX_SPAWN_SETSID = 0x80;
    static final int EINTR = 4, ESRCH = 3, ECHILD = 10;
    static final int WNOHANG = 1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /**
     * The one shape every function here is called with (variadic fcntl aside): six integer or
     * pointer arguments, each passed as a 64-bit word, and a 64-bit word back. The linker makes a
     * native stub and its method-handle classes per shape, 5-10 ms each on a cold JVM that cannot
     * keep them in its start-up cache; one shape binds the supervisor's 28 functions in about a
     * third of the time 21 shapes took. On Linux's x86-64 and AArch64 calling conventions this is
     * exact: arguments travel in registers, a function reads those it declares and ignores the
     * rest, an int argument is the low half of its register and an int result the low half of the
     * returned one ({@link #word} narrows it back). A pointer goes as its address: the segment
     * must stay alive for the call, as the arenas here do.
     */
    private static final FunctionDescriptor WORDS =
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);

    // Each group is bound when first used: a worker needs few of them.
    /** posix_spawn and its attributes and file actions: the supervisor only. */
    static final class Spawning {
        static final MethodHandle POSIX_SPAWN = plain("posix_spawn");
        static final MethodHandle FA_INIT = plain("posix_spawn_file_actions_init");
        static final MethodHandle FA_DESTROY = plain("posix_spawn_file_actions_destroy");
        static final MethodHandle FA_DUP2 = plain("posix_spawn_file_actions_adddup2");
        static final MethodHandle FA_OPEN = plain("posix_spawn_file_actions_addopen");
        static final MethodHandle FA_CLOSEFROM = plain("posix_spawn_file_actions_addclosefrom_np");
        static final MethodHandle ATTR_INIT = plain("posix_spawnattr_init");
        static final MethodHandle ATTR_DESTROY = plain("posix_spawnattr_destroy");
        static final MethodHandle ATTR_SETFLAGS = plain("posix_spawnattr_setflags");
        static final MethodHandle ATTR_SETSIGMASK = plain("posix_spawnattr_setsigmask");
        static final MethodHandle ATTR_SETSIGDEFAULT = plain("posix_spawnattr_setsigdefault");
        static final MethodHandle SIGEMPTYSET = plain("sigemptyset");
        static final MethodHandle SIGADDSET = plain("sigaddset");

        private Spawning() {}
    }

    /** Sockets: the listening socket and the control channel. */
    private static final class Sockets {
        static final MethodHandle SOCKETPAIR = errno("socketpair");
        static final MethodHandle SOCKET = errno("socket");
        static final MethodHandle SETSOCKOPT = errno("setsockopt");
        static final MethodHandle BIND = errno("bind");
        static final MethodHandle LISTEN = errno("listen");
        static final MethodHandle GETSOCKNAME = errno("getsockname");

        private Sockets() {}
    }

    /** The type and flags of a socket javicorn did not make: one inherited (--fd), one an app opened (adoption). */
    private static final class SocketFlags {
        static final MethodHandle GETSOCKOPT = errno("getsockopt");
        /** Variadic: a shape of its own, so that the call sets what a variadic callee expects. */
        static final MethodHandle FCNTL = LINKER.downcallHandle(symbol("fcntl"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));

        private SocketFlags() {}
    }

    /** sd_notify's datagrams. */
    private static final class Datagrams {
        static final MethodHandle SENDTO = errno("sendto");

        private Datagrams() {}
    }

    /** Signals to processes, and waiting for them. */
    private static final class Processes {
        static final MethodHandle KILL = errno("kill");
        static final MethodHandle WAITPID = errno("waitpid");

        private Processes() {}
    }

    /** Reading, writing, duplicating and closing descriptors. */
    private static final class Descriptors {
        static final MethodHandle READ = errno("read");
        static final MethodHandle WRITE = errno("write");
        static final MethodHandle CLOSE = errno("close");
        static final MethodHandle DUP = errno("dup");
        static final MethodHandle DUP2 = errno("dup2");

        private Descriptors() {}
    }

    /** Signal dispositions. */
    private static final class Handlers {
        static final MethodHandle SIGNAL = plain("signal");

        private Handlers() {}
    }

    /** Whether a descriptor is a terminal: the supervisor's first call, for its log's colors. */
    private static final class Terminals {
        static final MethodHandle ISATTY = plain("isatty");

        private Terminals() {}
    }

    /** The text of an errno. */
    private static final class Errors {
        static final MethodHandle STRERROR = plain("strerror");

        private Errors() {}
    }

    private Libc() {}

    /**
     * Binds the functions a supervisor needs before its first worker runs, e.g. on a thread of its
     * own early on, rather than each group at its first use. Those it needs last come first: its
     * main thread binds the others itself as it reaches them, on the other core. Error texts, sd_notify
     * and the flags of sockets javicorn did not make are bound when used.
     */
    public static void load() {
        for (Class<?> group : List.of(Spawning.class, Processes.class, Descriptors.class, Sockets.class, Handlers.class,
                Terminals.class)) {
            try {
                MethodHandles.lookup().ensureInitialized(group);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A failed libc call, with errno and its text. */
    public static final class NativeException extends RuntimeException {
        private final int errno;

        NativeException(String call, int errno) {
            super(call + ": " + strerror(errno));
            this.errno = errno;
        }

        public int errno() {
            return errno;
        }
    }

    static int posixSpawn(MemorySegment pid, MemorySegment path, MemorySegment actions, MemorySegment attr,
                          MemorySegment argv, MemorySegment envp) {
        return word(invoke(Spawning.POSIX_SPAWN, pid.address(), path.address(), actions.address(), attr.address(),
                argv.address(), envp.address()));
    }

    /** A connected pair of Unix stream sockets, both close-on-exec. */
    static int[] socketpair() {
        int[] pair = new int[2];
        call("socketpair", (state, arena) -> {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            int rc = word(invoke(Sockets.SOCKETPAIR, state, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds.address()));
            pair[0] = fds.getAtIndex(JAVA_INT, 0);
            pair[1] = fds.getAtIndex(JAVA_INT, 1);
            return rc;
        });
        return pair;
    }

    static int socket(int family) {
        return socket(family, SOCK_STREAM);
    }

    static int socket(int family, int type) {
        return (int) call("socket", (state, arena) -> word(invoke(Sockets.SOCKET, state, family, type | SOCK_CLOEXEC, 0)));
    }

    /**
     * Sends one datagram to the Unix datagram socket at {@code address} (a path, or an abstract
     * name written with a leading {@code @}), without blocking: the JDK has no Unix datagram
     * channel. A full receiver queue fails with EAGAIN rather than wait.
     *
     * @throws NativeException if the socket cannot be reached
     * @throws IllegalArgumentException if the address is longer than a socket address holds
     */
    public static void sendDatagram(String address, byte[] message) {
        byte[] name = address.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (name.length > 107) {
            throw new IllegalArgumentException("unix socket address is too long (max 107 bytes): " + address);
        }
        boolean anonymous = address.startsWith("@");
        int fd = socket(AF_UNIX, SOCK_DGRAM);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sockaddr = arena.allocate(110, 2);
            sockaddr.set(JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(MemorySegment.ofArray(name), 0, sockaddr, 2, name.length);
            // An abstract name starts with a NUL and has no terminating one: its length says where it ends.
            int length = anonymous ? 2 + name.length : 2 + name.length + 1;
            if (anonymous) {
                sockaddr.set(JAVA_BYTE, 2, (byte) 0);
            }
            MemorySegment data = arena.allocateFrom(JAVA_BYTE, message);
            call("sendto " + address, (state, a) -> invoke(Datagrams.SENDTO, state, fd, data.address(), data.byteSize(),
                    MSG_DONTWAIT | MSG_NOSIGNAL, sockaddr.address(), length));
        } finally {
            close(fd);
        }
    }

    static void setIntOption(int fd, int level, int option, int value) {
        call("setsockopt", (state, arena) ->
                word(invoke(Sockets.SETSOCKOPT, state, fd, level, option, arena.allocateFrom(JAVA_INT, value).address(), 4)));
    }

    /**
     * An int-valued socket option.
     *
     * @throws NativeException if {@code fd} is not an open socket (ENOTSOCK, EBADF) or lacks the option
     */
    public static int getIntOption(int fd, int level, int option) {
        return (int) call("getsockopt", (state, arena) -> {
            MemorySegment value = arena.allocate(JAVA_INT);
            int rc = word(invoke(SocketFlags.GETSOCKOPT, state, fd, level, option, value.address(),
                    arena.allocateFrom(JAVA_INT, 4).address()));
            return rc < 0 ? rc : value.get(JAVA_INT, 0);
        });
    }

    /** {@code fcntl} with an int argument or none ({@code F_GETFL}, {@code F_SETFL}); returns its result. */
    public static int fcntl(int fd, int command, int argument) {
        return (int) call("fcntl", (state, arena) -> (int) SocketFlags.FCNTL.invokeExact(state, fd, command, argument));
    }

    static void bind(int fd, MemorySegment address) {
        call("bind", (state, arena) -> word(invoke(Sockets.BIND, state, fd, address.address(), address.byteSize())));
    }

    static void listen(int fd, int backlog) {
        call("listen", (state, arena) -> word(invoke(Sockets.LISTEN, state, fd, backlog)));
    }

    /** The socket's local address, raw, in a buffer of {@code capacity} bytes from {@code into}. */
    static MemorySegment getsockname(int fd, Arena into, int capacity) {
        MemorySegment address = into.allocate(capacity);
        call("getsockname", (state, arena) ->
                word(invoke(Sockets.GETSOCKNAME, state, fd, address.address(), arena.allocateFrom(JAVA_INT, capacity).address())));
        return address;
    }

    /**
     * Sends {@code signal} to a process ({@code pid > 0}) or a process group ({@code pid < 0}).
     *
     * @return false if no such process or group exists any more
     */
    public static boolean kill(long pid, int signal) {
        return call("kill(" + pid + ", " + signal + ")",
                (state, arena) -> word(invoke(Processes.KILL, state, (int) pid, signal)), ESRCH) >= 0;
    }

    /** Blocks until the child exits and reaps it; returns the raw wait status, or -1 if not our child. */
    public static int waitpid(long pid) {
        long status = call("waitpid(" + pid + ")", (state, arena) -> {
            MemorySegment raw = arena.allocate(JAVA_INT);
            int rc = word(invoke(Processes.WAITPID, state, (int) pid, raw.address(), 0));
            return rc == pid ? raw.get(JAVA_INT, 0) : rc;
        }, ECHILD);
        return status < 0 ? -1 : (int) status;
    }

    /**
     * Reaps the child {@code pid} if it has exited, without waiting.
     *
     * @return its raw wait status, or -1 if it is still running or not our child
     */
    public static int reapIfExited(long pid) {
        long status = call("waitpid(" + pid + ", WNOHANG)", (state, arena) -> {
            MemorySegment raw = arena.allocate(JAVA_INT);
            int rc = word(invoke(Processes.WAITPID, state, (int) pid, raw.address(), WNOHANG));
            // 0: still running; the status is shifted by one so that an exit with 0 is told apart.
            return rc == pid ? raw.get(JAVA_INT, 0) + 1L : rc;
        }, ECHILD);
        return status <= 0 ? -1 : (int) (status - 1);
    }

    /** Reads up to {@code buffer.byteSize()} bytes; returns 0 at end of stream. */
    public static int read(int fd, MemorySegment buffer) {
        return (int) call("read", (state, arena) -> invoke(Descriptors.READ, state, fd, buffer.address(), buffer.byteSize()));
    }

    /** Writes all of {@code data}, however many calls it takes. */
    public static void write(int fd, MemorySegment data) {
        long offset = 0;
        while (offset < data.byteSize()) {
            MemorySegment rest = data.asSlice(offset);
            offset += call("write", (state, arena) -> invoke(Descriptors.WRITE, state, fd, rest.address(), rest.byteSize()));
        }
    }

    /** Whether {@code fd} is open on a terminal (isatty(3)); false for anything else. */
    public static boolean isTerminal(int fd) {
        return word(invoke(Terminals.ISATTY, fd)) == 1;
    }

    /** A new descriptor for the same open file. */
    public static int dup(int fd) {
        return (int) call("dup", (state, arena) -> word(invoke(Descriptors.DUP, state, fd)));
    }

    /** Makes {@code target} a copy of {@code fd}, closing what {@code target} was. */
    public static void dup2(int fd, int target) {
        call("dup2", (state, arena) -> word(invoke(Descriptors.DUP2, state, fd, target)));
    }

    public static void close(int fd) {
        call("close", (state, arena) -> Math.max(0, word(invoke(Descriptors.CLOSE, state, fd))));
    }

    /**
     * Restores the default action of a signal that was ignored when we started (a shell starts
     * background jobs with SIGINT ignored, and the JVM would then refuse to let us handle it).
     */
    public static void restoreDefault(int signal) {
        invoke(Handlers.SIGNAL, signal, 0); // 0 is SIG_DFL; the previous handler is of no use
    }

    static String strerror(int errno) {
        try {
            return MemorySegment.ofAddress(invoke(Errors.STRERROR, errno)).reinterpret(1024).getString(0);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            return "errno " + errno;
        }
    }

    /** An int result: the low half of the word a function returned (the high half is not defined). */
    static int word(long result) {
        return (int) result;
    }

    /** Calls a function bound by {@link #plain} with the arguments given (at most six), the others 0. */
    static long invoke(MethodHandle function, long... arguments) {
        long[] w = Arrays.copyOf(arguments, 6);
        try {
            return (long) function.invokeExact(w[0], w[1], w[2], w[3], w[4], w[5]);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Calls a function bound by {@link #errno}, its errno going to {@code state}, as {@link #invoke(MethodHandle, long...)}. */
    private static long invoke(MethodHandle function, MemorySegment state, long... arguments) throws Throwable {
        long[] w = Arrays.copyOf(arguments, 6);
        return (long) function.invokeExact(state, w[0], w[1], w[2], w[3], w[4], w[5]);
    }

    /** One libc call that reports failure as a negative result and errno. */
    @FunctionalInterface
    private interface Call {
        long invoke(MemorySegment callState, Arena arena) throws Throwable;
    }

    /**
     * Makes a call, retrying it when a signal interrupts it (EINTR).
     *
     * @return its result, or {@code -errno} if it failed with one of the {@code tolerated} errors
     * @throws NativeException if it failed with any other error
     */
    private static long call(String name, Call call, int... tolerated) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            while (true) {
                long rc = call.invoke(state, arena);
                if (rc >= 0) {
                    return rc;
                }
                int errno = (int) ERRNO.get(state, 0L);
                if (errno == EINTR) {
                    continue;
                }
                for (int allowed : tolerated) {
                    if (errno == allowed) {
                        return -errno;
                    }
                }
                throw new NativeException(name, errno);
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Fails with {@code name} unless a call that returns 0 or an error number, as posix_spawn's helpers do, returned 0. */
    static void check(String name, long result) {
        int rc = word(result);
        if (rc != 0) {
            throw new NativeException(name, rc);
        }
    }

    /** A function called with {@link #invoke}, in the one shape of {@link #WORDS}. */
    static MethodHandle plain(String name) {
        return LINKER.downcallHandle(symbol(name), WORDS);
    }

    /** A function called through {@link #call}, its errno captured. */
    private static MethodHandle errno(String name) {
        return LINKER.downcallHandle(symbol(name), WORDS, Linker.Option.captureCallState("errno"));
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    }
}
