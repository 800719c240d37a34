"""Reload-latency driver: edits each server's source in turn and times save -> first new response.

Usage: drive.py --server NAME:PORT:FILE [--server ...] [--edits N] [--deadline S] [--settle S]
                [--load-pause S] [--out results.json]

For every server a load thread sends GET / continuously (a new connection per request) for the
whole run and counts failures (refused, reset, timeout, non-200, anything else). The edits go
one after the other, alternating between servers (the order flips every round so background load
hits both alike). An edit rewrites the file in place (truncate, then write, like an editor) with a
new unique message; a poller then asks GET / as fast as it can (new connection each time, 0.5 s
timeout, so a poll stuck on one connection delays the answer by at most that) until the body
carries that message; the poller's own errors are shown apart, not counted as failed requests. If that takes longer than --deadline, the edit is a timeout and that server gets no
further edits (a hung reloader stays hung). Prints a table and writes the raw figures as JSON.
"""
import argparse
import errno
import http.client
import json
import re
import socket
import statistics
import threading
import time
import uuid

HOST = "127.0.0.1"
MESSAGE = re.compile(r'("message"\s*[,:]\s*)"[^"]*"')


def get(port, timeout):
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", "/")
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def classify(exc):
    if isinstance(exc, ConnectionRefusedError):
        return "refused"
    if isinstance(exc, ConnectionResetError):
        return "reset"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timeout"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "closed"
    if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
        return "broken-pipe"
    return type(exc).__name__


class Load(threading.Thread):
    """Continuous client: bounded by count and time, counts failures by kind."""

    def __init__(self, port, pause, timeout, max_requests, max_seconds):
        super().__init__(daemon=True)
        self.port, self.pause, self.timeout = port, pause, timeout
        self.max_requests, self.max_seconds = max_requests, max_seconds
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.ok = 0
        self.failures = {}
        self.failure_log = []  # (monotonic start, seconds, kind)

    def failed(self):
        with self.lock:
            return sum(self.failures.values())

    def run(self):
        end = time.monotonic() + self.max_seconds
        n = 0
        while not self.stop.is_set() and n < self.max_requests and time.monotonic() < end:
            n += 1
            start = time.monotonic()
            try:
                status, _ = get(self.port, self.timeout)
                kind = None if status == 200 else f"http-{status}"
            except Exception as exc:  # noqa: BLE001 - every failure counts
                kind = classify(exc)
            with self.lock:
                if kind is None:
                    self.ok += 1
                else:
                    self.failures[kind] = self.failures.get(kind, 0) + 1
                    self.failure_log.append((round(start, 3), round(time.monotonic() - start, 3), kind))
            if self.pause:
                self.stop.wait(self.pause)


def edit(path, message):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    new, count = MESSAGE.subn(lambda m: m.group(1) + json.dumps(message), text, count=1)
    if count != 1:
        raise SystemExit(f"no message literal found in {path}")
    t0 = time.monotonic()
    with open(path, "w", encoding="utf-8") as f:  # in place: truncate, then write
        f.write(new)
    return t0


POLL_TIMEOUT = 0.5  # bounds how late a poll stuck on one connection can see the new message


def wait_for(port, message, t0, deadline, poll_errors):
    """Seconds from t0 to the first response carrying message, or None past the deadline."""
    needle = json.dumps(message).encode()
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", action="append", required=True, help="NAME:PORT:FILE")
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--deadline", type=float, default=30.0)
    ap.add_argument("--settle", type=float, default=1.0)
    ap.add_argument("--load-pause", type=float, default=0.01)
    ap.add_argument("--load-timeout", type=float, default=5.0)
    ap.add_argument("--out")
    args = ap.parse_args()

    servers = []
    for spec in args.server:
        name, port, path = spec.split(":", 2)
        servers.append({"name": name, "port": int(port), "file": path, "edits": [], "hung": False})
    budget = args.edits * len(servers) * (args.deadline + args.settle + 5) + 60
    for s in servers:
        s["load"] = Load(s["port"], args.load_pause, args.load_timeout, 1_000_000, budget)
        s["load"].start()
    time.sleep(1.0)  # load running before the first edit

    for i in range(1, args.edits + 1):
        order = servers if i % 2 else servers[::-1]
        for s in order:
            if s["hung"]:
                continue
            message = f"reload {i} {s['name']} {uuid.uuid4().hex[:8]}"
            before = s["load"].failed()
            t0 = edit(s["file"], message)
            poll_errors = {}
            latency, polls = wait_for(s["port"], message, t0, args.deadline, poll_errors)
            if latency is None:
                s["hung"] = True
                print(f"  {s['name']} edit {i}: TIMEOUT (> {args.deadline:.0f} s), no further edits",
                      flush=True)
            else:
                time.sleep(args.settle)  # let the old worker exit before the next edit
                print(f"  {s['name']} edit {i}: {latency * 1000:7.0f} ms ({polls} polls,"
                      f" {s['load'].failed() - before} failed requests during this edit,"
                      f" poll errors {poll_errors or '-'})",
                      flush=True)
            s["edits"].append({"edit": i, "saved_at": round(t0, 3), "latency_ms": None if latency is None else latency * 1000,
                               "polls": polls, "poll_errors": poll_errors, "failed_during": s["load"].failed() - before})

    time.sleep(1.0)
    for s in servers:
        s["load"].stop.set()
    for s in servers:
        s["load"].join(args.load_timeout + 2)

    rows = []
    for s in servers:
        lat = [e["latency_ms"] for e in s["edits"] if e["latency_ms"] is not None]
        load = s["load"]
        rows.append({
            "name": s["name"],
            "edits": len(s["edits"]),
            "served": len(lat),
            "timeouts": len(s["edits"]) - len(lat),
            "not_attempted": args.edits - len(s["edits"]),
            "median_ms": statistics.median(lat) if lat else None,
            "min_ms": min(lat) if lat else None,
            "max_ms": max(lat) if lat else None,
            "latencies_ms": [round(x) for x in lat],
            "requests_ok": load.ok,
            "requests_failed": load.failed(),
            "failures": load.failures,
            "failure_log": load.failure_log,
            "edit_log": s["edits"],
        })

    fmt = lambda v: "-" if v is None else f"{v:.0f}"  # noqa: E731
    print()
    print(f"{'server':<10} {'served/edits':>12} {'timeouts':>8} {'median ms':>10} {'min ms':>8}"
          f" {'max ms':>8} {'requests ok':>12} {'failed':>7}  failures by kind")
    for r in rows:
        print(f"{r['name']:<10} {r['served']:>5}/{args.edits:<6} {r['timeouts']:>8}"
              f" {fmt(r['median_ms']):>10} {fmt(r['min_ms']):>8} {fmt(r['max_ms']):>8}"
              f" {r['requests_ok']:>12} {r['requests_failed']:>7}  {r['failures'] or '-'}")
    if len(rows) == 2 and rows[0]["median_ms"] and rows[1]["median_ms"]:
        ratio = rows[0]["median_ms"] / rows[1]["median_ms"]
        print(f"ratio {rows[0]['name']} median / {rows[1]['name']} median = {ratio:.2f}"
              f"  (goal <= 0.40, aim 0.25)")
    elif len(rows) == 2:
        print(f"ratio {rows[0]['name']} / {rows[1]['name']}: n/a (a side served no edit)")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump({"edits": args.edits, "deadline_s": args.deadline, "settle_s": args.settle,
                       "servers": rows}, f, indent=1)


if __name__ == "__main__":
    main()
