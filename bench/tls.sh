#!/usr/bin/env bash
# TLS and HTTP/2 benchmark (issue 15): the JSON hello endpoint over HTTPS, one server at a time on
# 127.0.0.1, all measured with the same client (h2load, from nghttp2):
#   javicorn h2     one worker, a native app (bench/apps/hello), HTTP/2 through ALPN
#   javicorn h1     the same server, HTTP/1.1 over TLS (h2load --h1)
#   uvicorn h1      Debian's uvicorn with --ssl-keyfile/--ssl-certfile, raw ASGI app (bench/apps/raw_asgi.py),
#                   HTTP/1.1 over TLS: uvicorn has no HTTP/2
#   bare Jetty      a bare Jetty 12 handler behind Jetty's own TLS with the same key, HTTP/2 and
#                   HTTP/1.1 through ALPN (bench/apps/BareJettyTls.java, Java source launcher)
# Rounds alternate the servers (javicorn, then uvicorn, in every round) so that a busy machine
# weighs on both alike; the table shows each row's median and the per-round ratios.
#
# Usage: bench/tls.sh            (from any directory; installs its peers with apt-get when missing)
# Knobs (environment): ROUNDS=3 REQUESTS=200000 WARMUP_REQUESTS=20000 CLIENTS=64 STREAMS=10 THREADS=2
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
ROUNDS="${ROUNDS:-3}"
REQUESTS="${REQUESTS:-200000}"
WARMUP_REQUESTS="${WARMUP_REQUESTS:-20000}"
CLIENTS="${CLIENTS:-64}"
STREAMS="${STREAMS:-10}"   # concurrent streams per HTTP/2 connection (h2load -m)
THREADS="${THREADS:-2}"
PY=/usr/bin/python3
work="$(mktemp -d /tmp/javicorn-tls-bench.XXXXXX)"

# ---- processes: everything started here is killed on exit, whatever happens ----------------
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- peers -----------------------------------------------------------------------------------
if ! command -v h2load >/dev/null || ! command -v openssl >/dev/null || ! "$PY" -c 'import uvicorn' 2>/dev/null; then
  echo "installing nghttp2-client (h2load), openssl, uvicorn..." >&2
  apt-get update -qq && apt-get install -y -qq nghttp2-client openssl python3-uvicorn >/dev/null
fi
. "$root/scripts/find-jdk.sh"
javicorn_find_jdk >/dev/null
"$root/javicorn" --help >/dev/null   # builds javicorn (and target/lib for bare Jetty) on first use

openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 2 \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
openssl pkcs12 -export -inkey "$work/key.pem" -in "$work/cert.pem" -passout pass:bench -out "$work/keystore.p12"

. "$root/bench/lib.sh"   # free_port, wait_ready, stop, load

# h2load's "finished in 1.23s, 12345.67 req/s" line, and its failed count.
rps() { awk '/^finished in/ {gsub(",", "", $4); printf "%.0f", $4}' "$1"; }
failed() { awk '/^requests:/ {for (i = 1; i <= NF; i++) if ($(i + 1) == "failed,") print $i}' "$1"; }

# measure NAME PORT [h2load options...]: a warm-up, then the measured run; appends to results.
measure() {
  local name="$1" port="$2"; shift 2
  local out="$work/$name.$round.h2load"
  load h2load -n "$WARMUP_REQUESTS" -c "$CLIENTS" -t "$THREADS" "$@" "https://127.0.0.1:$port/" >/dev/null
  load h2load -n "$REQUESTS" -c "$CLIENTS" -t "$THREADS" "$@" "https://127.0.0.1:$port/" >"$out"
  echo "$name $(rps "$out") $round" >>"$work/results"
  printf '  round %d  %-14s %8s req/s  failed %s\n' "$round" "$name" "$(rps "$out")" "$(failed "$out")" >&2
}

run_javicorn() {
  local port log="$work/javicorn.log"; port="$(free_port)"
  "$root/javicorn" --app-dir "$root/bench/apps/hello" --port "$port" --no-access-log \
      --ssl-certfile "$work/cert.pem" --ssl-keyfile "$work/key.pem" Hello:app >"$log" 2>&1 &
  local pid=$!; pids+=("$pid")
  wait_ready "$pid" "https://127.0.0.1:$port/" "$log"
  measure javicorn-h2 "$port" -m "$STREAMS"
  measure javicorn-h1 "$port" --h1
  stop "$pid"
}

run_uvicorn() {
  local port log="$work/uvicorn.log"; port="$(free_port)"
  (cd "$root/bench/apps" && exec "$PY" -m uvicorn --host 127.0.0.1 --port "$port" --workers 1 --no-access-log \
      --log-level warning --ssl-keyfile "$work/key.pem" --ssl-certfile "$work/cert.pem" raw_asgi:app) >"$log" 2>&1 &
  local pid=$!; pids+=("$pid")
  wait_ready "$pid" "https://127.0.0.1:$port/" "$log"
  measure uvicorn-h1 "$port" --h1
  stop "$pid"
}

run_bare_jetty() {
  local port log="$work/barejetty.log"; port="$(free_port)"
  (cd "$root" && exec "$JAVA_HOME/bin/java" -cp "javicorn-runtime/target/lib/*" bench/apps/BareJettyTls.java \
      "$port" "$work/keystore.p12" bench) >"$log" 2>&1 &
  local pid=$!; pids+=("$pid")
  wait_ready "$pid" "https://127.0.0.1:$port/" "$log"
  measure bare-jetty-h2 "$port" -m "$STREAMS"
  measure bare-jetty-h1 "$port" --h1
  stop "$pid"
}

# ---- run ---------------------------------------------------------------------------------
echo "h2load -n $REQUESTS -c $CLIENTS -t $THREADS (HTTP/2: -m $STREAMS) after $WARMUP_REQUESTS warm-up requests," \
  "$ROUNDS round(s), $(nproc) cores" >&2
: >"$work/results"
for round in $(seq "$ROUNDS"); do
  run_javicorn
  run_uvicorn
  run_bare_jetty
done

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
col() { awk -v n="$1" '$1 == n {print $2}' "$work/results" | median; }

echo
echo "JSON hello over TLS, h2load -c $CLIENTS -t $THREADS on 127.0.0.1, $(nproc) cores, median of $ROUNDS round(s)"
printf '%-40s %12s\n' server "requests/s"
printf '%-40s %12.0f\n' "javicorn, HTTP/2 (ALPN h2, -m $STREAMS)" "$(col javicorn-h2)"
printf '%-40s %12.0f\n' "javicorn, HTTP/1.1 over TLS" "$(col javicorn-h1)"
printf '%-40s %12.0f\n' "uvicorn raw ASGI, HTTP/1.1 over TLS" "$(col uvicorn-h1)"
printf '%-40s %12.0f\n' "bare Jetty, HTTP/2 (ALPN h2, -m $STREAMS)" "$(col bare-jetty-h2)"
printf '%-40s %12.0f\n' "bare Jetty, HTTP/1.1 over TLS" "$(col bare-jetty-h1)"
echo
echo "per round: javicorn h1 / uvicorn h1, javicorn h2 / uvicorn h1, javicorn h1 / bare Jetty h1, javicorn h2 / bare Jetty h2:"
awk '{r[$3, $1] = $2} END {for (i = 1; i <= '"$ROUNDS"'; i++)
  printf "  round %d: %.2fx  %.2fx  %.2fx  %.2fx\n", i, r[i, "javicorn-h1"] / r[i, "uvicorn-h1"], r[i, "javicorn-h2"] / r[i, "uvicorn-h1"],
    r[i, "javicorn-h1"] / r[i, "bare-jetty-h1"], r[i, "javicorn-h2"] / r[i, "bare-jetty-h2"]}' "$work/results"
