package dev.javicorn.supervise;

import dev.javicorn.log.Log;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * When a serving worker is replaced without having failed: when its threads deadlock, when it
 * stops proving it can serve ({@code --timeout-worker-healthcheck}), and after it has served its
 * share of requests ({@code --limit-max-requests} plus a random part of
 * {@code --limit-max-requests-jitter}, so that workers started together do not all recycle
 * together). Control-loop thread only.
 */
final class Health {
    private final Duration timeout;
    private final int maxRequests;
    private final int jitter;
    private final RandomGenerator random;
    private long lastCheck;

    Health(Duration timeout, int maxRequests, int jitter) {
        this.timeout = timeout;
        this.maxRequests = maxRequests;
        this.jitter = jitter;
        this.random = RandomGenerator.getDefault();
    }

    /** Health checks are sent several times per timeout, so one late answer is not a death sentence. */
    Duration interval() {
        // Not Duration.dividedBy, which divides through BigDecimal: 40 ms to initialize on a cold JVM.
        Duration third = Duration.ofNanos(timeout.toNanos() / 3);
        return third.compareTo(Duration.ofSeconds(1)) < 0 ? third : Duration.ofSeconds(1);
    }

    /** The number of requests after which a new worker is recycled; 0 for never. */
    long drawLimit() {
        return maxRequests <= 0 ? 0 : maxRequests + (long) (jitter > 0 ? random.nextInt(jitter + 1) : 0);
    }

    /** Pings the ready serving workers given, and marks for replacement one that is no longer fit to serve. */
    void check(List<Worker> serving, long now) {
        if (now - lastCheck > 2 * interval().toNanos()) {
            // The loop itself did not turn (the machine was suspended): no fault of the workers'.
            serving.forEach(w -> w.excuse(now));
        }
        lastCheck = now;
        for (Worker w : serving) {
            w.ping(now, interval());
            if (w.deadlock().isPresent()) {
                Log.error("Worker [" + w.pid() + "] has deadlocked threads; replacing it.\n"
                        + w.deadlock().get().indent(2).stripTrailing());
                w.replaceFor(Role.Reason.DEADLOCK);
            } else if (w.unhealthy(now, timeout)) {
                Log.error("Worker [" + w.pid() + "] did not prove it can serve within " + timeout.toMillis()
                        + " ms; replacing it.");
                w.requestDump();
                w.replaceFor(Role.Reason.UNHEALTHY);
            } else if (w.servedItsShare()) {
                Log.info("Worker [" + w.pid() + "] served " + w.served() + " requests; recycling it.");
                w.replaceFor(Role.Reason.RECYCLE);
            }
        }
    }
}
