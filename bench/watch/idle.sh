#!/usr/bin/env bash
# Idle cost of watching a big tree: javicorn's Watcher (inotify) against uvicorn's reloader.
#
# Generates 50,000 files in 5,000 leaf folders (5,050 folders in all; half *.java, half *.py),
# then for each reloader measures idle CPU over 10 s (/proc/PID/stat), RSS (/proc/PID/status) and
# the detection delay of single-file edits (median, max): 20 for javicorn, 10 for uvicorn, whose
# polling reloader needs two full passes over the tree after each restart. Needs root for apt-get when uvicorn is
# missing. Usage: bench/watch/idle.sh   (env: IDLE_SECONDS, EDITS, KEEP=1 keeps the temp dir)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"

if ! /usr/bin/python3 -c 'import uvicorn' 2>/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-uvicorn >/dev/null
fi
# watchfiles makes uvicorn (>= 0.18) use inotify; Debian bookworm has no package for it.
if ! /usr/bin/python3 -c 'import watchfiles' 2>/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-watchfiles >/dev/null 2>&1 \
    || echo "note: python3-watchfiles is not packaged here; uvicorn falls back to its polling reloader" >&2
fi

if [[ ! -d "$repo/javicorn-runtime/target/classes/dev/javicorn/watch" ]]; then
  (cd "$repo" && ./mvnw -q -B -pl javicorn-runtime -am compile)
fi

work="$(mktemp -d /tmp/javicorn-idle.XXXXXX)"
trap '[[ "${KEEP:-0}" == 1 ]] || rm -rf "$work"' EXIT
tree="$work/tree"

/usr/bin/python3 - "$tree" <<'PY'
import os, sys
tree = sys.argv[1]
for top in range(50):
    for leaf in range(100):
        d = os.path.join(tree, f"pkg{top:02d}", f"mod{leaf:02d}")
        os.makedirs(d)
        for i in range(5):
            with open(os.path.join(d, f"C{i}.java"), "w") as f:
                f.write(f"class C{i} {{}}\n")
            with open(os.path.join(d, f"m{i}.py"), "w") as f:
                f.write(f"X = {i}\n")
PY
echo "tree: $(find "$tree" -type f | wc -l) files in $(find "$tree" -mindepth 1 -type d | wc -l) folders" >&2

mkdir -p "$work/classes"
"$JAVA_HOME/bin/javac" -d "$work/classes" -cp "$repo/javicorn-runtime/target/classes" "$here/IdleWatch.java"

cat > "$work/app.py" <<'PY'
async def app(scope, receive, send):
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})
PY
port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"

results="$work/results.jsonl"
echo "measuring javicorn watcher..." >&2
"$here/measure.py" javicorn "$tree" "Started reloader process" "Detected changes" - -- \
  "$java" -cp "$repo/javicorn-runtime/target/classes:$work/classes" IdleWatch "$tree" >>"$results"
# StatReload forgets every mtime on restart and re-reads them in its next pass; an edit made during
# that pass is taken as the baseline and missed. So after each restart, wait two full passes.
pass_s="$(cd "$work" && /usr/bin/python3 -c '
import time; from pathlib import Path
t = time.monotonic()
for p in list(Path("tree").rglob("*.py")): p.resolve().stat()
print(round(time.monotonic() - t, 2))')"
echo "measuring uvicorn --reload (one StatReload-like pass takes ${pass_s} s here)..." >&2
settle="$(/usr/bin/python3 -c "print(2 * $pass_s + 1)")"
EDITS="${UVICORN_EDITS:-10}" SETTLE="$settle" SETTLE_START="$settle" DETECT_TIMEOUT=180 \
WORKDIR="$work" "$here/measure.py" uvicorn "$tree" "Started reloader process" \
  "[Dd]etected (file )?change|changes detected" "Application startup complete" -- \
  /usr/bin/python3 -m uvicorn app:app --reload --reload-dir "$tree" --port "$port" >>"$results"

/usr/bin/python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
j, u = rows
import os, uvicorn
print(f"machine: {os.cpu_count()} cores, load average {open('/proc/loadavg').read().split()[:3]}; uvicorn {uvicorn.__version__}")
for r in rows:
    print(f"{r['name']}: {r['ready']}")
def ratio(a, b):
    return f"{a / b:.3f}x" if b else "n/a"
print(f"{'measure':<26}{'javicorn':>12}{'uvicorn':>12}{'javicorn/uvicorn':>18}")
for key, label, fmt in [("idle_cpu_percent", "idle CPU (% of a core)", "{:.2f}"), ("rss_mib", "RSS (MiB)", "{:.1f}"),
                        ("median_ms", "detection median (ms)", "{:.1f}"), ("max_ms", "detection max (ms)", "{:.1f}")]:
    print(f"{label:<26}{fmt.format(j[key]):>12}{fmt.format(u[key]):>12}{ratio(j[key], u[key]):>18}")
print("javicorn delays (ms):", j["delays_ms"])
print("uvicorn delays (ms):", u["delays_ms"])
PY
