package dev.javicorn.supervise;

import dev.javicorn.process.Libc;
import sun.misc.Signal;

import java.util.List;

/**
 * Turns the signals javicorn answers to into events for the control loop. The handlers only
 * queue: all the work happens on the loop's thread. QUIT stays the JVM's (thread dump), and USR1
 * and USR2 are left alone, as the JVM may use them.
 *
 * <p>The JVM does not take over a signal its parent set to be ignored. A shell's job control may
 * ignore INT for background jobs, and {@code nohup} ignores HUP; javicorn resets all three first,
 * so that Ctrl+C still stops it and HUP still restarts its workers (a hangup under {@code nohup}
 * then restarts the workers instead of ending javicorn, which is what {@code nohup} is for).
 */
final class Signals {
    private static final List<String> HANDLED = List.of("INT", "TERM", "HUP", "TTIN", "TTOU");

    private Signals() {}

    static void forwardTo(Supervisor supervisor) {
        Libc.restoreDefault(Libc.SIGINT);
        Libc.restoreDefault(Libc.SIGTERM);
        Libc.restoreDefault(Libc.SIGHUP);
        for (String name : HANDLED) {
            Signal.handle(new Signal(name), signal -> supervisor.post(new Event.Signal(name)));
        }
    }
}
