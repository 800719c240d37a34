#!/usr/bin/env bash
# Memory of an idle javicorn serving the JSON hello app (bench/apps/hello): RSS and PSS of the
# supervisor and of each worker JVM (serving workers and spares alike), read from /proc/PID/smaps_rollup once the
# server has answered a request and sat idle for a while. PSS splits pages shared between JVMs
# (the ahead-of-time caches, the JDK's own files) among them, so the sum of PSS is what the
# machine pays. Runs each configuration in turn, one at a time.
# Usage: bench/memory.sh [idle seconds (10)]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
IDLE=${1:-10}
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
"$root/javicorn" --version >/dev/null   # builds javicorn and trains its caches on first use

port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
kib() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
mib() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }

measure() { # label, javicorn options...
  local label=$1 p pid total_rss=0 total_pss=0
  shift
  p=$(port)
  setsid "$root/javicorn" --app-dir "$root/bench/apps/hello" --port "$p" --no-access-log "$@" Hello:app >/dev/null 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$p/"; do sleep 0.05; done
  sleep "$IDLE"
  # The supervisor is the java the launcher became; the workers are its children in sessions of their own.
  local procs
  procs="$pid $(pgrep -P "$pid" -x java | tr '\n' ' ')"
  for q in $procs; do
    local role="worker|spare" rss pss
    [ "$q" = "$pid" ] && role=supervisor
    rss=$(kib "$q" Rss); pss=$(kib "$q" Pss)
    total_rss=$((total_rss + rss)); total_pss=$((total_pss + pss))
    printf '%-34s %-14s %8s %8s\n' "$label" "$role [$q]" "$(mib "$rss")" "$(mib "$pss")"
  done
  printf '%-34s %-14s %8s %8s\n' "$label" "all" "$(mib "$total_rss")" "$(mib "$total_pss")"
  kill -TERM -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  while pgrep -s "$pid" >/dev/null; do sleep 0.05; done
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); idle ${IDLE}s after the first response; MiB"
printf '%-34s %-14s %8s %8s\n' "configuration" "process" "RSS" "PSS"
measure "1 worker (1 spare)"
measure "1 worker, --spares 0" --spares 0
measure "--workers 2 (1 spare)" --workers 2
measure "--workers 2 --spares 0" --workers 2 --spares 0
measure "--reload (2 spares)" --reload
