#!/usr/bin/env bash
# Reload latency against uvicorn, one server at a time, early and steady edits: see alone.py.
# Usage: bench/reload/alone.sh [--rounds 3] [--early 4] [--steady 4]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
if ! /usr/bin/python3 -c 'import uvicorn, fastapi' 2>/dev/null; then
  apt-get update -qq && apt-get install -y -qq python3-uvicorn python3-fastapi >/dev/null
fi
"$root/javicorn" --version >/dev/null   # builds javicorn and trains its caches on first use
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
exec /usr/bin/python3 "$root/bench/reload/alone.py" "$root" "$@"
