#!/usr/bin/env bash
# Cold start against uvicorn, one server at a time: the time from the command to the first 200 of
# a JSON hello app, javicorn (bench/apps/hello, a native app) and uvicorn (bench/apps/fastapi_hello.py),
# without and with --reload, taking turns; each start waits for the previous server to be gone.
# The app has not changed since the last run (javicorn's caches are warm, as for a developer who
# starts it again), except in the first round, which is left out of the medians.
# Usage: bench/startup/cold.sh [rounds (5)]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
ROUNDS=${1:-5}
PYTHON=/usr/bin/python3
if ! "$PYTHON" -c 'import uvicorn, fastapi' 2>/dev/null || ! command -v curl >/dev/null; then
  apt-get update -qq && apt-get install -y -qq python3-uvicorn python3-fastapi curl >/dev/null
fi
"$root/javicorn" --version >/dev/null   # builds javicorn and trains its caches on first use

first_response() { # command words, PORT standing for a free port -> ms from the command to the first 200
  # bench/startup/ab.py's: one Python process starts the server and polls it every 5 ms (a curl per
  # poll would take CPU from the server it waits for), then stops it and waits until none of it is left.
  local IFS='|'
  PYTHONPATH="$root/bench/startup" "$PYTHON" -c 'import sys, ab; print(ab.first_response(sys.argv[1])[0])' "$*"
}

javicorn() { first_response "$root/javicorn" --app-dir "$root/bench/apps/hello" --port PORT --no-access-log "$@" Hello:app; }
uvicorn() { first_response "$PYTHON" -m uvicorn --app-dir "$root/bench/apps" --port PORT --no-access-log "$@" fastapi_hello:app; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
spread() { sort -n | awk 'NR==1 {lo=$1} {hi=$1} END {print lo "-" hi}'; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $("$root/javicorn" --version 2>&1 | head -1)"
echo "$ROUNDS rounds after a first one left out, one server at a time; ms"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for round in $(seq 0 "$ROUNDS"); do
  j=$(javicorn); u=$(uvicorn); jr=$(javicorn --reload); ur=$(uvicorn --reload)
  [ "$round" -eq 0 ] && continue
  echo "$j" >>"$out/j"; echo "$u" >>"$out/u"; echo "$jr" >>"$out/jr"; echo "$ur" >>"$out/ur"
  echo "round $round: javicorn $j, uvicorn $u; with --reload: javicorn $jr, uvicorn $ur"
done
printf '%-28s %16s %16s %8s\n' "command -> first response" "javicorn" "uvicorn" "ratio"
for mode in "" r; do
  j=$(median <"$out/j$mode"); u=$(median <"$out/u$mode")
  label=plain; [ -n "$mode" ] && label=--reload
  printf '%-28s %16s %16s %8.2f\n' "$label (median, spread)" "$j ($(spread <"$out/j$mode"))" \
    "$u ($(spread <"$out/u$mode"))" "$(awk -v a="$j" -v b="$u" 'BEGIN {print a / b}')"
done
