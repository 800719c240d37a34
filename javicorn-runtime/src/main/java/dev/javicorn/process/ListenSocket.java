package dev.javicorn.process;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The listening socket the supervisor binds once and hands to every worker as its fd 0.
 *
 * <p>Bound through libc rather than {@code ServerSocketChannel} because the supervisor needs the
 * raw descriptor number to pass on, and the JDK does not expose it. The supervisor never accepts on
 * it. Not thread-safe; owned by the supervisor's control loop.
 */
public final class ListenSocket implements AutoCloseable {
    private static final int EADDRINUSE = 98, EADDRNOTAVAIL = 99, EACCES = 13;

    private final int fd;
    private final String display;
    private final int port;

    private ListenSocket(int fd, String display, int port) {
        this.fd = fd;
        this.display = display;
        this.port = port;
    }

    /** A TCP socket on {@code host:port}; port 0 picks a free port. */
    public static ListenSocket tcp(String host, int port, int backlog) throws BindException {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new BindException("cannot bind to " + host + ":" + port + ": unknown host " + host);
        }
        boolean v6 = address instanceof Inet6Address;
        int fd = Libc.socket(v6 ? Libc.AF_INET6 : Libc.AF_INET);
        try (Arena arena = Arena.ofConfined()) {
            Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, 1);
            MemorySegment sockaddr = v6 ? arena.allocate(28, 4) : arena.allocate(16, 4);
            sockaddr.set(JAVA_SHORT, 0, (short) (v6 ? Libc.AF_INET6 : Libc.AF_INET));
            sockaddr.set(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) port);
            MemorySegment.copy(MemorySegment.ofArray(address.getAddress()), 0, sockaddr, v6 ? 8 : 4,
                    address.getAddress().length);
            String where = (v6 ? "[" + address.getHostAddress() + "]" : address.getHostAddress());
            bindAndListen(fd, sockaddr, backlog, where + ":" + port);
            MemorySegment bound = Libc.getsockname(fd, arena, 28);
            int actual = Short.toUnsignedInt(bound.get(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2));
            return new ListenSocket(fd, "http://" + hostForUrl(host, v6) + ":" + actual, actual);
        } catch (BindException | RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /** A Unix domain socket at {@code path}. */
    public static ListenSocket unix(Path path, int backlog) throws BindException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= 108) {
            throw new BindException("unix socket path is too long (max 107 bytes): " + path);
        }
        int fd = Libc.socket(Libc.AF_UNIX);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sockaddr = arena.allocate(110, 2);
            sockaddr.set(JAVA_SHORT, 0, (short) Libc.AF_UNIX);
            MemorySegment.copy(MemorySegment.ofArray(name), 0, sockaddr, 2, name.length);
            sockaddr.set(JAVA_BYTE, 2 + name.length, (byte) 0);
            bindAndListen(fd, sockaddr, backlog, "unix socket " + path);
            return new ListenSocket(fd, "unix socket " + path, 0);
        } catch (BindException | RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /**
     * A socket already bound and listening, handed to us as descriptor {@code fd} (systemd, --fd).
     *
     * @throws BindException if {@code fd} is not open, not a socket, or not listening
     */
    public static ListenSocket inherited(int fd) throws BindException {
        try {
            if (Libc.getIntOption(fd, Libc.SOL_SOCKET, Libc.SO_ACCEPTCONN) != 1) {
                throw new BindException("file descriptor " + fd + " is a socket that does not listen (--fd, LISTEN_FDS)");
            }
        } catch (Libc.NativeException e) {
            throw new BindException("file descriptor " + fd + " is not a listening socket (--fd, LISTEN_FDS): "
                    + e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bound = Libc.getsockname(fd, arena, 112);
            int family = bound.get(JAVA_SHORT, 0);
            int port = Short.toUnsignedInt(bound.get(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2));
            if (family == Libc.AF_INET || family == Libc.AF_INET6) {
                byte[] raw = bound.asSlice(family == Libc.AF_INET ? 4 : 8, family == Libc.AF_INET ? 4 : 16).toArray(JAVA_BYTE);
                String host;
                try {
                    host = InetAddress.getByAddress(raw).getHostAddress();
                } catch (UnknownHostException e) {
                    host = "?";
                }
                return new ListenSocket(fd, "http://" + hostForUrl(host, family == Libc.AF_INET6) + ":" + port
                        + " (file descriptor " + fd + ")", port);
            }
        }
        return new ListenSocket(fd, "socket with file descriptor " + fd, 0);
    }

    public int fd() {
        return fd;
    }

    /** For the "running on" line: a URL for TCP, a description otherwise. */
    public String display() {
        return display;
    }

    /** The bound TCP port (the real one when port 0 was asked for), or 0. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        Libc.close(fd);
    }

    private static void bindAndListen(int fd, MemorySegment sockaddr, int backlog, String where) throws BindException {
        try {
            Libc.bind(fd, sockaddr);
            Libc.listen(fd, backlog);
        } catch (Libc.NativeException e) {
            String reason = switch (e.errno()) {
                case EADDRINUSE -> "address already in use";
                case EADDRNOTAVAIL -> "cannot assign requested address";
                case EACCES -> "permission denied";
                default -> e.getMessage();
            };
            throw new BindException("error while attempting to bind on address " + where + ": " + reason);
        }
    }

    private static String hostForUrl(String host, boolean v6) {
        return v6 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Binding failed; the message is one sentence for the user. */
    public static final class BindException extends Exception {
        public BindException(String message) {
            super(message);
        }
    }
}
