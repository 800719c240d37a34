package dev.javicorn.supervise;

import dev.javicorn.log.Log;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What the end of a worker means, by the role it had, and the one log line that says so:
 * <ul>
 *   <li>a spare, a retiring worker: nothing (it was asked to go);</li>
 *   <li>the run that makes the start-up cache: its cache is kept or dropped;</li>
 *   <li>a successor that was never ready: the worker it was to replace keeps serving, and the
 *       epoch is not tried again;</li>
 *   <li>a serving worker that was never ready: under {@code --reload}, wait for the next change;
 *       otherwise, if no worker ever served, the app cannot start and javicorn ends (3, or 1 for
 *       an app that is not what the command line says);</li>
 *   <li>a serving worker that crashed after it served: replaced, with a backoff if crashes repeat.</li>
 * </ul>
 * Control-loop thread only.
 */
final class Exits {
    private static final int EXIT_CANNOT_START = 3;

    private Exits() {}

    /** Empty to go on; else the exit status javicorn ends with. */
    static OptionalInt of(Worker worker, Role role, OptionalLong readySince, int status, Fleet fleet, Policy policy, long now) {
        String how = describe(status);
        switch (role) {
            case Role.Spare s -> Log.debug("Spare worker [" + worker.pid() + "] " + how + ".");
            case Role.Retiring r -> {
                Log.debug("Worker [" + worker.pid() + "] " + how + ".");
                fleet.tally().retired(r.reason());
            }
            case Role.MakingCache m -> m.finished().accept(status);
            case Role.Successor s -> {
                fleet.tally().failedStart();
                Log.error(failure(worker, how) + "; the old worker [" + s.replaces().pid() + "] keeps serving"
                        + (policy.reload() ? "; waiting for the next change." : "."));
                fleet.startFailed(worker.epoch());
            }
            case Role.Serving s when readySince.isEmpty() -> {
                fleet.tally().failedStart();
                Log.error(failure(worker, how) + ".");
                if (policy.reload()) {
                    fleet.startFailed(worker.epoch());
                    Log.warning(fleet.anyServing() ? "The last good worker keeps serving; waiting for the next change."
                            : "Waiting for the next change.");
                } else if (!fleet.everReady()) {
                    return OptionalInt.of(exitStatus(status) == 1 ? 1 : EXIT_CANNOT_START);
                } else {
                    restartLater(worker, how, now, fleet, now); // never served: no stable time to credit
                }
            }
            case Role.Serving s -> {
                fleet.tally().crashed(status);
                restartLater(worker, how, readySince.getAsLong(), fleet, now);
            }
        }
        return OptionalInt.empty();
    }

    private static void restartLater(Worker worker, String how, long readySince, Fleet fleet, long now) {
        Crashes crashes = fleet.crashed(readySince, now);
        long delay = crashes.delay().toMillis();
        Log.error("Worker [" + worker.pid() + "] " + how + "; starting a new one (attempt " + crashes.attempt()
                + (delay > 0 ? ", in " + delay + " ms" : "") + ").");
    }

    private static String failure(Worker worker, String how) {
        return worker.failure() != null ? "Application startup failed: " + worker.failure()
                : "Worker [" + worker.pid() + "] " + how + " before it was ready";
    }

    static int exitStatus(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
    }

    static String describe(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal == 0 ? "exited with status " + ((waitStatus >> 8) & 0xff)
                : "was killed by signal " + signal + switch (signal) {
                    case 9 -> " (SIGKILL)";
                    case 15 -> " (SIGTERM)";
                    case 6 -> " (SIGABRT)";
                    case 11 -> " (SIGSEGV)";
                    default -> "";
                };
    }
}
