#!/usr/bin/env bash
# What the ahead-of-time caches buy: the time from `javicorn ...` to the first response of a
# native app (bench/apps/hello), with the supervisor's and the worker's caches and without them
# (JAVICORN_AOT=off), taking turns in one run. Also the time from the
# launch of a JVM to the end of the run the cache is trained on (dev.javicorn.worker.AotTraining:
# the HTTP warm-up a spare worker does before it is warm, then a process-pool round trip).
# Usage: bench/startup/run.sh [rounds (10)]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
ROUNDS=${1:-10}
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
. "$root/scripts/find-jdk.sh"
javicorn_find_jdk >/dev/null
"$root/javicorn" --version >/dev/null   # builds javicorn and trains the cache on first use
target="$root/javicorn-runtime/target"
for f in worker supervisor; do
  [ -s "$target/$f.aot" ] || { echo "no $f.aot: the cache could not be trained (see $target/aot-$f.log)" >&2; exit 1; }
done

now_ms() { date +%s%3N; }
port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

first_response() { # JAVICORN_AOT value -> ms from the command to the first 200
  local p pid t0 t1
  p=$(port)
  t0=$(now_ms)
  JAVICORN_AOT=$1 setsid "$root/javicorn" --app-dir "$root/bench/apps/hello" --port "$p" --no-access-log Hello:app >/dev/null 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$p/"; do
    kill -0 "$pid" 2>/dev/null || { echo "javicorn exited" >&2; return 1; }
    sleep 0.005
  done
  t1=$(now_ms)
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  echo $((t1 - t0))
}

warm_up() { # extra JVM options... -> ms from the JVM's launch to the end of the warm-up
  local t0 t1
  t0=$(now_ms)
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC "$@" \
    -cp "$target/javicorn-runtime.jar:$target/lib/*" dev.javicorn.worker.AotTraining >/dev/null 2>&1
  t1=$(now_ms)
  echo $((t1 - t0))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $("$root/javicorn" --version 2>&1 | head -1)"
echo "$ROUNDS rounds, with and without the cache taking turns; medians in ms"
: >/tmp/startup.$$.fc; : >/tmp/startup.$$.fn; : >/tmp/startup.$$.wc; : >/tmp/startup.$$.wn
trap 'rm -f /tmp/startup.$$.*' EXIT
for _ in $(seq "$ROUNDS"); do
  first_response on >>/tmp/startup.$$.fc
  first_response off >>/tmp/startup.$$.fn
  warm_up -XX:AOTCache="$target/worker.aot" >>/tmp/startup.$$.wc
  warm_up -Xshare:auto >>/tmp/startup.$$.wn
done
fc=$(median </tmp/startup.$$.fc); fn=$(median </tmp/startup.$$.fn)
wc=$(median </tmp/startup.$$.wc); wn=$(median </tmp/startup.$$.wn)
printf '%-52s %8s %8s %8s\n' "measure" "cache" "no cache" "ratio"
printf '%-52s %8s %8s %8.2f\n' "javicorn command -> first response (native app)" "$fc" "$fn" "$(awk -v a="$fc" -v b="$fn" 'BEGIN {print a / b}')"
printf '%-52s %8s %8s %8.2f\n' "worker JVM: launch -> warm-up and pool round trip done" "$wc" "$wn" "$(awk -v a="$wc" -v b="$wn" 'BEGIN {print a / b}')"
