#!/usr/bin/env bash
# Requests per second of the JSON hello app: javicorn --workers 1 and --workers 2 against
# gunicorn -k uvicorn.workers.UvicornWorker -w 2 (uvicorn --workers 2 if that worker class is
# missing) on the same app in FastAPI, side by side in one run, with wrk on 127.0.0.1.
# Usage: bench/workers.sh [duration (10s)] [connections (64)] [rounds (2)]
# The servers take turns, round after round, so load from elsewhere hits them alike; each figure
# is the median over the rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10s}
CONNECTIONS=${2:-64}
ROUNDS=${3:-2}
PYTHON=/usr/bin/python3
OUT=bench/out/workers
mkdir -p "$OUT"

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v gunicorn >/dev/null || missing+=(gunicorn)
"$PYTHON" -c 'import uvicorn' 2>/dev/null || missing+=(python3-uvicorn)
"$PYTHON" -c 'import fastapi' 2>/dev/null || missing+=(python3-fastapi)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}" >&2
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
fi

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Starts a server in its own session, waits until it answers, runs a warm-up then the measure.
# Prints requests/s; stops the whole session afterwards.
measure() {
  local name=$1 port=$2; shift 2
  setsid "$@" >"$OUT/$name.log" 2>&1 &
  local pid=$!
  local deadline=$((SECONDS + 120))
  until curl -sf "http://127.0.0.1:$port/" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "$name did not start; see $OUT/$name.log" >&2; kill -TERM -- "-$pid" 2>/dev/null || true; return 1
    fi
    sleep 0.2
  done
  # every worker must be up before measuring: wait until two distinct ones answered is not
  # visible from outside, so warm up long enough for all of them to start and compile.
  wrk -t2 -c"$CONNECTIONS" -d5s "http://127.0.0.1:$port/" >/dev/null
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "http://127.0.0.1:$port/" >"$OUT/$name.wrk"
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local rps errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/$name.wrk")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "$OUT/$name.wrk" | tr '\n' ' ')
  [ -z "$errors" ] || echo "$name: $errors" >&2
  echo "$rps"
}

if "$PYTHON" -c 'import uvicorn.workers' 2>/dev/null && command -v gunicorn >/dev/null; then
  PEER="gunicorn -k uvicorn.workers.UvicornWorker -w 2"
  peer() { measure peer "$1" gunicorn -k uvicorn.workers.UvicornWorker -w 2 --chdir bench/apps --bind "127.0.0.1:$1" --log-level warning fastapi_hello:app; }
else
  PEER="uvicorn --workers 2"
  peer() { measure peer "$1" "$PYTHON" -m uvicorn --app-dir bench/apps --host 127.0.0.1 --port "$1" --workers 2 --no-access-log --log-level warning fastapi_hello:app; }
fi
javicorn() { measure "javicorn-$2" "$1" ./javicorn --app-dir bench/apps/hello --port "$1" --no-access-log --workers "$2" Hello:app; }

./javicorn --help >/dev/null # builds javicorn first if its jar is stale
: >"$OUT/results.txt"
for round in $(seq "$ROUNDS"); do
  echo "j1 $(javicorn "$(free_port)" 1)" >>"$OUT/results.txt"
  echo "j2 $(javicorn "$(free_port)" 2)" >>"$OUT/results.txt"
  echo "peer $(peer "$(free_port)")" >>"$OUT/results.txt"
done

median() { grep "^$1 " "$OUT/results.txt" | awk '{print $2}' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
J1=$(median j1); J2=$(median j2); P=$(median peer)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(./javicorn --version 2>/dev/null | head -1 || true); python: $("$PYTHON" --version), uvicorn $("$PYTHON" -c 'import uvicorn; print(uvicorn.__version__)'), fastapi $("$PYTHON" -c 'import fastapi; print(fastapi.__version__)')"
echo "wrk -t2 -c$CONNECTIONS -d$DURATION after a 5 s warm-up, 127.0.0.1, median of $ROUNDS rounds (servers taking turns)"
printf '%-46s %12s %12s\n' server "requests/s" "vs peer"
row() { printf '%-46s %12s %12s\n' "$1" "$2" "$(awk -v a="$2" -v b="$P" 'BEGIN {printf "%.2f", a / b}')"; }
row "javicorn --workers 1" "$J1"
row "javicorn --workers 2" "$J2"
row "$PEER" "$P"
