"""Per-edit timeline of javicorn's reloads, from drive.py's results and the stamped log.

Usage: timeline.py results.json javicorn.log
Times are seconds after the save: change detected, new worker's startup complete, old worker told
to stop ("Shutting down"), the "Reloaded in" line, and the first response with the new message.
"""
import json
import sys


def main():
    results, log = sys.argv[1], sys.argv[2]
    server = next(s for s in json.load(open(results))["servers"] if s["name"] == "javicorn")
    lines = []
    for raw in open(log, encoding="utf-8", errors="replace"):
        stamp, _, text = raw.partition(" ")
        try:
            lines.append((float(stamp), text.strip()))
        except ValueError:
            pass
    print(f"{'edit':>4} {'detected':>9} {'new ready':>10} {'old stops':>10} {'Reloaded':>9} {'new served':>11}")
    for e in server["edit_log"]:
        t0 = e["saved_at"]
        end = t0 + (e["latency_ms"] or 30_000) / 1000 + 5
        window = [(t - t0, text) for t, text in lines if t0 <= t <= end]

        def first(word):
            hit = next((f"+{t:.2f}" for t, text in window if word in text), "-")
            return hit

        served = "-" if e["latency_ms"] is None else f"+{e['latency_ms'] / 1000:.2f}"
        print(f"{e['edit']:>4} {first('Detected changes'):>9} {first('startup complete'):>10}"
              f" {first('Shutting down'):>10} {first('Reloaded in'):>9} {served:>11}")


if __name__ == "__main__":
    main()
