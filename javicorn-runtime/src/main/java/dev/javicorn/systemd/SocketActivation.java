package dev.javicorn.systemd;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The listening socket systemd hands over by socket activation: descriptor 3, when
 * {@code LISTEN_PID} names this process and {@code LISTEN_FDS} is at least 1.
 */
public final class SocketActivation {
    /** The first descriptor systemd passes ({@code SD_LISTEN_FDS_START}). */
    public static final int FIRST_FD = 3;
    /** The variables systemd sets for javicorn alone; no worker inherits them. */
    public static final List<String> VARIABLES = List.of("NOTIFY_SOCKET", "LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES",
            "WATCHDOG_USEC", "WATCHDOG_PID");

    private SocketActivation() {}

    /**
     * The descriptor of the socket systemd passed to process {@code pid}, if it passed one;
     * variables meant for another process (a {@code LISTEN_PID} that is not ours) are ignored.
     *
     * @throws IllegalArgumentException if {@code LISTEN_FDS} is meant for us but is not a count
     */
    public static Optional<Integer> listenFd(Map<String, String> env, long pid) {
        String listenPid = env.get("LISTEN_PID");
        String count = env.get("LISTEN_FDS");
        if (listenPid == null || count == null || !listenPid.strip().equals(Long.toString(pid))) {
            return Optional.empty();
        }
        int fds;
        try {
            fds = Integer.parseInt(count.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("LISTEN_FDS must be a number of sockets, got '" + count + "'");
        }
        return fds >= 1 ? Optional.of(FIRST_FD) : Optional.empty();
    }
}
