"""Routes view: animation payload (bytes of the store for all frames) and server time per filter change.

Run: `python benchmarks/bench_routes.py` (uses data/). Times go through the real Dash route with the
Flask test client, so they include JSON serialisation.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from imapdash import create_app
from imapdash.ids import Routes
from imapdash.settings import Settings

REPO = Path(__file__).resolve().parent.parent
FILTERS = [Routes.ROUTE, Routes.MEASURE, Routes.GRANULARITY, Routes.FROM, Routes.TO, Routes.NATIONALITY, Routes.LAYERS]
CASES = {
    "all routes, yearly, incidents": [[], "detections", "year", None, None, "ALL", ["incidents"]],
    "all routes, yearly, no incidents": [[], "detections", "year", None, None, "ALL", []],
    "all routes, monthly, incidents": [[], "detections", "month", None, None, "ALL", ["incidents"]],
    "central-med, monthly, incidents": [
        ["central-mediterranean"],
        "detections",
        "month",
        None,
        None,
        "ALL",
        ["incidents"],
    ],
    "central-med, yearly, SYR": [["central-mediterranean"], "detections", "year", None, None, "SYR", []],
    "dead and missing, yearly": [[], "dead_missing", "year", None, None, "ALL", ["incidents"]],
}


def main(repeats: int = 5) -> None:
    """Print payload size and median server time per case."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            Settings(
                data_dir=REPO / "data",
                instance_dir=Path(tmp) / "instance",
                secret_key="bench",
                database_url=f"sqlite:///{tmp}/bench.db",
            )
        )
        client = app.server.test_client()
        deps = client.get("/_dash-dependencies").get_json()
        output = next(d["output"] for d in deps if d["output"].startswith(f"..{Routes.STORE}.data"))
        print(f"{'case':40} {'frames':>6} {'store bytes':>12} {'median ms':>10}")
        for name, values in CASES.items():
            payload = {
                "output": output,
                "outputs": [
                    {"id": Routes.STORE, "property": "data"},
                    {"id": Routes.MEASURE_NOTE, "property": "children"},
                ],
                "inputs": [{"id": i, "property": "value", "value": v} for i, v in zip(FILTERS, values, strict=True)],
                "changedPropIds": [f"{Routes.MEASURE}.value"],
                "state": [],
            }
            times, size, frames = [], 0, 0
            for _ in range(repeats):
                start = time.perf_counter()
                response = client.post("/_dash-update-component", json=payload)
                times.append((time.perf_counter() - start) * 1000)
                size = len(response.data)
                frames = len(response.get_json()["response"][Routes.STORE]["data"]["periods"])
            print(f"{name:40} {frames:6d} {size:12,d} {statistics.median(times):10.1f}")


if __name__ == "__main__":
    main()
