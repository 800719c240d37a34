#!/usr/bin/env bash
# ProcessPool against Python's concurrent.futures.ProcessPoolExecutor, same pool size, one run.
# Usage: bench/pool/run.sh [pool size (2)] [rounds per measure (5)] [alternations (3)]
# Each side runs in its own process, alternating, so load from elsewhere hits both alike;
# every figure is the median over all rounds.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE=${1:-2}
ROUNDS=${2:-5}
ALTERNATIONS=${3:-3}
JDK=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
PYTHON=/usr/bin/python3
OUT=bench/out/pool
mkdir -p "$OUT"

if [ ! -d javicorn-api/target/classes/dev/javicorn/internal/pool ]; then
  JAVA_HOME="$JDK" ./mvnw -q -B -pl javicorn-api compile
fi
"$JDK/bin/javac" -d "$OUT" -cp javicorn-api/target/classes bench/pool/PoolBench.java

: >"$OUT/java.txt"
: >"$OUT/python.txt"
for _ in $(seq "$ALTERNATIONS"); do
  "$JDK/bin/java" -cp "javicorn-api/target/classes:$OUT" PoolBench "$SIZE" "$ROUNDS" >>"$OUT/java.txt"
  "$PYTHON" bench/pool/pool_bench.py "$SIZE" "$ROUNDS" >>"$OUT/python.txt"
done

median() { grep "^$1 " "$2" | awk '{print $2}' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $("$JDK/bin/java" -version 2>&1 | head -1); python: $("$PYTHON" --version)"
echo "pool size $SIZE, $ROUNDS rounds x $ALTERNATIONS alternations, medians"
printf '%-36s %12s %12s %18s\n' measure javicorn python javicorn/python
row() {
  local j p
  j=$(median "$1" "$OUT/java.txt")
  p=$(median "$1" "$OUT/python.txt")
  printf '%-36s %12s %12s %18s\n' "$2" "$j" "$p" "$(awk -v j="$j" -v p="$p" 'BEGIN {printf "%.2f", j / p}')"
}
row cold_start_ms "cold start to first result (ms)"
row round_trip_us "round trip, tiny task (us)"
row throughput_per_s "throughput, 10,000 tiny tasks (/s)"
echo "(lower is better for the first two rows, higher for throughput)"
