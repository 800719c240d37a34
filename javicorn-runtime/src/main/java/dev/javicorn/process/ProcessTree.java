package dev.javicorn.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code /proc} says about the processes of one session.
 *
 * <p>Every worker leads its own session, so everything it started — children, grandchildren whose
 * parent already exited (re-parented to init but still in the session), processes that moved to
 * another process group — shares its session id, unless it called {@code setsid} itself. That is
 * what makes the sweep after a kill complete where a process-group kill alone is not.
 */
public final class ProcessTree {
    /** One process: its ids, its state letter ({@code Z} for a zombie) and its command line. */
    public record Proc(long pid, long ppid, long pgid, long sid, char state, String command) {
        public boolean zombie() {
            return state == 'Z' || state == 'X';
        }
    }

    private ProcessTree() {}

    /** The live (non-zombie) processes whose session id is {@code sid}, the leader included. */
    public static List<Proc> session(long sid) {
        List<Proc> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                Proc proc = read(entry);
                if (proc != null && proc.sid == sid && !proc.zombie()) {
                    found.add(proc);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        return found;
    }

    /**
     * SIGKILLs the process group {@code sid} and then every process left in session {@code sid}.
     *
     * @return how many processes were still alive to kill
     */
    public static int killSession(long sid) {
        Libc.kill(-sid, Libc.SIGKILL);
        int killed = 0;
        for (Proc proc : session(sid)) {
            if (Libc.kill(proc.pid, Libc.SIGKILL)) {
                killed++;
            }
        }
        return killed;
    }

    /** One process, or null if it is gone. */
    public static Proc read(long pid) {
        return read(Path.of("/proc", Long.toString(pid)));
    }

    private static Proc read(Path dir) {
        try {
            String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
            // The command name may hold spaces and parentheses: the fields start after the last ')'.
            int close = stat.lastIndexOf(')');
            String[] fields = stat.substring(close + 2).split(" ");
            long pid = Long.parseLong(stat.substring(0, stat.indexOf(' ')));
            return new Proc(pid, Long.parseLong(fields[1]), Long.parseLong(fields[2]),
                    Long.parseLong(fields[3]), fields[0].charAt(0), commandLine(dir, stat, close));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String commandLine(Path dir, String stat, int close) throws IOException {
        byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
        if (raw.length == 0) {
            return "[" + stat.substring(stat.indexOf('(') + 1, close) + "]";
        }
        String line = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
