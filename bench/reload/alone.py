"""Reload latency with one server at a time: javicorn and uvicorn never run together.

Usage: alone.py ROOT [--rounds 3] [--early 4] [--steady 4]

Each round starts examples/seed under `javicorn --reload`, then the seed's FastAPI app
(bench/reload/seed_fastapi/main.py) under `uvicorn --reload`, each in a folder of its own, and for
each server in turn:
- early edits: the first 3 s after the server's first response, then one every 1.5 s
  (what a developer does right after starting it);
- steady edits: from 10 s after the first response, one every 3 s.
An edit rewrites the file in place with a new message; the latency is from the save to the first
response carrying it (a new connection per poll, 0.5 s timeout). The server is then stopped with
SIGTERM and waited for, nothing of it left, before the next one starts. Prints the medians, their
spread over the rounds, and the ratios.
"""
import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

MESSAGE = re.compile(r'("message"\s*[,:]\s*)"[^"]*"')
PYTHON = "/usr/bin/python3"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def body(port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=0.5)
    try:
        conn.request("GET", "/")
        response = conn.getresponse()
        return response.read().decode() if response.status == 200 else None
    except OSError:
        return None
    finally:
        conn.close()


def await_body(port, text, deadline):
    while time.monotonic() < deadline:
        answer = body(port)
        if answer is not None and text in answer:
            return time.monotonic()
        time.sleep(0.005)
    raise TimeoutError(f"port {port} never answered with {text!r}")


def edit(path, port):
    message = "m-" + uuid.uuid4().hex[:8]
    with open(path, encoding="utf-8") as f:
        source = f.read()
    saved = time.monotonic()
    with open(path, "w", encoding="utf-8") as f:  # in place, as an editor saves
        f.write(MESSAGE.sub(lambda m: m.group(1) + '"' + message + '"', source, count=1))
    return await_body(port, message, saved + 60) - saved


def run_server(name, command, folder, source, port, early, steady):
    server = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        first = await_body(port, "message", time.monotonic() + 180)
        latencies = {"early": [], "steady": []}
        time.sleep(max(0.0, first + 3 - time.monotonic()))
        for _ in range(early):
            latencies["early"].append(edit(os.path.join(folder, source), port))
            time.sleep(1.5)
        time.sleep(max(0.0, first + 10 - time.monotonic()))
        for _ in range(steady):
            latencies["steady"].append(edit(os.path.join(folder, source), port))
            time.sleep(3)
        return latencies
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        while subprocess.run(["pgrep", "-s", str(server.pid)], stdout=subprocess.DEVNULL).returncode == 0:
            time.sleep(0.05)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--early", type=int, default=4)
    parser.add_argument("--steady", type=int, default=4)
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    results = {"javicorn": {"early": [], "steady": []}, "uvicorn": {"early": [], "steady": []}}
    for round_number in range(1, args.rounds + 1):
        for name in ("javicorn", "uvicorn"):
            work = tempfile.mkdtemp(prefix="reload-alone-")
            try:
                port = free_port()
                if name == "javicorn":
                    shutil.copy(os.path.join(root, "examples/seed/Main.java"), work)
                    command = [os.path.join(root, "javicorn"), "--app-dir", work, "--port", str(port), "--reload",
                               "--no-access-log", "Main:app"]
                    source = "Main.java"
                else:
                    shutil.copy(os.path.join(root, "bench/reload/seed_fastapi/main.py"), work)
                    command = [PYTHON, "-m", "uvicorn", "main:app", "--reload", "--port", str(port), "--no-access-log"]
                    source = "main.py"
                got = run_server(name, command, work, source, port, args.early, args.steady)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            for kind in got:
                results[name][kind].append(statistics.median(got[kind]))
            print(f"round {round_number} {name}: early {[round(x * 1000) for x in got['early']]} ms,"
                  f" steady {[round(x * 1000) for x in got['steady']]} ms", flush=True)
    print(f"{'edit → served (median of each round)':40} {'javicorn':>18} {'uvicorn':>18} {'ratio':>7}")
    for kind, label in (("early", "early: 3 s after start, 1.5 s apart"), ("steady", "steady: from 10 s, 3 s apart")):
        j, u = results["javicorn"][kind], results["uvicorn"][kind]
        jm, um = statistics.median(j), statistics.median(u)
        print(f"{label:40} {round(jm * 1000):>7} ({round(min(j) * 1000)}-{round(max(j) * 1000)}) "
              f"{round(um * 1000):>7} ({round(min(u) * 1000)}-{round(max(u) * 1000)}) {jm / um:>7.2f}")


if __name__ == "__main__":
    sys.exit(main())
