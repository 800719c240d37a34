#!/usr/bin/env bash
# Reload latency, side by side in one run: examples/seed under `javicorn --reload` against the
# seed's FastAPI app (bench/reload/seed_fastapi/main.py) under `python3 -m uvicorn --reload`.
# Usage: bench/reload/run.sh [edits (10)] [deadline per edit, s (30)] [settle after an edit, s (1)]
# Latency = save -> first response carrying the new message; a client on each server counts failed
# requests for the whole run. Output and logs: bench/out/reload/.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
EDITS=${1:-10}
DEADLINE=${2:-30}
SETTLE=${3:-1}
PYTHON=/usr/bin/python3
JAVICORN=$ROOT/javicorn
OUT=$ROOT/bench/out/reload
mkdir -p "$OUT"

# Peers.
if ! "$PYTHON" -c 'import uvicorn, fastapi' 2>/dev/null; then
  apt-get update -qq && apt-get install -y -qq python3-uvicorn python3-fastapi
fi
# javicorn builds itself on first use; do it now so the build is not part of the run.
"$JAVICORN" --version >/dev/null

WORK=$(mktemp -d /tmp/rbench.XXXXXX)
mkdir "$WORK/java" "$WORK/py"
cp examples/seed/Main.java "$WORK/java/"
cp bench/reload/seed_fastapi/main.py "$WORK/py/"
read -r PORT_J PORT_P < <("$PYTHON" -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
# Every process started here carries this tag in its environment; with the descendant snapshots
# below it is how the end-of-run check finds anything left behind.
TAG="rbench-$$-$RANDOM"
TRACKED=$WORK/tracked
: >"$TRACKED"
J_PID= P_PID= TRACK_PID=

descendants() { # roots... -> every live descendant pid (children, grandchildren, ...)
  ps -eo pid=,ppid= | awk -v roots="$*" '
    { parent[$1] = $2 }
    END {
      n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1
      do { grown = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; grown = 1 } } while (grown)
      for (p in keep) print p }'
}
starttime() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null || true; }
tagged() { # pids whose environment holds the tag
  grep -lsz "^RBENCH_TAG=$TAG\$" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3 || true
}
leftovers() { # tracked or tagged processes still alive (same pid, same start time)
  { sort -u "$TRACKED"; for p in $(tagged); do echo "$p $(starttime "$p")"; done; } | sort -u |
    while read -r pid st; do
      if [ -n "$pid" ] && [ "$pid" != "$$" ] && [ -n "$st" ] && [ "$(starttime "$pid")" = "$st" ]; then
        echo "$pid"
      fi
    done | sort -un || true
}

cleanup() {
  local rc=$? left
  trap - EXIT INT TERM
  set +e +o pipefail
  [ -n "$TRACK_PID" ] && { kill "$TRACK_PID" 2>/dev/null; wait "$TRACK_PID" 2>/dev/null || true; }
  # Ask nicely (what Ctrl+C would do), then wait for the servers to finish on their own.
  for p in $J_PID $P_PID; do kill -TERM "$p" 2>/dev/null || true; done
  for _ in $(seq 100); do
    left=$(leftovers)
    [ -z "$left" ] && break
    sleep 0.1
  done
  left=$(leftovers)
  if [ -n "$left" ]; then
    echo "still running 10 s after SIGTERM, killing:" >&2
    ps -o pid=,args= -p "$(echo $left | tr ' ' ,)" | cut -c1-160 >&2 || true
    for p in $left; do kill -KILL "$p" 2>/dev/null || true; done
    sleep 1
  fi
  left=$(leftovers)
  if [ -n "$left" ]; then
    echo "PROCESSES LEFT BEHIND: $left" >&2
    rc=1
  else
    echo "check: no process started by this run is left ($(sort -u "$TRACKED" | wc -l) tracked)"
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "versions: $("$JAVICORN" --version 2>&1 | head -1); $("$PYTHON" --version); uvicorn $("$PYTHON" -c 'import uvicorn; print(uvicorn.__version__)'); fastapi $("$PYTHON" -c 'import fastapi; print(fastapi.__version__)')"
echo "edits $EDITS, deadline ${DEADLINE} s per edit, settle ${SETTLE} s; ports javicorn $PORT_J, uvicorn $PORT_P"

# Log lines get a CLOCK_MONOTONIC stamp, the clock drive.py stamps saves and failures with.
stamp() { "$PYTHON" -u -c '
import sys, time
for line in sys.stdin:
    sys.stdout.write(f"{time.monotonic():.3f} {line}")' >"$1"; }
# Each server leads its own session so the snapshots can tell its processes apart.
(cd "$WORK/java" && exec env RBENCH_TAG="$TAG" setsid "$JAVICORN" --app-dir "$WORK/java" \
  --port "$PORT_J" --reload --no-access-log Main:app) > >(stamp "$OUT/javicorn.log") 2>&1 &
J_PID=$!
(cd "$WORK/py" && exec env RBENCH_TAG="$TAG" setsid "$PYTHON" -m uvicorn main:app --reload \
  --port "$PORT_P" --no-access-log) > >(stamp "$OUT/uvicorn.log") 2>&1 &
P_PID=$!
(
  while :; do
    for p in $(descendants "$J_PID" "$P_PID") $(tagged); do
      st=$(starttime "$p"); [ -n "$st" ] && echo "$p $st"
    done >>"$TRACKED"
    sleep 0.5
  done
) &
TRACK_PID=$!

ready() { "$PYTHON" -c '
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=2)
c.request("GET", "/"); r = c.getresponse()
sys.exit(0 if r.status == 200 and b"Hello World" in r.read() else 1)' "$1" 2>/dev/null; }
for name in javicorn:$PORT_J uvicorn:$PORT_P; do
  for i in $(seq 300); do
    ready "${name#*:}" && break
    if [ "$i" = 300 ]; then echo "${name%%:*} not ready after 150 s" >&2; exit 1; fi
    sleep 0.5
  done
done
echo "both serving; tracked processes so far: $(sort -u "$TRACKED" | cut -d' ' -f1 | sort -u | wc -l)"

"$PYTHON" bench/reload/drive.py --edits "$EDITS" --deadline "$DEADLINE" --settle "$SETTLE" \
  --server "javicorn:$PORT_J:$WORK/java/Main.java" --server "uvicorn:$PORT_P:$WORK/py/main.py" \
  --out "$OUT/results.json" | tee "$OUT/table.txt"

echo
echo "javicorn's own reload lines:"
grep -E 'Reloaded in|Compil|error' "$OUT/javicorn.log" | cut -d' ' -f2- | sed 's/^/  /' || true
echo "uvicorn reloads logged: $(grep -c 'Detected file change\|detected file change' "$OUT/uvicorn.log" || true)," \
  "server processes started: $(grep -c 'Started server process' "$OUT/uvicorn.log" || true)"
echo
echo "javicorn timeline per edit (s after the save):"
"$PYTHON" bench/reload/timeline.py "$OUT/results.json" "$OUT/javicorn.log" | sed 's/^/  /' || true
