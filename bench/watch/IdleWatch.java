import dev.javicorn.watch.PathFilter;
import dev.javicorn.watch.Watcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Watches one tree the way {@code javicorn --reload --reload-include '*.py'} would and prints one line
 * per change set, for bench/watch/measure.py to time. Usage: IdleWatch TREE [quiet-ms]
 */
public final class IdleWatch {
    public static void main(String[] args) throws Exception {
        Path tree = Path.of(args[0]);
        Duration quiet = args.length > 1 ? Duration.ofMillis(Long.parseLong(args[1])) : Watcher.DEFAULT_QUIET_PERIOD;
        long started = System.nanoTime();
        try (Watcher watcher = Watcher.start(List.of(tree), PathFilter.withGlobs(List.of("*.py"), List.of()), quiet)) {
            long ms = (System.nanoTime() - started) / 1_000_000;
            System.out.println("Started reloader process [" + ProcessHandle.current().pid() + "] using "
                    + watcher.kind() + "; registered in " + ms + " ms");
            System.out.flush();
            while (true) {
                System.out.println("Detected changes in " + watcher.next().describe(3));
                System.out.flush();
            }
        }
    }
}
