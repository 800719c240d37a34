package dev.javicorn.supervise;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When a worker is replaced without having failed: when it stops proving it can serve
 * ({@code --timeout-worker-healthcheck}), and after it has served its share of requests
 * ({@code --limit-max-requests} plus a random part of {@code --limit-max-requests-jitter}, so that
 * workers started together do not all recycle together).
 */
record Health(Duration timeout, int maxRequests, int jitter, RandomGenerator random) {
    Health(Duration timeout, int maxRequests, int jitter) {
        this(timeout, maxRequests, jitter, RandomGenerator.getDefault());
    }

    /** Health checks are sent several times per timeout, so one late answer is not a death sentence. */
    Duration interval() {
        Duration third = timeout.dividedBy(3);
        return third.compareTo(Duration.ofSeconds(1)) < 0 ? third : Duration.ofSeconds(1);
    }

    /** The number of requests after which a new worker is recycled; 0 for never. */
    long drawLimit() {
        return maxRequests <= 0 ? 0 : maxRequests + (long) (jitter > 0 ? random.nextInt(jitter + 1) : 0);
    }
}
