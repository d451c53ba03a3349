"""/routes first load in headless Chromium: the waterfall of callbacks, long tasks, draws and DOM size.

    python -m benchmarks.bench_routes_load                       # starts app:server (gunicorn -w 1) over data/
    python -m benchmarks.bench_routes_load --url http://127.0.0.1:8120 --url http://127.0.0.1:8121 --reps 5

With several `--url`s the servers are measured alternately (the order rotates each repetition), so an old and a
new checkout compare under the same machine load; the table gives each one's median and its ratio to the first.
"Ready" is measured as in `bench_vs_tutorial` (the /routes row): every callback answered and every draw done,
the later of the last callback's end and the last `plotly_afterplot`, from navigation start. Every callback must
answer 200/204 (else the run stops); the waterfall of the last repetition of each server is printed (its caches
warm, as in most repetitions).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.bench_vs_tutorial import free_port, load_page, long_tasks, new_driver, start

PATH = os.environ.get("ROUTES_PATH", "/routes")


def measure(url: str, timeout: float) -> dict:
    driver = new_driver()
    try:
        st = load_page(driver, url + PATH, timeout, lambda s: "routes-map" in s["plots"])
        st["dom_nodes"] = driver.execute_script("return document.getElementsByTagName('*').length")
    finally:
        driver.quit()
    ends = [f["end"] for f in st["fetches"]]
    plots = [t for ts in st["plots"].values() for t in ts]
    ready = max(ends + plots)
    return {
        "ready_ms": ready,
        "first_plot_ms": min(ts[0] for ts in st["plots"].values()),
        "map_drawn_ms": max(st["plots"]["routes-map"]),
        "callbacks": len(st["fetches"]),
        "server_ms": sum(f["ttfb"] - f["start"] for f in st["fetches"]),
        "kb": sum(f["bytes"] for f in st["fetches"]) / 1024,
        "long_total_ms": long_tasks(st, 0, ready)[0],
        "longest_ms": long_tasks(st, 0, ready)[1],
        "draws": len(plots),
        "dom_nodes": st["dom_nodes"],
        "fetches": st["fetches"],
        "plots": st["plots"],
    }


def waterfall(name: str, run: dict) -> None:
    print(f"\n{name}: callbacks of the first load (ready at {run['ready_ms']:,.0f} ms)")
    print(f"  {'start':>7} {'server':>7} {'end':>7} {'KB':>7}  output")
    for f in sorted(run["fetches"], key=lambda f: f["start"]):
        server = f["ttfb"] - f["start"]
        print(f"  {f['start']:7.0f} {server:7.0f} {f['end']:7.0f} {f['bytes'] / 1024:7.1f}  {f['output'][:100]}")
    for graph, times in sorted(run["plots"].items()):
        print(f"  draws of {graph}: " + ", ".join(f"{t:,.0f}" for t in times))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", action="append", help="a running app (repeat to compare; default: start one)")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="one repetition (CI)")
    args = parser.parse_args()
    reps = 1 if args.quick else args.reps
    server = None
    urls = args.url
    if not urls:
        tmp = Path(tempfile.mkdtemp(prefix="imapdash-routes-load-"))
        server = start("imapdash", "app:server", free_port(), 1, tmp)
        urls = [f"http://127.0.0.1:{server.port}"]
    runs: dict[str, list[dict]] = {u: [] for u in urls}
    try:
        for rep in range(reps):
            order = urls[rep % len(urls) :] + urls[: rep % len(urls)]
            for url in order:
                runs[url].append(measure(url, 120))
            print(f"repetition {rep + 1}/{reps} done", file=sys.stderr)
    finally:
        if server is not None:
            server.stop()
    keys = [
        ("ready_ms", "ready (all answered and drawn), ms"),
        ("first_plot_ms", "first chart drawn, ms"),
        ("map_drawn_ms", "route map last drawn, ms"),
        ("callbacks", "callbacks on load"),
        ("server_ms", "server time summed, ms"),
        ("kb", "callback response KB"),
        ("long_total_ms", "long tasks before ready, total ms"),
        ("longest_ms", "longest long task, ms"),
        ("draws", "plotly draws"),
        ("dom_nodes", "DOM nodes"),
    ]
    print(f"\n/routes first load, median of {reps} alternating repetition(s)")
    head = f"{'measure':40}" + "".join(f" {u[-22:]:>22}" for u in urls)
    print(head + ("  ratio to first" if len(urls) > 1 else ""))
    for key, label in keys:
        meds = [statistics.median(r[key] for r in runs[u]) for u in urls]
        ratios = "  " + " ".join(f"{m / meds[0]:.2f}x" if meds[0] else "-" for m in meds[1:]) if len(urls) > 1 else ""
        print(f"{label:40}" + "".join(f" {m:22,.0f}" for m in meds) + ratios)
    for url in urls:
        waterfall(url, runs[url][-1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
