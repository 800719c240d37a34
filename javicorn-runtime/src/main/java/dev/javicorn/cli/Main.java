package dev.javicorn.cli;

import dev.javicorn.config.Config;
import dev.javicorn.log.Log;
import dev.javicorn.process.Libc;
import dev.javicorn.supervise.Server;
import picocli.CommandLine;

import java.io.PrintWriter;

/** The {@code javicorn} command: parse, then hand over to the right supervisor. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Binding libc's functions spins method handles, 40-50 ms on a cold JVM (Libc's one shape):
        // done on a core of its own while the command line is read and the socket bound (see Libc.load).
        Thread.ofPlatform().daemon().name("javicorn-libc").start(Libc::load);
        System.exit(run(args));
    }

    static int run(String[] args) {
        // picocli looks up its converters for java.sql and java.time types by reflection as it
        // starts, initializing those classes (JDBC's driver manager, the time-zone rules): about
        // 30 ms of a cold supervisor. No option has such a type (durations go through Seconds).
        System.setProperty("picocli.converters.excludes", "java\\.sql\\..*,java\\.time\\..*");
        Config config;
        try {
            Cli cli = QuickParse.parse(args).orElse(null);
            if (cli == null) {
                cli = new Cli();
                if (CommandLine.printHelpIfRequested(new CommandLine(cli).parseArgs(args))) {
                    return 0;
                }
            }
            config = cli.toConfig();
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            PrintWriter err = new PrintWriter(System.err, true);
            err.println("Usage: javicorn [OPTIONS] APP");
            err.println("Try 'javicorn --help' for help.");
            err.println();
            err.println("Error: " + e.getMessage());
            return 2;
        }
        boolean json = config.logging().format().equals("json");
        boolean colors = !json && (config.logging().useColors() != null ? config.logging().useColors() : Terminal.isInteractive());
        Log.configure(Log.Level.parse(config.logging().level()), colors, config.logging().accessLog(),
                Log.Format.parse(config.logging().format()));
        return new Server(config, colors).run();
    }
}
