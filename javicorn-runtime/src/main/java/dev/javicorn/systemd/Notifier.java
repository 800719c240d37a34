package dev.javicorn.systemd;

import dev.javicorn.log.Log;
import dev.javicorn.process.Libc;
import dev.javicorn.supervise.Observer;
import dev.javicorn.supervise.Phase;
import dev.javicorn.supervise.Snapshot;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * sd_notify for javicorn: tells systemd when it is ready, reloading and stopping, what it is
 * doing, and that its control loop turns (see the package's theory of operation). An observer of
 * the loop: called on the loop's thread only, never blocks. A message that cannot be sent is
 * logged once, and the next ones are still tried.
 */
public final class Notifier implements Observer {
    private final String socket;
    /** Half the watchdog interval, in nanoseconds; 0 without a watchdog. */
    private final long watchdogEvery;
    private Phase announced = Phase.STARTING;
    private String status = "";
    private long nextPing;
    private boolean pinged;
    private boolean failed;

    Notifier(String socket, long watchdogEvery) {
        this.socket = socket;
        this.watchdogEvery = watchdogEvery;
    }

    /**
     * The notifier systemd asked for through {@code NOTIFY_SOCKET}, or empty.
     *
     * @throws IllegalArgumentException if {@code WATCHDOG_USEC} is set for us but is not a number
     */
    public static Optional<Notifier> fromEnvironment(Map<String, String> env, long pid) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isBlank()) {
            return Optional.empty();
        }
        long every = 0;
        String usec = env.get("WATCHDOG_USEC");
        String watchdogPid = env.get("WATCHDOG_PID");
        if (usec != null && (watchdogPid == null || watchdogPid.strip().equals(Long.toString(pid)))) {
            try {
                every = Long.parseLong(usec.strip()) * 1000 / 2;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("WATCHDOG_USEC must be a number of microseconds, got '" + usec + "'");
            }
        }
        return Optional.of(new Notifier(socket, Math.max(0, every)));
    }

    @Override
    public void turned(Snapshot snapshot) {
        StringBuilder message = new StringBuilder();
        if (snapshot.phase() != announced) {
            switch (snapshot.phase()) {
                case READY -> message.append("READY=1\n");
                case RELOADING -> message.append("RELOADING=1\nMONOTONIC_USEC=").append(snapshot.at() / 1000).append('\n');
                case STOPPING -> message.append("STOPPING=1\n");
                case STARTING -> { }
            }
            announced = snapshot.phase();
        }
        String now = status(snapshot);
        if (!now.equals(status)) {
            message.append("STATUS=").append(now).append('\n');
            status = now;
        }
        if (watchdogEvery > 0 && (!pinged || snapshot.at() - nextPing >= 0)) {
            message.append("WATCHDOG=1\n");
            pinged = true;
            nextPing = snapshot.at() + watchdogEvery;
        }
        if (!message.isEmpty()) {
            send(message.toString());
        }
    }

    @Override
    public long nextTurn() {
        return watchdogEvery > 0 && pinged ? nextPing : Long.MAX_VALUE;
    }

    /** One line for {@code systemctl status}: what javicorn is doing, its workers and its last reload. */
    static String status(Snapshot snapshot) {
        String workers = snapshot.serving() + " of " + snapshot.desired() + " worker" + (snapshot.desired() == 1 ? "" : "s")
                + " serving";
        Snapshot.Timings reloads = snapshot.counts().reloads();
        String last = reloads.count() == 0 ? "" : "; last reload " + reloads.lastNanos() / 1_000_000 + " ms";
        return switch (snapshot.phase()) {
            case STARTING -> "Starting; " + workers;
            case READY -> "Serving; " + workers + last;
            case RELOADING -> "Reloading; " + workers + last;
            case STOPPING -> "Stopping; " + workers;
        };
    }

    private void send(String message) {
        try {
            Libc.sendDatagram(socket, message.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            if (!failed) {
                failed = true;
                Log.warning("Cannot notify systemd at " + socket + " (NOTIFY_SOCKET): " + e.getMessage());
            }
        }
    }
}
