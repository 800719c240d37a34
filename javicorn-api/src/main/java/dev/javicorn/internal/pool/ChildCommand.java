package dev.javicorn.internal.pool;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a worker JVM: the owner's own JDK and classpath, and fast-start options. */
final class ChildCommand {
    /**
     * Chosen by timing worker start-up on a 2-core machine: the serial collector and no perf-data
     * file save roughly 20-40 ms of a ~150 ms start, and the CDS archive is what makes it
     * ~150 ms rather than ~300 ms. {@code -XX:TieredStopAtLevel=1} saved nothing measurable and
     * would slow down long CPU-bound tasks, which is what process pools are for, so it is left out.
     */
    static final List<String> DEFAULT_JVM_OPTIONS =
            List.of("-Xshare:auto", "-XX:+UseSerialGC", "-XX:-UsePerfData");

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
