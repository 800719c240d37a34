package dev.javicorn.process;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * A line-based channel over one end of a socket pair: the supervisor holds one end, a worker
 * the other as its fd 3.
 *
 * <p>End of stream means the other side is gone: a worker treats it as "my supervisor died" and
 * takes its whole session down; the supervisor treats it as "the worker died". One thread reads
 * ({@link #receive}); any thread may {@link #send}, whole lines at a time.
 */
public final class ControlChannel implements AutoCloseable {
    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(8192);
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private int start;
    private int end;
    private volatile boolean closed;

    public ControlChannel(int fd) {
        this.fd = fd;
    }

    public int fd() {
        return fd;
    }

    /** Blocks for the next line (without its newline), or returns null at end of stream or after close. */
    public String receive() {
        while (true) {
            for (int i = start; i < end; i++) {
                if (buffer.get(JAVA_BYTE, i) == '\n') {
                    pending.write(buffer.asSlice(start, i - start).toArray(JAVA_BYTE), 0, i - start);
                    start = i + 1;
                    String line = pending.toString(StandardCharsets.UTF_8);
                    pending.reset();
                    return line;
                }
            }
            pending.write(buffer.asSlice(start, end - start).toArray(JAVA_BYTE), 0, end - start);
            start = end = 0;
            if (closed) {
                return null;
            }
            int n;
            try {
                n = Libc.read(fd, buffer);
            } catch (Libc.NativeException e) {
                return null;
            }
            if (n == 0) {
                return null;
            }
            end = n;
        }
    }

    /** Sends one message, encoded by {@link Control#encode}. Returns false if the other side is gone. */
    public boolean send(Control message) {
        return send(Control.encode(message));
    }

    /** Sends one line; newlines inside it are not allowed. Returns false if the other side is gone. */
    public synchronized boolean send(String line) {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a control message is one line");
        }
        if (closed) {
            return false;
        }
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try (Arena call = Arena.ofConfined()) {
            Libc.write(fd, call.allocateFrom(JAVA_BYTE, bytes));
            return true;
        } catch (Libc.NativeException e) {
            return false;
        }
    }

    /** Closes our end. Called by the reading thread once it has seen end of stream. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Libc.close(fd);
            arena.close();
        }
    }
}
