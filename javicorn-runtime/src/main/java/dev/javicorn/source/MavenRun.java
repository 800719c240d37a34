package dev.javicorn.source;

import dev.javicorn.log.Log;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One Maven child process, run to completion or to its deadline, with its downloads condensed into
 * a progress line every few seconds. A first resolution of a Spring Boot pom downloads a hundred
 * files; echoing each would bury the rest of the log, showing nothing would look like a hang.
 *
 * <p>The child gets {@code JAVA_HOME} set to the JDK running javicorn, so a project's
 * {@code ./mvnw} (and {@code mvn}) builds with the same Java version javicorn serves with.
 */
final class MavenRun {
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*[A-Za-z]");
    // Downloads are reported at most this often; a quiet Maven gets a heartbeat at the longer interval.
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final long HEARTBEAT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    // A tree that keeps forking faster than it is killed is left to the last round: Maven does not.
    private static final int KILL_ROUNDS = 3;

    /** How a finished run ended: its exit status and its output, colours stripped. */
    record Outcome(int exitCode, List<String> output) {}

    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private volatile int downloads;
    private volatile String lastDownload;
    private int reported;
    private long lastLine;

    private MavenRun() {}

    /**
     * Runs {@code command} in {@code dir}, with {@code environment} added to javicorn's, and waits for
     * it, logging progress from the calling thread.
     *
     * @throws MavenProject.ResolutionException if Maven cannot be started or outlives {@code timeout};
     *         the process and everything it started is killed first
     * @throws BuildCancelledException if the calling thread is interrupted, before or while Maven
     *         runs: Maven and everything it started is killed at once, and the interrupt status is kept
     */
    static Outcome run(List<String> command, Path dir, Duration timeout, Map<String, String> environment)
            throws MavenProject.ResolutionException, BuildCancelledException {
        BuildCancelledException.throwIfInterrupted("before Maven started");
        return new MavenRun().execute(command, dir, timeout, environment);
    }

    private Outcome execute(List<String> command, Path dir, Duration timeout, Map<String, String> environment)
            throws MavenProject.ResolutionException, BuildCancelledException {
        // Batch mode never prompts, but stdin must not be the supervisor's terminal either.
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            String reason = String.valueOf(e.getMessage());
            reason = reason.contains(", ") ? reason.substring(reason.lastIndexOf(", ") + 2) : reason;
            throw new MavenProject.ResolutionException("cannot run Maven (" + command.getFirst() + "): " + reason
                    + "; put mvn on the PATH or add ./mvnw to the project", List.of());
        }
        Thread reader = Thread.ofVirtual().name("maven-output").start(() -> read(process));
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        lastLine = start;
        try {
            while (!process.waitFor(Math.min(PROGRESS_EVERY_NANOS, Math.max(1, deadline - System.nanoTime())), TimeUnit.NANOSECONDS)) {
                if (System.nanoTime() >= deadline) {
                    killTree(process);
                    throw new MavenProject.ResolutionException(
                            "Maven did not finish within " + timeout.toSeconds() + "s; see its output with --log-level debug", snapshot());
                }
                progress(start);
            }
            // The exit comes before the last lines are read: wait for the reader to reach EOF.
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new BuildCancelledException("while Maven was running");
        }
        if (downloads > reported) {
            Log.info("Downloaded " + downloads + " files");
        }
        return new Outcome(process.exitValue(), snapshot());
    }

    private void progress(long start) {
        long now = System.nanoTime();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(now - start);
        int done = downloads;
        if (done > reported) {
            Log.info("Downloaded " + done + " files so far (" + lastDownload + ", " + seconds + "s)");
            reported = done;
            lastLine = now;
        } else if (now - lastLine >= HEARTBEAT_EVERY_NANOS) {
            Log.info("Still resolving (" + seconds + "s)...");
            lastLine = now;
        }
    }

    private void read(Process process) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                String plain = ANSI.matcher(line).replaceAll("");
                output.add(plain);
                if (plain.startsWith("[INFO] Downloaded from ")) {
                    lastDownload = fileName(plain);
                    downloads++;
                }
                if (Log.enabled(Log.Level.DEBUG)) {
                    Log.debug("maven: " + plain);
                }
            }
        } catch (IOException e) {
            // The stream closes when the process is killed; what was read so far is all there is.
        }
    }

    /** {@code spring-core-7.0.1.jar} out of {@code Downloaded from central: https://.../spring-core-7.0.1.jar (2 MB at ...)}. */
    private static String fileName(String line) {
        String url = line.substring(line.indexOf(": ") + 2);
        int space = url.indexOf(' ');
        if (space > 0) {
            url = url.substring(0, space);
        }
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private List<String> snapshot() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /**
     * Ends Maven and everything it started (the {@code mvnw} script, the Maven JVM, the JVMs it
     * forked) with SIGKILL: the one way a stopped or timed-out run ends. The tree is listed while
     * Maven lives, since a process whose parent died is re-parented to init and drops out of
     * {@code descendants()}; then killed deepest first, Maven's own process last, so no process
     * outlives its parent; listed again for a child forked meanwhile. Waits (bounded) for Maven
     * itself to be reaped; the others are not this JVM's children and are reaped by their parent or init.
     */
    private static void killTree(Process process) {
        Set<Long> killed = new HashSet<>();
        for (int round = 0; round < KILL_ROUNDS; round++) {
            List<ProcessHandle> fresh = process.descendants().filter(p -> !killed.contains(p.pid())).toList();
            if (fresh.isEmpty()) {
                break;
            }
            Map<Long, Integer> depths = new HashMap<>();
            fresh.forEach(p -> depths.put(p.pid(), depth(p, process.pid())));
            fresh.stream().sorted(Comparator.comparingInt((ProcessHandle p) -> depths.get(p.pid())).reversed())
                    .forEach(p -> {
                        p.destroyForcibly();
                        killed.add(p.pid());
                    });
        }
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many ancestors {@code process} has below {@code root}, as it stands now. */
    private static int depth(ProcessHandle process, long root) {
        int depth = 0;
        for (Optional<ProcessHandle> parent = process.parent(); parent.isPresent() && parent.get().pid() != root && depth < 100;
                parent = parent.get().parent()) {
            depth++;
        }
        return depth;
    }
}
