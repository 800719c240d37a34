#!/usr/bin/env bash
# Does the session a server runs in change what it serves? With the kernel's autogroup scheduling
# (/proc/sys/kernel/sched_autogroup_enabled) each session is one scheduling group, and a javicorn
# worker runs in a session of its own while a peer started from a shell shares wrk's. This serves
# javicorn's own HTTP runtime in one JVM (InProcHello.java) in turn in wrk's session and, under
# setsid, in one of its own, ROUNDS times, and prints requests/s and p99 for each.
#
# Usage: bench/sessions/run.sh   Knobs: ROUNDS=3 DURATION=10s WARMUP=5s
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
ROUNDS="${ROUNDS:-3}" DURATION="${DURATION:-10s}" WARMUP="${WARMUP:-5s}"
PY=/usr/bin/python3
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
. "$root/scripts/find-jdk.sh"
javicorn_find_jdk >/dev/null
"$root/javicorn" --version >/dev/null   # builds javicorn and target/lib on first use
. "$root/bench/lib.sh"                  # free_port, wait_ready, stop, wrk_rps, wrk_p99_ms
out="$(mktemp)"; pid=""
trap '[ -z "$pid" ] || stop "$pid"; rm -f "$out"' EXIT

echo "autogroup scheduling: $(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null || echo unknown)" \
  "(1 = on); wrk -t2 -c64 -d$DURATION after a $WARMUP warm-up, $(nproc) cores"
for round in $(seq "$ROUNDS"); do
  for where in "wrk's session" "own session"; do
    port="$(free_port)"
    prefix=(); [ "$where" = "own session" ] && prefix=(setsid)
    "${prefix[@]}" "$JAVA_HOME/bin/java" -XX:+UseSerialGC \
      -cp "$root/javicorn-runtime/target/javicorn-runtime.jar:$root/javicorn-runtime/target/lib/*" \
      "$root/bench/sessions/InProcHello.java" "$port" >/dev/null 2>&1 &
    pid=$!
    wait_ready "$pid" "http://127.0.0.1:$port/" /dev/null
    # wrk itself, not through lib.sh's load: which session it shares is what this measures.
    wrk -t2 -c64 -d"$WARMUP" "http://127.0.0.1:$port/" >/dev/null
    wrk -t2 -c64 -d"$DURATION" --latency "http://127.0.0.1:$port/" >"$out"
    printf 'round %d  %-14s %8s req/s  p99 %6s ms\n' "$round" "$where" "$(wrk_rps "$out")" "$(wrk_p99_ms "$out")"
    stop "$pid"; pid=""
  done
done
