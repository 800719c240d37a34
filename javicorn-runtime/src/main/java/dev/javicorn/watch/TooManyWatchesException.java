package dev.javicorn.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel refused another inotify watch or instance. The message is one line a user can act on,
 * naming the limit, its current value and the {@code sysctl} that raises it, so the command line can
 * print it as it is instead of a stack trace.
 */
public final class TooManyWatchesException extends IOException {
    private static final long serialVersionUID = 1L;

    private static final Path WATCHES = Path.of("/proc/sys/fs/inotify/max_user_watches");
    private static final Path INSTANCES = Path.of("/proc/sys/fs/inotify/max_user_instances");

    private TooManyWatchesException(String message, IOException cause) {
        super(message, cause);
    }

    /**
     * The exception for a failed registration or watch-service creation, or {@code null} when
     * {@code failure} is not about an inotify limit. The JDK reports the limits as plain
     * {@link IOException}s whose messages name them ("User limit of inotify watches reached").
     *
     * @param watched how many directories were watched when the limit was hit
     */
    static TooManyWatchesException from(IOException failure, int watched) {
        String message = String.valueOf(failure.getMessage());
        if (message.contains("inotify watches")) {
            long limit = read(WATCHES);
            return new TooManyWatchesException("Cannot watch more than " + watched
                    + " directories: the inotify watch limit (fs.inotify.max_user_watches = " + show(limit)
                    + ") is reached. Raise it with 'sudo sysctl fs.inotify.max_user_watches="
                    + suggest(limit, 524_288) + "' (add it to /etc/sysctl.conf to keep it),"
                    + " or watch less with --reload-dir/--reload-exclude.", failure);
        }
        if (message.contains("inotify instances")) {
            long limit = read(INSTANCES);
            return new TooManyWatchesException("Cannot start a file watcher: the inotify instance limit"
                    + " (fs.inotify.max_user_instances = " + show(limit) + ") or the open-file limit is"
                    + " reached. Raise it with 'sudo sysctl fs.inotify.max_user_instances="
                    + suggest(limit, 1024) + "', or stop other watching tools.", failure);
        }
        return null;
    }

    private static long suggest(long limit, long floor) {
        return limit > 0 ? Math.max(floor, limit * 2) : floor;
    }

    private static String show(long limit) {
        return limit > 0 ? Long.toString(limit) : "unknown";
    }

    private static long read(Path limitFile) {
        try {
            return Long.parseLong(Files.readString(limitFile).strip());
        } catch (IOException | NumberFormatException | SecurityException e) {
            return -1;
        }
    }
}
