"""Reload-latency driver for two Spring Boot servers: javicorn --reload and Spring Boot DevTools.

Usage: drive.py --server NAME:PORT:FILE[:COMPILE_CMD] [--server ...] [--edits N] [--deadline S]
                [--settle S] [--out results.json]

Like bench/reload/drive.py (whose load client it uses): one continuous client per server for the
whole run (GET /, new connection per request, 10 ms pause, 5 s timeout; refused, reset, timeout or
non-200 = failed request), and edits one after the other, alternating servers, the order flipped
every round. An edit rewrites the controller's MESSAGE literal in place (truncate, then write) with
a new unique message. For a server with a COMPILE_CMD (DevTools), the command runs right after the
save, as an IDE's build would (`mvn -q -o compile`); its time is part of the latency and is also
shown on its own. Latency = save -> first response carrying the new message (a poller asks GET /
as fast as it can, 0.5 s timeout per poll, 5 ms pause after a failed poll). Past --deadline the edit is a timeout and that server
gets no further edits.
"""
import argparse
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reload"))
from drive import Load, classify, get  # noqa: E402

MESSAGE = re.compile(r'(static final String MESSAGE\s*=\s*)"[^"]*"')
POLL_TIMEOUT = 0.5
POLL_PAUSE = 0.005


def edit(path, message):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    new, count = MESSAGE.subn(lambda m: m.group(1) + json.dumps(message), text, count=1)
    if count != 1:
        raise SystemExit(f"no MESSAGE literal found in {path}")
    t0 = time.monotonic()
    with open(path, "w", encoding="utf-8") as f:  # in place: truncate, then write
        f.write(new)
    return t0


def wait_for(port, message, t0, deadline, poll_errors):
    needle = message.encode()
    polls = 0
    while True:
        left = t0 + deadline - time.monotonic()
        if left <= 0:
            return None, polls
        polls += 1
        try:
            status, body = get(port, min(POLL_TIMEOUT, left))
            if status == 200 and needle in body:
                return time.monotonic() - t0, polls
        except Exception as exc:  # noqa: BLE001 - counted apart: the load thread counts failures
            kind = classify(exc)
            poll_errors[kind] = poll_errors.get(kind, 0) + 1
            # A refused connection fails at once: without a pause the poller would spin on a
            # 2-core machine and slow down the restart it is timing.
            time.sleep(POLL_PAUSE)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", action="append", required=True, help="NAME:PORT:FILE[:COMPILE_CMD]")
    ap.add_argument("--edits", type=int, default=7)
    ap.add_argument("--deadline", type=float, default=90.0)
    ap.add_argument("--settle", type=float, default=2.0)
    ap.add_argument("--out")
    args = ap.parse_args()

    servers = []
    for spec in args.server:
        parts = spec.split(":", 3)
        servers.append({"name": parts[0], "port": int(parts[1]), "file": parts[2],
                        "compile": shlex.split(parts[3]) if len(parts) > 3 and parts[3] else None,
                        "cwd": os.path.dirname(parts[2].split("/src/main/java/")[0] + "/"),
                        "edits": [], "hung": False})
    budget = args.edits * len(servers) * (args.deadline + args.settle + 5) + 60
    for s in servers:
        s["load"] = Load(s["port"], 0.01, 5.0, 1_000_000, budget)
        s["load"].start()
    time.sleep(1.0)

    for i in range(1, args.edits + 1):
        order = servers if i % 2 else servers[::-1]
        for s in order:
            if s["hung"]:
                continue
            message = f"reload {i} {s['name']} {uuid.uuid4().hex[:8]}"
            before = s["load"].failed()
            t0 = edit(s["file"], message)
            compile_ms = None
            if s["compile"]:
                done = subprocess.run(s["compile"], cwd=s["cwd"], stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True, check=False)
                compile_ms = (time.monotonic() - t0) * 1000
                if done.returncode != 0:
                    raise SystemExit(f"{s['name']}: compile failed:\n{done.stdout}")
            poll_errors = {}
            latency, polls = wait_for(s["port"], message, t0, args.deadline, poll_errors)
            if latency is None:
                s["hung"] = True
                print(f"  {s['name']} edit {i}: TIMEOUT (> {args.deadline:.0f} s), no further edits", flush=True)
            else:
                time.sleep(args.settle)
                extra = f", of which compile {compile_ms:.0f} ms" if compile_ms is not None else ""
                print(f"  {s['name']} edit {i}: {latency * 1000:7.0f} ms{extra} ({polls} polls,"
                      f" {s['load'].failed() - before} failed requests during this edit,"
                      f" poll errors {poll_errors or '-'})", flush=True)
            s["edits"].append({"edit": i, "saved_at": round(t0, 3),
                               "latency_ms": None if latency is None else latency * 1000,
                               "compile_ms": compile_ms, "polls": polls, "poll_errors": poll_errors,
                               "failed_during": s["load"].failed() - before})

    time.sleep(1.0)
    for s in servers:
        s["load"].stop.set()
    for s in servers:
        s["load"].join(7)

    rows = []
    for s in servers:
        served = [e for e in s["edits"] if e["latency_ms"] is not None]
        lat = [e["latency_ms"] for e in served]
        after = [e["latency_ms"] - e["compile_ms"] for e in served if e["compile_ms"] is not None]
        rows.append({
            "name": s["name"], "edits": len(s["edits"]), "served": len(lat),
            "median_ms": statistics.median(lat) if lat else None,
            "min_ms": min(lat) if lat else None, "max_ms": max(lat) if lat else None,
            "median_compile_ms": statistics.median([e["compile_ms"] for e in served]) if after else None,
            "median_after_compile_ms": statistics.median(after) if after else None,
            "latencies_ms": [round(x) for x in lat],
            "requests_ok": s["load"].ok, "requests_failed": s["load"].failed(),
            "failures": s["load"].failures, "failure_log": s["load"].failure_log, "edit_log": s["edits"],
        })

    fmt = lambda v: "-" if v is None else f"{v:.0f}"  # noqa: E731
    print()
    print(f"{'server':<10} {'served/edits':>12} {'median ms':>10} {'min ms':>8} {'max ms':>8}"
          f" {'compile ms':>10} {'after compile':>13} {'requests ok':>12} {'failed':>7}  failures by kind")
    for r in rows:
        print(f"{r['name']:<10} {r['served']:>5}/{args.edits:<6} {fmt(r['median_ms']):>10} {fmt(r['min_ms']):>8}"
              f" {fmt(r['max_ms']):>8} {fmt(r['median_compile_ms']):>10} {fmt(r['median_after_compile_ms']):>13}"
              f" {r['requests_ok']:>12} {r['requests_failed']:>7}  {r['failures'] or '-'}")
    if len(rows) == 2 and rows[0]["median_ms"] and rows[1]["median_ms"]:
        print(f"ratio {rows[0]['name']} median / {rows[1]['name']} median = "
              f"{rows[0]['median_ms'] / rows[1]['median_ms']:.2f}  (goal <= 0.50)")
        if rows[1]["median_after_compile_ms"]:
            print(f"ratio {rows[0]['name']} median / {rows[1]['name']} median after its compile = "
                  f"{rows[0]['median_ms'] / rows[1]['median_after_compile_ms']:.2f}  (as if the IDE compiled instantly)")
    elif len(rows) == 2:
        print(f"ratio {rows[0]['name']} / {rows[1]['name']}: n/a (a side served no edit)")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump({"edits": args.edits, "deadline_s": args.deadline, "settle_s": args.settle,
                       "servers": rows}, f, indent=1)


if __name__ == "__main__":
    main()
