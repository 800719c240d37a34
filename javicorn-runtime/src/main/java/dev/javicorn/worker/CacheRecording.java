package dev.javicorn.worker;

import dev.javicorn.log.Log;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Ends the start-up cache's recording of a worker that records it ({@code -XX:AOTMode=record}),
 * while the worker serves: what the JVM loaded and linked as the app started and served its first
 * requests is written to the recording file at once (the JDK's {@code AOT.end_recording}
 * diagnostic command, JDK 25), and the supervisor is told that the file is complete.
 *
 * <p>Why not at the worker's exit, where the JVM writes it otherwise: that takes seconds on two busy cores (3.0–4.6 s measured for the Spring Boot example), on top
 * of the app's own shutdown, and a stopping worker gets 3 s under {@code --reload}: in the tests the
 * supervisor killed the first worker half-way at its first reload, again and again. Ended here, the
 * recording costs the stop nothing. The JVM writes it at a safepoint, where no thread of the
 * worker runs: requests that come in meanwhile wait (a second or two; more on a busy machine),
 * once per set of jars, and the supervisor, told first, excuses the unanswered health checks.
 */
final class CacheRecording {
    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

    private CacheRecording() {}

    /**
     * Ends the recording {@code after} from now, on a daemon thread of its own: runs
     * {@code ending} first (the worker answers nothing while the JVM writes), then {@code ended}.
     * If the JVM cannot end it now, it says why and leaves the recording to the worker's exit.
     */
    static void endAfter(Duration after, Runnable ending, Runnable ended) {
        Thread.ofPlatform().daemon().name("javicorn-cache-recording").start(() -> {
            try {
                Thread.sleep(after);
                ending.run();
                Object answer = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(DIAGNOSTIC_COMMAND),
                        "aotEndRecording", new Object[] {null}, new String[] {String[].class.getName()});
                if (String.valueOf(answer).contains("successfully")) {
                    ended.run();
                } else {
                    Log.warning("The start-up cache's recording did not end: " + String.valueOf(answer).strip());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (JMException | RuntimeException e) {
                Log.warning("The start-up cache's recording did not end: " + e);
            }
        });
    }
}
