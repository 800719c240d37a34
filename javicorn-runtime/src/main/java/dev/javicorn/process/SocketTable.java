package dev.javicorn.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The TCP sockets of processes, read from {@code /proc}: each process's socket descriptors
 * ({@code /proc/PID/fd}) matched by inode with the rows of {@code /proc/net/tcp} and {@code tcp6}.
 * It explains and it waits, it never fails: anything unreadable is left out.
 */
public final class SocketTable {
    private static final String LISTEN = "0A";
    private static final String ESTABLISHED = "01";

    private SocketTable() {}

    /** One row: local {@code host:port} and port, state, bytes queued to send and not yet read, inode. */
    record Row(String local, int port, String state, long sendQueue, long receiveQueue, String inode) {}

    /** The addresses ({@code host:port}) the processes of session {@code sid} listen on, sorted. */
    public static List<String> listeningInSession(long sid) {
        Set<String> inodes = new HashSet<>();
        ProcessTree.session(sid).forEach(p -> inodes.addAll(socketInodes(p.pid())));
        TreeSet<String> found = new TreeSet<>();
        for (Row row : rows()) {
            if (row.state().equals(LISTEN) && inodes.contains(row.inode())) {
                found.add(row.local());
            }
        }
        return List.copyOf(found);
    }

    /**
     * How many connections of process {@code pid} on local port {@code port} have bytes in their
     * queues: a request not yet read, or an answer not yet sent.
     */
    public static int busyConnections(long pid, int port) {
        Set<String> inodes = socketInodes(pid);
        int busy = 0;
        for (Row row : rows()) {
            if (row.port() == port && row.state().equals(ESTABLISHED) && inodes.contains(row.inode())
                    && (row.sendQueue() > 0 || row.receiveQueue() > 0)) {
                busy++;
            }
        }
        return busy;
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            });
        } catch (IOException | RuntimeException e) {
            // gone, or not ours to read
        }
        return inodes;
    }

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/net", table)).stream().skip(1).toList()) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9) {
                        String[] local = f[1].split(":");
                        String[] queues = f[4].split(":");
                        rows.add(new Row(address(f[1]), Integer.parseInt(local[1], 16), f[3],
                                Long.parseLong(queues[0], 16), Long.parseLong(queues[1], 16), f[9]));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such table (no IPv6)
            }
        }
        return rows;
    }

    /** {@code 0100007F:1F90} (little-endian words, as the kernel prints them) to {@code 127.0.0.1:8080}. */
    static String address(String hex) {
        String[] parts = hex.split(":");
        return host(parts[0]) + ":" + Integer.parseInt(parts[1], 16);
    }

    private static String host(String hex) {
        byte[] raw = HexFormat.of().parseHex(hex);
        byte[] address = new byte[raw.length];
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                address[word + i] = raw[word + 3 - i];
            }
        }
        try {
            String host = InetAddress.getByAddress(address).getHostAddress();
            return host.contains(":") ? "[" + host + "]" : host;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(hex, e);
        }
    }
}
