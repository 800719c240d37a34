"""Command -> first response of two (or more) javicorn builds, taking turns, with the CPU time the
supervisor's session had used by then (each worker leads a session of its own and is not in it):
for judging one change against the code before it on the same machine, when the machine's own
speed moves from run to run (bench/startup/cold.sh gives the ratio to uvicorn).

Usage: ab.py ROUNDS COMMAND [COMMAND ...]
Each COMMAND is one argument with its words separated by '|', PORT standing for a free port, e.g.
  ab.py 8 "/tmp/base/javicorn|--app-dir|bench/apps/hello|--port|PORT|--no-access-log|Hello:app" \\
          "./javicorn|--app-dir|bench/apps/hello|--port|PORT|--no-access-log|Hello:app"
(a worktree of the earlier commit: git worktree add /tmp/base COMMIT; /tmp/base/javicorn --version).
The server is polled every 5 ms, stopped with SIGTERM after its first 200 and waited for, nothing of
its session left, before the next starts. Prints the median and every round of each command.
"""
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cpu_ms(sid):
    """User and system time of the live processes of session sid, from /proc."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid:
            total += int(fields[11]) + int(fields[12])
    return total * 1000 // TICKS


def first_response(command):
    port = free_port()
    argv = [word.replace("PORT", str(port)) for word in command.split("|")]
    start = time.monotonic()
    server = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30).read()
                break
            except OSError:
                if server.poll() is not None:
                    sys.exit(f"server exited: {argv}")
                time.sleep(0.005)
        return round((time.monotonic() - start) * 1000), session_cpu_ms(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
        while subprocess.run(["pgrep", "-s", str(server.pid)], stdout=subprocess.DEVNULL).returncode == 0:
            time.sleep(0.05)


def main():
    rounds, commands = int(sys.argv[1]), sys.argv[2:]
    print(f"machine: {os.cpu_count()} cores, load {open('/proc/loadavg').read().split()[:3]}")
    times = {c: [] for c in commands}
    cpus = {c: [] for c in commands}
    for _ in range(rounds):
        for command in commands:
            ms, cpu = first_response(command)
            times[command].append(ms)
            cpus[command].append(cpu)
            time.sleep(0.5)
    for command in commands:
        print(f"{command}\n  median {statistics.median(times[command])} ms, CPU {statistics.median(cpus[command])} ms;"
              f" rounds {times[command]} ms, CPU {cpus[command]} ms")


if __name__ == "__main__":
    main()
