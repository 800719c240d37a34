#!/usr/bin/env bash
# Spring Boot reload latency, side by side in one run: examples/spring-boot under
# `javicorn --reload` against the same project with spring-boot-devtools, compiled by
# `mvn -q -o compile` after each save (as an IDE's build would) and restarted in place by DevTools.
# Usage: bench/devtools/run.sh [edits (7)] [deadline per edit, s (90)] [settle after an edit, s (2)]
# Latency = save -> first response carrying the new message; a client on each server counts failed
# requests for the whole run. The edits begin once javicorn's start-up cache for the app is made
# (see below). JAVICORN_ARGS adds options to javicorn's command line, e.g.
# JAVICORN_ARGS=--jvm-arg=-XX:TieredStopAtLevel=4 for the JIT's default. Output and logs:
# bench/out/devtools/.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
EDITS=${1:-7}
DEADLINE=${2:-90}
SETTLE=${3:-2}
PYTHON=/usr/bin/python3
JAVICORN=$ROOT/javicorn
OUT=$ROOT/bench/out/devtools
mkdir -p "$OUT"

# The JDK javicorn uses; Maven and the DevTools app run on it too (the example targets Java 25).
. "$ROOT/scripts/find-jdk.sh"
javicorn_find_jdk
export JAVA_HOME
JAVA=$JAVA_HOME/bin/java
command -v mvn >/dev/null || { echo "mvn not found on the PATH (apt-get install maven)" >&2; exit 1; }
# javicorn builds itself on first use; do it now so the build is not part of the run.
"$JAVICORN" --version >/dev/null

WORK=$(mktemp -d /tmp/dtbench.XXXXXX)
J_APP=$WORK/javicorn
D_APP=$WORK/devtools
mkdir "$J_APP" "$D_APP"
(cd examples/spring-boot && tar --exclude=./target -cf - .) | tar -xf - -C "$J_APP"
(cd examples/spring-boot && tar --exclude=./target -cf - .) | tar -xf - -C "$D_APP"
# The DevTools copy: spring-boot-devtools as an optional dependency, as Spring Initializr adds it.
"$PYTHON" - "$D_APP/pom.xml" <<'EOF'
import sys
p = sys.argv[1]
text = open(p, encoding="utf-8").read()
dep = """    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-devtools</artifactId>
      <optional>true</optional>
    </dependency>
"""
assert "<dependencies>\n" in text
open(p, "w", encoding="utf-8").write(text.replace("<dependencies>\n", "<dependencies>\n" + dep, 1))
EOF

read -r PORT_J PORT_D < <("$PYTHON" -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
# Every process started here carries this tag in its environment; with the descendant snapshots
# below it is how the end-of-run check finds anything left behind.
TAG="dtbench-$$-$RANDOM"
TRACKED=$WORK/tracked
: >"$TRACKED"
J_PID= D_PID= TRACK_PID=

descendants() { # roots... -> every live descendant pid (children, grandchildren, ...)
  ps -eo pid=,ppid= | awk -v roots="$*" '
    { parent[$1] = $2 }
    END {
      n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1
      do { grown = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; grown = 1 } } while (grown)
      for (p in keep) print p }'
}
starttime() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null || true; }
tagged() { grep -lsz "^DTBENCH_TAG=$TAG\$" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3 || true; }
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
  for p in $J_PID $D_PID; do kill -TERM "$p" 2>/dev/null || true; done
  for _ in $(seq 150); do
    left=$(leftovers)
    [ -z "$left" ] && break
    sleep 0.1
  done
  left=$(leftovers)
  if [ -n "$left" ]; then
    echo "still running 15 s after SIGTERM, killing:" >&2
    ps -o pid=,args= -p "$(echo $left | tr ' ' ,)" | cut -c1-160 >&2 || true
    for p in $left; do kill -KILL "$p" 2>/dev/null || true; done
    sleep 1
  fi
  left=$(leftovers)
  if [ -n "$left" ]; then
    echo "PROCESSES LEFT BEHIND: $left" >&2
    rc=1
  else
    echo "check: no process started by this run is left ($(cut -d' ' -f1 "$TRACKED" | sort -u | wc -l) tracked)"
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "versions: $("$JAVICORN" --version 2>&1 | head -1); $("$JAVA" -version 2>&1 | head -1); $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g')"

# DevTools side, prepared as an IDE would have it: compiled once, its classpath resolved (online
# this once: devtools may not be in ~/.m2 yet); every later compile is offline.
echo "preparing the DevTools copy (mvn compile, dependency:build-classpath)..."
(cd "$D_APP" && mvn -q -B compile dependency:build-classpath -Dmdep.outputFile="$WORK/devtools.cp" \
  -Dmdep.includeScope=runtime >"$OUT/devtools-prepare.log" 2>&1) \
  || { tail -30 "$OUT/devtools-prepare.log" >&2; exit 1; }
grep -q spring-boot-devtools "$WORK/devtools.cp" || { echo "spring-boot-devtools not on the classpath" >&2; exit 1; }
echo "edits $EDITS, deadline ${DEADLINE} s per edit, settle ${SETTLE} s; ports javicorn $PORT_J, devtools $PORT_D"

stamp() { "$PYTHON" -u -c '
import sys, time
for line in sys.stdin:
    sys.stdout.write(f"{time.monotonic():.3f} {line}")' >"$1"; }
# Each server leads its own session. Both JVMs get the serial collector (javicorn's workers use it).
(cd "$J_APP" && exec env DTBENCH_TAG="$TAG" setsid "$JAVICORN" --app-dir "$J_APP" \
  --port "$PORT_J" --reload --no-access-log ${JAVICORN_ARGS:-} com.example.Application) > >(stamp "$OUT/javicorn.log") 2>&1 &
J_PID=$!
(cd "$D_APP" && exec env DTBENCH_TAG="$TAG" setsid "$JAVA" -XX:+UseSerialGC \
  -Dserver.port="$PORT_D" -Dserver.address=127.0.0.1 \
  -cp "target/classes:$(cat "$WORK/devtools.cp")" com.example.Application) > >(stamp "$OUT/devtools.log") 2>&1 &
D_PID=$!
(
  while :; do
    for p in $(descendants "$J_PID" "$D_PID") $(tagged); do
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
sys.exit(0 if r.status == 200 and b"Hello from Spring Boot" in r.read() else 1)' "$1" 2>/dev/null; }
for name in javicorn:$PORT_J devtools:$PORT_D; do
  for i in $(seq 600); do
    ready "${name#*:}" && break
    if [ "${name%%:*}" = javicorn ] && grep -q "Waiting for the next change" "$OUT/javicorn.log"; then
      echo "javicorn could not start the app (see $OUT/javicorn.log):" >&2
      grep -E "ERROR|WARNING" "$OUT/javicorn.log" | head -5 | cut -d' ' -f2- >&2
      exit 1
    fi
    if [ "$i" = 600 ]; then echo "${name%%:*} not ready after 300 s" >&2; exit 1; fi
    sleep 0.5
  done
done
grep -q "restartedMain" "$OUT/devtools.log" || { echo "DevTools is not active (no restartedMain thread in its log)" >&2; exit 1; }
echo "both serving"
# javicorn makes its start-up cache for the app in the background after the first start, once per
# set of dependencies (a run of the app on a port of its own); the edits begin once it is ready, as
# DevTools' first compile is done before them.
[ "${JAVICORN_AOT:-on}" = off ] || for i in $(seq 360); do
  if grep -qE "Start-up cache for .* ready|No start-up cache|Cannot make a start-up cache" "$OUT/javicorn.log"; then break; fi
  sleep 0.5
done
grep -E "start-up cache|Start-up cache" "$OUT/javicorn.log" | cut -d' ' -f2- | sed 's/^/javicorn: /' || true

CONTROLLER=src/main/java/com/example/HelloController.java
"$PYTHON" bench/devtools/drive.py --edits "$EDITS" --deadline "$DEADLINE" --settle "$SETTLE" \
  --server "javicorn:$PORT_J:$J_APP/$CONTROLLER" \
  --server "devtools:$PORT_D:$D_APP/$CONTROLLER:mvn -q -o -B compile" \
  --out "$OUT/results.json" | tee "$OUT/table.txt"

echo
echo "javicorn's own reload lines:"
grep -E 'Reloaded in|error' "$OUT/javicorn.log" | cut -d' ' -f2- | sed 's/^/  /' || true
echo "DevTools restarts (Spring 'Started Application in' lines after the first):"
grep -E 'Started Application in' "$OUT/devtools.log" | tail -n +2 | sed 's/.*Started Application/  Started Application/' || true
