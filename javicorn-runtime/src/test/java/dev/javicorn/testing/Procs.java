package dev.javicorn.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Counting and signalling real processes through /proc and kill(1). */
public final class Procs {
    private Procs() {}

    /** True if the process exists and is not a zombie. */
    public static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** Live processes whose session id is {@code sid}. */
    public static List<Long> inSession(long sid) {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(fields[3]) == sid && fields[0].charAt(0) != 'Z') {
                        found.add(Long.parseLong(entry.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    /** One process as /proc/PID/stat shows it: zombies included. */
    public record Stat(long pid, long ppid, char state, String name) {
        public boolean zombie() {
            return state == 'Z' || state == 'X';
        }
    }

    /**
     * Every process below {@code root} (children, their children...), zombies included, as this
     * machine's /proc shows them.
     */
    public static List<Stat> descendants(long root) {
        List<Stat> all = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    all.add(new Stat(Long.parseLong(entry.getFileName().toString()), Long.parseLong(fields[1]),
                            fields[0].charAt(0), stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))));
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<Stat> below = new ArrayList<>();
        java.util.Set<Long> parents = new java.util.HashSet<>(Set.of(root));
        for (boolean grew = true; grew; ) {
            grew = false;
            for (Stat stat : all) {
                if (parents.contains(stat.ppid()) && parents.add(stat.pid())) {
                    below.add(stat);
                    grew = true;
                }
            }
        }
        return below;
    }

    public static void signal(long pid, String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, "--", Long.toString(pid)).redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            kill.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Test cleanup: whatever is left of a worker's session goes. */
    public static void killSession(long sid) {
        for (long pid : inSession(sid)) {
            signal(pid, "KILL");
        }
    }

    /** The pids of the live processes whose parent is {@code pid}. */
    public static Set<Long> children(long pid) {
        return ProcessHandle.of(pid).stream().flatMap(ProcessHandle::children).filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    public static long threadCount(long pid) {
        return countEntries(Path.of("/proc", Long.toString(pid), "task"));
    }

    public static long fdCount(long pid) {
        return countEntries(Path.of("/proc", Long.toString(pid), "fd"));
    }

    /**
     * The live objects in a JVM's heap, in KiB: the total of a class histogram, which the JVM
     * takes right after a full GC (through jcmd). Unlike the heap's "used" figures, it counts
     * neither metaspace nor space the collector has not compacted.
     */
    public static long heapUsedAfterGc(long pid) {
        String histogram = jcmd(pid, "GC.class_histogram");
        java.util.regex.Matcher total = java.util.regex.Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(histogram);
        if (!total.find()) {
            throw new IllegalStateException("no class histogram from " + pid + ": " + histogram);
        }
        return Long.parseLong(total.group(1)) / 1024;
    }

    private static String jcmd(long pid, String command) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor();
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static long countEntries(Path dir) {
        try (var s = Files.list(dir)) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
