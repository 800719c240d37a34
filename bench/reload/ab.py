"""Reload latency of two (or more) javicorn checkouts, taking turns, javicorn only: for judging one
change against the code before it on the same machine (bench/reload/alone.sh gives the ratio to
uvicorn). Each round starts examples/seed under each ROOT's ./javicorn --reload in a fresh folder
and makes alone.py's early and steady edits.

Usage: ab.py ROUNDS ROOT [ROOT ...]   (a ROOT: a worktree, e.g. git worktree add /tmp/base COMMIT)
"""
import os
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import alone  # noqa: E402

SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "seed", "Main.java")


def main():
    rounds, roots = int(sys.argv[1]), [os.path.abspath(r) for r in sys.argv[2:]]
    results = {r: {"early": [], "steady": []} for r in roots}
    for _ in range(rounds):
        for root in roots:
            work = tempfile.mkdtemp(prefix="reload-ab-")
            try:
                port = alone.free_port()
                shutil.copy(SEED, work)
                command = [os.path.join(root, "javicorn"), "--app-dir", work, "--port", str(port), "--reload",
                           "--no-access-log", "Main:app"]
                got = alone.run_server("javicorn", command, work, "Main.java", port, 4, 3)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            for kind in got:
                results[root][kind].append(statistics.median(got[kind]))
            print(root, {k: [round(x * 1000) for x in v] for k, v in got.items()}, flush=True)
    for root in roots:
        early, steady = results[root]["early"], results[root]["steady"]
        print(f"{root}: early {round(statistics.median(early) * 1000)} ms (rounds {[round(x * 1000) for x in early]}),"
              f" steady {round(statistics.median(steady) * 1000)} ms (rounds {[round(x * 1000) for x in steady]})")


if __name__ == "__main__":
    main()
