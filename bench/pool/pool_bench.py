"""Python side of bench/pool/run.sh: the same measurements as PoolBench.java."""
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor


def tiny(x):
    return x + 1


def run_many(pool, count):
    futures = [pool.submit(tiny, i) for i in range(count)]
    for f in futures:
        f.result()


def main():
    size, rounds = int(sys.argv[1]), int(sys.argv[2])

    cold = []
    for _ in range(rounds):
        start = time.perf_counter()
        with ProcessPoolExecutor(max_workers=size) as pool:
            pool.submit(tiny, 1).result()
            cold.append((time.perf_counter() - start) * 1e3)

    with ProcessPoolExecutor(max_workers=size) as pool:
        for i in range(5_000):
            pool.submit(tiny, i).result()
        run_many(pool, 10_000)

        sequential = 5_000
        rtt = []
        for _ in range(rounds):
            start = time.perf_counter()
            for i in range(sequential):
                pool.submit(tiny, i).result()
            rtt.append((time.perf_counter() - start) * 1e6 / sequential)

        throughput = []
        for _ in range(rounds):
            start = time.perf_counter()
            run_many(pool, 10_000)
            throughput.append(10_000 / (time.perf_counter() - start))

    print(f"cold_start_ms {statistics.median(cold):.1f}")
    print(f"round_trip_us {statistics.median(rtt):.1f}")
    print(f"throughput_per_s {statistics.median(throughput):.0f}")


if __name__ == "__main__":
    main()
