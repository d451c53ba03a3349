"""Routes view: animation payload (bytes of the store for all frames) and server time per filter change.

Run: `python -m benchmarks.bench_routes [--quick]` (uses data/). Times go through the real Dash route with the
Flask test client, so they include JSON serialisation. The request is built from the app's own callback map
(filters + the shell's language), and every timed answer must be a 200 with the store filled, else the run stops.
"""

from __future__ import annotations

import statistics
import time

from benchmarks._common import callback_key, callback_payload, make_app, post_callback, quick_parser
from imapdash.ids import Routes, Shell

CASES = {
    "all routes, yearly, incidents": ([], "detections", "year", "ALL", ["incidents"]),
    "all routes, yearly, no incidents": ([], "detections", "year", "ALL", []),
    "all routes, monthly, incidents": ([], "detections", "month", "ALL", ["incidents"]),
    "central-med, monthly, incidents": (["central-mediterranean"], "detections", "month", "ALL", ["incidents"]),
    "central-med, yearly, SYR": (["central-mediterranean"], "detections", "year", "SYR", []),
    "dead and missing, yearly": ([], "dead_missing", "year", "ALL", ["incidents"]),
}


def main() -> None:
    """Print payload size and median server time per case."""
    args = quick_parser(__doc__).parse_args()
    repeats = 1 if args.quick else 5
    cases = dict(list(CASES.items())[:2]) if args.quick else CASES
    app = make_app()
    client = app.server.test_client()
    key = callback_key(app, f"{Routes.STORE}.data")
    print(f"{'case':40} {'frames':>6} {'store bytes':>12} {'median ms':>10}")
    for name, (route, measure, granularity, nationality, layers) in cases.items():
        values = {
            f"{Routes.ROUTE}.value": route,
            f"{Routes.MEASURE}.value": measure,
            f"{Routes.GRANULARITY}.value": granularity,
            f"{Routes.NATIONALITY}.value": nationality,
            f"{Routes.LAYERS}.value": layers,
            f"{Shell.ROOT}.lang": "en",
        }
        payload = callback_payload(app, key, values, changed=[f"{Routes.MEASURE}.value"])
        times, size, frames = [], 0, 0
        for _ in range(repeats):
            start = time.perf_counter()
            body, response = post_callback(client, payload)
            times.append((time.perf_counter() - start) * 1000)
            size = len(body)
            frames = len(response[Routes.STORE]["data"]["periods"])
        if not frames:
            raise SystemExit(f"benchmark failed: {name} answered a store without periods")
        print(f"{name:40} {frames:6d} {size:12,d} {statistics.median(times):10.1f}")


if __name__ == "__main__":
    main()
