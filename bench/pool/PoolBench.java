import dev.javicorn.ProcessPool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * javicorn side of bench/pool/run.sh; prints "metric value" lines that run.sh tabulates.
 * Same measurements, in the same order, as pool_bench.py.
 */
public final class PoolBench {
    static int tiny(int x) {
        return x + 1;
    }

    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);

        var cold = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            try (var pool = ProcessPool.create(size)) {
                pool.submit(() -> tiny(1)).get();
                cold[r] = (System.nanoTime() - start) / 1e6;
            }
        }

        try (var pool = ProcessPool.create(size)) {
            // Warm both sides as a long-running app would be; Python needs no JIT warm-up.
            for (int i = 0; i < 5_000; i++) {
                int n = i;
                pool.submit(() -> tiny(n)).get();
            }
            runMany(pool, 10_000);

            int sequential = 5_000;
            var rtt = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                for (int i = 0; i < sequential; i++) {
                    int n = i;
                    pool.submit(() -> tiny(n)).get();
                }
                rtt[r] = (System.nanoTime() - start) / 1e3 / sequential;
            }

            var throughput = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                runMany(pool, 10_000);
                throughput[r] = 10_000 / ((System.nanoTime() - start) / 1e9);
            }
            System.out.printf("cold_start_ms %.1f%n", median(cold));
            System.out.printf("round_trip_us %.1f%n", median(rtt));
            System.out.printf("throughput_per_s %.0f%n", median(throughput));
        }
    }

    private static void runMany(ProcessPool pool, int count) {
        var futures = new ArrayList<CompletableFuture<Integer>>(count);
        for (int i = 0; i < count; i++) {
            int n = i;
            futures.add(pool.submit(() -> tiny(n)));
        }
        futures.forEach(CompletableFuture::join);
    }

    private static double median(double[] values) {
        var sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
