#!/usr/bin/env bash
# Throughput benchmark (issue: foundation): one JSON hello endpoint, {"message":"Hello World"},
# served one after another on 127.0.0.1 and measured with the same wrk settings by
#   javicorn     one worker, a native app through the App router and Jackson (bench/apps/hello)
#   FastAPI      on uvicorn, one worker, httptools parser, no access log (bench/apps/fastapi_hello.py)
#   raw ASGI     on uvicorn, same settings: uvicorn's own ceiling (bench/apps/raw_asgi.py)
#   bare Jetty   the simplest idiomatic Jetty 12 core handler: a Handler.Abstract (blocking
#                invocation type) on a default Server(port) and QueuedThreadPool of platform
#                threads, writing the same bytes (bench/apps/BareJetty.java, Java source launcher)
# Prints requests/s and p99 latency for each, the ratios of javicorn to each peer, and the resident
# memory (VmRSS) of the javicorn supervisor and worker when idle.
#
# Usage: bench/throughput.sh            (from any directory)
# Knobs (environment): ROUNDS=1 (whole sequences to run; the table shows each server's median),
#   DURATION=10s WARMUP=5s THREADS=2 CONNECTIONS=64
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
ROUNDS="${ROUNDS:-1}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-5s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
PY=/usr/bin/python3
work="$(mktemp -d /tmp/javicorn-bench.XXXXXX)"

# ---- processes: everything started here is killed on exit, whatever happens ----------------
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- peers -----------------------------------------------------------------------------------
if ! command -v wrk >/dev/null || ! "$PY" -c 'import uvicorn, fastapi, httptools' 2>/dev/null; then
  echo "installing wrk, uvicorn, fastapi, httptools..." >&2
  apt-get update -qq && apt-get install -y -qq wrk python3-uvicorn python3-fastapi python3-httptools >/dev/null
fi
. "$root/scripts/find-jdk.sh"
javicorn_find_jdk >/dev/null
java="$JAVA_HOME/bin/java"
"$root/javicorn" --help >/dev/null   # builds javicorn (and target/lib for bare Jetty) on first use

# httptools as asked; if this uvicorn cannot load it, fall back to h11 and say so in the table.
uvicorn_http=httptools
if ! "$PY" -c 'from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol' 2>/dev/null; then
  uvicorn_http=h11
  echo "WARNING: uvicorn cannot use httptools here; the uvicorn peers run with --http h11" >&2
fi
# uvicorn's --loop auto picks uvloop when it is importable, asyncio otherwise: report which.
uvicorn_loop=asyncio
"$PY" -c 'import uvloop' 2>/dev/null && uvicorn_loop=uvloop

# ---- helpers ---------------------------------------------------------------------------------
. "$root/bench/lib.sh"   # free_port, wait_ready, stop, load, wrk_rps, wrk_p99_ms

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# Idle memory: waits (at most 5 s) until the RSS of each pid holds still for half a second.
settled_rss() {
  local before now deadline=$((SECONDS + 5))
  now="$(for p in "$@"; do rss_kb "$p"; done | tr '\n' ' ')"
  while ((SECONDS < deadline)); do
    before="$now"; sleep 0.5
    now="$(for p in "$@"; do rss_kb "$p"; done | tr '\n' ' ')"
    [ "$now" = "$before" ] && break
  done
  echo "$now"
}

errors() { awk '/Non-2xx|Socket errors/ {print}' "$1" | tr '\n' ' '; }

# bench NAME PID PORT LOG: warm-up, then the measured run; appends "name rps p99" to results.
bench() {
  local name="$1" pid="$2" port="$3" log="$4" out="$work/$1.$round.wrk"
  wait_ready "$pid" "http://127.0.0.1:$port/" "$log"
  load wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "http://127.0.0.1:$port/" >/dev/null
  load wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$port/" >"$out"
  local bad; bad="$(errors "$out")"
  [ -z "$bad" ] || echo "  $name: $bad" >&2
  echo "$name $(wrk_rps "$out") $(wrk_p99_ms "$out") $(rss_kb "$pid") $round" >>"$work/results"
  printf '  round %d  %-11s %8s req/s  p99 %6s ms\n' "$round" "$name" "$(wrk_rps "$out")" "$(wrk_p99_ms "$out")" >&2
}

run_javicorn() {
  local port; port="$(free_port)"
  local log="$work/javicorn.log"
  "$root/javicorn" --app-dir "$root/bench/apps/hello" --port "$port" --no-access-log Hello:app >"$log" 2>&1 &
  local sup=$!; pids+=("$sup")
  wait_ready "$sup" "http://127.0.0.1:$port/" "$log"
  local worker; worker="$(sed -n 's/.*Started server process \[\([0-9]*\)\].*/\1/p' "$log" | tail -1)"
  ((round > 1)) || settled_rss "$sup" "$worker" >"$work/rss.idle"
  bench javicorn "$worker" "$port" "$log"
  ((round > 1)) || settled_rss "$sup" "$worker" >"$work/rss.after"
  stop "$sup"
}

run_uvicorn() {
  local name="$1" app="$2" port; port="$(free_port)"
  local log="$work/$name.log"
  (cd "$root/bench/apps" && exec "$PY" -m uvicorn --host 127.0.0.1 --port "$port" --workers 1 \
      --http "$uvicorn_http" --no-access-log --log-level warning "$app") >"$log" 2>&1 &
  local pid=$!; pids+=("$pid")
  bench "$name" "$pid" "$port" "$log"
  stop "$pid"
}

run_bare_jetty() {
  local port; port="$(free_port)"
  local log="$work/barejetty.log"
  (cd "$root" && exec "$java" -cp "javicorn-runtime/target/lib/*" bench/apps/BareJetty.java "$port") >"$log" 2>&1 &
  local pid=$!; pids+=("$pid")
  bench bare-jetty "$pid" "$port" "$log"
  stop "$pid"
}

# ---- run ---------------------------------------------------------------------------------
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up), $ROUNDS round(s), $(nproc) cores" >&2
: >"$work/results"
for round in $(seq "$ROUNDS"); do
  run_javicorn
  run_uvicorn fastapi fastapi_hello:app
  run_uvicorn raw-uvicorn raw_asgi:app
  run_bare_jetty
done

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
col() { awk -v n="$1" -v c="$2" '$1 == n {print $c}' "$work/results" | median; }

echo
echo "JSON hello, wrk -t$THREADS -c$CONNECTIONS -d$DURATION on 127.0.0.1, $(nproc) cores, median of $ROUNDS round(s)"
printf '%-42s %12s %10s %14s\n' server "requests/s" "p99 ms" "RSS after MiB"
label_fastapi="FastAPI on uvicorn ($uvicorn_http, $uvicorn_loop)"
label_raw="raw ASGI on uvicorn ($uvicorn_http, $uvicorn_loop)"
for row in "javicorn (1 worker):javicorn" "$label_fastapi:fastapi" "$label_raw:raw-uvicorn" \
    "bare Jetty 12 Handler.Abstract:bare-jetty"; do
  label="${row%:*}"; name="${row##*:}"
  printf '%-42s %12.0f %10.2f %14.0f\n' "$label" "$(col "$name" 2)" "$(col "$name" 3)" "$(( $(col "$name" 4 | cut -d. -f1) / 1024 ))"
done
ratio() { awk -v a="$(col javicorn "${2:-2}")" -v b="$(col "$1" "${2:-2}")" 'BEGIN {printf "%.2fx", a / b}'; }  # server [column]
echo
echo "javicorn / FastAPI-on-uvicorn: $(ratio fastapi)   (goal >= 5x)"
echo "javicorn / raw uvicorn:        $(ratio raw-uvicorn)"
echo "javicorn / bare Jetty:         $(ratio bare-jetty)   (goal >= 0.9x)"
echo "p99, javicorn / bare Jetty:    $(ratio bare-jetty 3)   (goal <= 1.3x)"
if ((ROUNDS > 1)); then
  echo "per round (each pair measured minutes apart at most), javicorn / FastAPI, / raw uvicorn, / bare Jetty:"
  awk '{r[$5, $1] = $2} END {for (i = 1; i <= '"$ROUNDS"'; i++)
    printf "  round %d: %.2fx  %.2fx  %.2fx\n", i, r[i, "javicorn"] / r[i, "fastapi"],
      r[i, "javicorn"] / r[i, "raw-uvicorn"], r[i, "javicorn"] / r[i, "bare-jetty"]}' "$work/results"
fi
read -r sup_idle worker_idle <"$work/rss.idle"
read -r sup_after worker_after <"$work/rss.after"
echo
echo "javicorn RSS (VmRSS): supervisor $((sup_idle / 1024)) MiB, worker $((worker_idle / 1024)) MiB idle after start;" \
  "supervisor $((sup_after / 1024)) MiB, worker $((worker_after / 1024)) MiB idle after the run"
echo "(the RSS column is each server process right after its run; for javicorn, the worker)"
