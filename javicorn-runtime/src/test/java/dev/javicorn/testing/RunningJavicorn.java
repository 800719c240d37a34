package dev.javicorn.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real javicorn supervisor started as a separate JVM in a session of its own (so a test can
 * signal its whole process group, as Ctrl+C in a terminal does), with its output captured.
 */
public final class RunningJavicorn implements AutoCloseable {
    private static final Pattern RUNNING_ON = Pattern.compile("running on \\S*?:(\\d+)");
    private static final Pattern WORKER_PID = Pattern.compile("Started server process \\[(\\d+)]");

    private final Process process;
    /** Started in a PID namespace of its own: the pids in its log are not this machine's. */
    private final boolean namespaced;
    private final StringBuffer output = new StringBuffer();

    private RunningJavicorn(Process process, boolean namespaced) {
        this.process = process;
        this.namespaced = namespaced;
        Thread.ofPlatform().daemon().start(() -> copy(process.getInputStream()));
    }

    /** Starts {@code javicorn args...} from the test's own classpath. */
    public static RunningJavicorn start(Path workDir, String... args) {
        return startOn(System.getProperty("java.class.path"), workDir, args);
    }

    /** Starts {@code javicorn args...} from javicorn's jars, as a user runs it (see {@link JavicornJars}). */
    public static RunningJavicorn startFromJars(Path workDir, String... args) {
        return startOn(JavicornJars.classpath(), workDir, args);
    }

    /**
     * Starts {@code javicorn args...} as PID 1 of a new PID namespace, as a container's entrypoint
     * runs ({@code unshare --pid --fork --mount-proc}); {@link #pid} is then unshare's, and
     * {@link #namespaceInit} the supervisor's as this machine numbers it. Needs the right to
     * unshare (see {@link #cannotUnsharePid}).
     */
    public static RunningJavicorn startAsPid1(Path workDir, Map<String, String> env, String... args) {
        return startOn(System.getProperty("java.class.path"), workDir,
                List.of("setsid", "unshare", "--pid", "--fork", "--mount-proc", "--kill-child"), env, true, args);
    }

    /**
     * Starts {@code wrapper... java ... javicorn args...} in a session of its own: a launcher that
     * execs javicorn (so the supervisor keeps its pid), with {@code env} added to the environment.
     */
    public static RunningJavicorn startWrapped(List<String> wrapper, Path workDir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("setsid"));
        command.addAll(wrapper);
        return startOn(System.getProperty("java.class.path"), workDir, command, env, false, args);
    }

    /** Null if this user may start a process in a new PID namespace; else the reason why not. */
    public static String cannotUnsharePid() {
        try {
            Process probe = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", "true")
                    .redirectErrorStream(true).start();
            String said = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return probe.waitFor() == 0 ? null : "unshare --pid is not permitted here: " + said;
        } catch (IOException e) {
            return "no unshare command: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The supervisor's pid on this machine when it runs as PID 1 of its own namespace. */
    public long namespaceInit(Duration timeout) {
        long[] found = {-1};
        Wait.until(() -> {
            found[0] = process.toHandle().children().mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
            return found[0] > 0;
        }, timeout, () -> "no PID 1 under unshare; output:\n" + output);
        return found[0];
    }

    private static RunningJavicorn startOn(String classpath, Path workDir, String... args) {
        return startOn(classpath, workDir, List.of("setsid"), Map.of(), false, args);
    }

    private static RunningJavicorn startOn(String classpath, Path workDir, List<String> wrapper, Map<String, String> env,
                                           boolean namespaced, String... args) {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-cp", classpath, "dev.javicorn.cli.Main"));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
            builder.environment().put("NO_COLOR", "1");
            builder.environment().putAll(env);
            return new RunningJavicorn(builder.start(), namespaced);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs javicorn to completion; for the bad-input cases that must exit at once. */
    public static RunningJavicorn run(Path workDir, String... args) {
        RunningJavicorn javicorn = start(workDir, args);
        javicorn.awaitExit(Duration.ofSeconds(60));
        return javicorn;
    }

    public long pid() {
        return process.pid();
    }

    public String output() {
        return output.toString();
    }

    /** Waits until the output contains {@code text}; fails with the output so far if it does not. */
    public RunningJavicorn awaitLog(String text, Duration timeout) {
        Wait.until(() -> output.indexOf(text) >= 0, timeout, () -> "log line '" + text + "' not seen; output:\n" + output);
        return this;
    }

    /** Waits for "running on ..." and "Application ... complete/listening" and returns the port. */
    public int awaitReady(Duration timeout) {
        Wait.until(() -> output.indexOf("Application startup complete.") >= 0 || output.indexOf("Application is listening") >= 0
                        || output.indexOf("Application is serving") >= 0,
                timeout, () -> "app not ready; output:\n" + output);
        return port(Duration.ZERO);
    }

    /** The port of the {@code Javicorn running on} line, once it is there, whether the app serves or not. */
    public int port(Duration timeout) {
        Wait.until(() -> RUNNING_ON.matcher(output).find(), timeout, () -> "no 'running on' line; output:\n" + output);
        Matcher m = RUNNING_ON.matcher(output);
        m.find();
        return Integer.parseInt(m.group(1));
    }

    /** The pids of every worker started so far, in order. */
    public List<Long> workerPids() {
        List<Long> pids = new ArrayList<>();
        Matcher m = WORKER_PID.matcher(output);
        while (m.find()) {
            pids.add(Long.parseLong(m.group(1)));
        }
        return pids;
    }

    /** Sends a signal (e.g. "TERM") to the supervisor, or with {@code group} to its whole process group. */
    public void signal(String name, boolean group) {
        Procs.signal(group ? -pid() : pid(), name);
    }

    /** Waits for the supervisor to exit and returns its exit status. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("javicorn still running after " + timeout + "; output:\n" + output);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public int exitCode() {
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            Procs.signal(-pid(), "KILL");
        }
        if (namespaced) {
            return; // its PID 1 is gone, and the kernel took every process of the namespace with it
        }
        for (long worker : workerPids()) {
            Procs.killSession(worker);
        }
    }

    private void copy(InputStream in) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            output.append("[output closed: ").append(e.getMessage()).append("]");
        }
    }
}
