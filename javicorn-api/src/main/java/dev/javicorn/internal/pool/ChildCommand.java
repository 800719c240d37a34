package dev.javicorn.internal.pool;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a worker JVM: the owner's own JDK and classpath, and fast-start options. */
final class ChildCommand {
    /**
     * Chosen by timing a trivial JVM start on a 2-core machine (20 starts each): about 215 ms with
     * no options, 140 ms with the serial collector (no GC threads to start for a small heap), and
     * 120-135 ms without the perf-data file as well. {@code -Xshare:auto} is the default, spelled
     * out because the CDS archive is most of what keeps start-up this low. Adding
     * {@code -XX:TieredStopAtLevel=1} made no difference beyond noise, and would slow down long
     * CPU-bound tasks, which are what process pools are for, so it is left out.
     */
    static final List<String> DEFAULT_JVM_OPTIONS =
            List.of("-Xshare:auto", "-XX:+UseSerialGC", "-XX:-UsePerfData");

    /** The argument of a worker started ahead of its pool: it warms up while it waits. */
    static final String STANDBY = "standby";

    private ChildCommand() {}

    static List<String> build(List<String> jvmOptions) {
        var command = new ArrayList<String>();
        command.add(javaExecutable());
        command.addAll(DEFAULT_JVM_OPTIONS);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath());
        command.add(ChildMain.class.getName());
        return command;
    }

    // java.home first: the current process may be a native launcher rather than java itself.
    private static String javaExecutable() {
        var fromHome = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(fromHome)) {
            return fromHome.toString();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }

    // Module-path entries run fine on the classpath, and the worker needs the app's classes too.
    private static String classpath() {
        var parts = new ArrayList<String>();
        for (var property : List.of("java.class.path", "jdk.module.path")) {
            var value = System.getProperty(property, "");
            if (!value.isEmpty()) {
                parts.add(value);
            }
        }
        return String.join(File.pathSeparator, parts);
    }
}
