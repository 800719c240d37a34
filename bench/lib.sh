# Sourced by the benchmark scripts: the helpers they share. Needs $PY (a python3 with socket).

free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_ready PID URL LOG: polls until URL answers 200 while PID lives, for at most 120 s; on
# failure prints the server's log and exits. HTTPS URLs are not verified (a self-signed test certificate).
wait_ready() {
  local pid="$1" url="$2" log="$3" deadline=$((SECONDS + 120))
  until curl -skf -o /dev/null "$url"; do
    if ! kill -0 "$pid" 2>/dev/null || ((SECONDS > deadline)); then
      echo "server at $url did not become ready; its log:" >&2
      cat "$log" >&2
      exit 1
    fi
    sleep 0.05
  done
}

# stop PID: SIGTERM, then SIGKILL after 10 s.
stop() {
  local pid="$1"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

# load COMMAND...: runs a load generator (wrk, h2load) in a session of its own and waits for it.
# A javicorn worker runs in a session of its own (so that nothing it starts outlives it), and with
# the kernel's autogroup scheduling (sched_autogroup_enabled, on by default) every session is one
# scheduling group with an equal share of the cores. A peer started in the script's session would
# share a group with the load generator instead: on the same server, that alone halved its p99 and
# gained it 8-22% requests/s (bench/sessions/run.sh, docs/benchmarks.md). In a session of its own,
# the load generator meets every server as one group against another.
load() {
  setsid -w "$@"
}

# wrk_rps FILE, wrk_p99_ms FILE: requests/s, and the p99 of its --latency line ("99%  1.23ms") in
# milliseconds, from wrk's output in FILE.
wrk_rps() { awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$1"; }
wrk_p99_ms() {
  awk '$1 == "99%" {
    v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
    f = (unit == "us") ? 0.001 : (unit == "s") ? 1000 : (unit == "m") ? 60000 : 1
    printf "%.2f", v * f }' "$1"
}
