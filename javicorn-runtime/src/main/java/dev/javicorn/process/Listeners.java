package dev.javicorn.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The TCP addresses a set of processes listens on, read from {@code /proc}: each process's socket
 * descriptors ({@code /proc/PID/fd}) matched by inode with the listening sockets of
 * {@code /proc/net/tcp} and {@code tcp6}. Used to say what a worker that is not ready is doing
 * ("it listens on 0.0.0.0:8080"). Anything unreadable is left out: this explains, it never fails.
 */
public final class Listeners {
    private static final String LISTEN = "0A";

    private Listeners() {}

    /** The addresses ({@code host:port}) the processes of session {@code sid} listen on, sorted. */
    public static List<String> ofSession(long sid) {
        Map<String, String> listening = new HashMap<>();
        for (String table : List.of("tcp", "tcp6")) {
            read(Path.of("/proc/net", table), listening);
        }
        TreeSet<String> found = new TreeSet<>();
        for (ProcessTree.Proc proc : ProcessTree.session(sid)) {
            try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(proc.pid()), "fd"))) {
                fds.forEach(fd -> {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            String address = listening.get(target.substring(8, target.length() - 1));
                            if (address != null) {
                                found.add(address);
                            }
                        }
                    } catch (IOException e) {
                        // closed meanwhile
                    }
                });
            } catch (IOException | RuntimeException e) {
                // gone, or not ours to read
            }
        }
        return List.copyOf(found);
    }

    /** Adds inode -> address for the listening sockets of one {@code /proc/net} table. */
    private static void read(Path table, Map<String, String> into) {
        try {
            for (String line : Files.readAllLines(table).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals(LISTEN)) {
                    into.put(f[9], address(f[1]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no such table (no IPv6)
        }
    }

    /** {@code 0100007F:1F90} (little-endian words, as the kernel prints them) to {@code 127.0.0.1:8080}. */
    static String address(String hex) throws UnknownHostException {
        String[] parts = hex.split(":");
        byte[] raw = HexFormat.of().parseHex(parts[0]);
        byte[] address = new byte[raw.length];
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                address[word + i] = raw[word + 3 - i];
            }
        }
        String host = InetAddress.getByAddress(address).getHostAddress();
        int port = Integer.parseInt(parts[1], 16);
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
