package dev.javicorn.supervise;

import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.random.RandomGenerator;

/**
 * When a worker is replaced without having failed: when it stops proving it can serve
 * ({@code --timeout-worker-healthcheck}), and after it has served its share of requests
 * ({@code --limit-max-requests} plus a random part of {@code --limit-max-requests-jitter}, so that
 * workers started together do not all recycle together). Control-loop thread only.
 */
record Health(Duration timeout, int maxRequests, int jitter, RandomGenerator random, Map<Worker, Long> limits) {
    Health(Duration timeout, int maxRequests, int jitter) {
        this(timeout, maxRequests, jitter, RandomGenerator.getDefault(), new WeakHashMap<>());
    }

    /** Health checks are sent several times per timeout, so one late answer is not a death sentence. */
    Duration interval() {
        Duration third = timeout.dividedBy(3);
        return third.compareTo(Duration.ofSeconds(1)) < 0 ? third : Duration.ofSeconds(1);
    }

    boolean recycleAfter(Worker worker) {
        if (maxRequests <= 0 || worker.served() < 0) {
            return false;
        }
        long limit = limits.computeIfAbsent(worker, w -> maxRequests + (long) (jitter > 0 ? random.nextInt(jitter + 1) : 0));
        return worker.served() >= limit;
    }
}
