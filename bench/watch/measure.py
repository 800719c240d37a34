#!/usr/bin/python3
"""Starts a reloader on a tree, measures its idle CPU and RSS, then times single-file edits.

Usage: measure.py NAME TREE READY_REGEX DETECT_REGEX RESTARTED_REGEX -- COMMAND...
Prints one JSON line with the figures. Detection delay = from just before the write to the moment the
reloader's "detected" line is read from its output pipe.
"""
import json, os, re, select, signal, statistics, subprocess, sys, time

IDLE_SECONDS = float(os.environ.get("IDLE_SECONDS", "10"))
EDITS = int(os.environ.get("EDITS", "20"))
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


class Output:
    def __init__(self, proc):
        self.proc, self.buf, self.lines = proc, b"", []

    def wait_for(self, pattern, timeout):
        deadline = time.monotonic() + timeout
        while True:
            for i, line in enumerate(self.lines):
                if re.search(pattern, line):
                    del self.lines[: i + 1]
                    return time.time_ns(), line
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no line matching {pattern!r} within {timeout}s")
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    raise EOFError("reloader exited")
                self.buf += chunk
                *done, self.buf = self.buf.split(b"\n")
                self.lines += [l.decode(errors="replace") for l in done]

    def drain(self):
        while select.select([self.proc.stdout], [], [], 0)[0]:
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                return
            self.buf += chunk
        *done, self.buf = self.buf.split(b"\n")
        self.lines += [l.decode(errors="replace") for l in done]


def main():
    name, tree, ready_re, detect_re, restarted_re = sys.argv[1:6]
    command = sys.argv[sys.argv.index("--") + 1:]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True, cwd=os.environ.get("WORKDIR"))
    out = Output(proc)
    try:
        _, ready_line = out.wait_for(ready_re, 120)
        time.sleep(float(os.environ.get("SETTLE_START", "5")))  # let start-up work (a first full scan, JIT) finish before measuring idle
        out.drain()
        out.lines.clear()
        cpu0, t0 = cpu_seconds(proc.pid), time.monotonic()
        time.sleep(IDLE_SECONDS)
        cpu1, t1 = cpu_seconds(proc.pid), time.monotonic()
        rss = rss_kib(proc.pid)
        delays = []
        files = sorted(os.path.join(d, f) for d, _, fs in os.walk(tree) for f in fs if f.endswith(".py"))
        for i in range(EDITS):
            target = files[(i * 7919) % len(files)]
            out.drain()
            out.lines.clear()
            before = time.time_ns()
            with open(target, "a") as f:
                f.write(f"# edit {i}\n")
            seen, _ = out.wait_for(detect_re, float(os.environ.get("DETECT_TIMEOUT", "30")))
            delays.append((seen - before) / 1e6)
            if restarted_re != "-":
                out.wait_for(restarted_re, 60)
            time.sleep(float(os.environ.get("SETTLE", "1.0")))  # polling reloaders re-read mtimes after a restart
        print(json.dumps({
            "name": name, "ready": ready_line.strip(), "idle_cpu_percent": 100 * (cpu1 - cpu0) / (t1 - t0),
            "rss_mib": rss / 1024, "median_ms": statistics.median(delays), "max_ms": max(delays),
            "delays_ms": [round(d, 1) for d in delays]}))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
