package dev.javicorn.testing;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A Unix datagram socket a test binds and reads, as systemd's notify socket is: the JDK has none,
 * so it is made through the FFM API. Messages are collected on a daemon thread until closed.
 */
public final class DatagramReceiver implements AutoCloseable {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECV = handle("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SHUTDOWN = handle("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private final int fd;
    private final String address;
    private final List<String> messages = new ArrayList<>();
    private final Thread reader;

    private DatagramReceiver(int fd, String address) {
        this.fd = fd;
        this.address = address;
        this.reader = Thread.ofPlatform().daemon().name("datagram-receiver").start(this::read);
    }

    /** Binds {@code address}: a path, or an abstract name with a leading {@code @}. */
    public static DatagramReceiver bind(String address) {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) SOCKET.invokeExact(1, 2, 0); // AF_UNIX, SOCK_DGRAM
            byte[] name = address.getBytes(StandardCharsets.UTF_8);
            MemorySegment sockaddr = arena.allocate(110, 2);
            sockaddr.set(JAVA_SHORT, 0, (short) 1);
            MemorySegment.copy(MemorySegment.ofArray(name), 0, sockaddr, 2, name.length);
            boolean anonymous = address.startsWith("@");
            if (anonymous) {
                sockaddr.set(JAVA_BYTE, 2, (byte) 0);
            }
            int rc = (int) BIND.invokeExact(fd, sockaddr, anonymous ? 2 + name.length : 3 + name.length);
            if (fd < 0 || rc != 0) {
                throw new IllegalStateException("cannot bind a datagram socket to " + address);
            }
            return new DatagramReceiver(fd, address);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public String address() {
        return address;
    }

    /** The messages received so far, in order. */
    public synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        try {
            int ignored = (int) SHUTDOWN.invokeExact(fd, 2); // wakes the reader with 0 bytes
            reader.join(5_000);
            ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private void read() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(4096);
            while (true) {
                long n = (long) RECV.invokeExact(fd, buffer, buffer.byteSize(), 0);
                if (n <= 0) {
                    return;
                }
                String message = new String(buffer.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
                synchronized (this) {
                    messages.add(message);
                }
            }
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor);
    }
}
