"""Every benchmark runs once in its quick mode, so none rots (issue 20).

Each `benchmarks/bench_*.py` runs as a module (`python -m benchmarks.bench_x --quick`) in a fresh interpreter
and must exit 0. The benchmarks check the status of every request they time and stop with a non-zero exit on
an error, so a callback whose signature changed, an endpoint answering 500 or a renamed id fails here, not
months later in somebody's measuring session. The numbers they print are not asserted (timings belong to the
benchmarks themselves, run on demand). The browser one (bench_vs_tutorial) carries the browser marker.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BROWSER = {"bench_vs_tutorial", "bench_routes_animation", "bench_routes_load"}
NAMES = sorted(p.stem for p in (REPO / "benchmarks").glob("bench_*.py"))


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.browser) if n in BROWSER else n for n in NAMES])
def test_benchmark_runs_in_quick_mode(name: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", f"benchmarks.{name}", "--quick"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, (
        f"{name} --quick exited {done.returncode}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    )
    assert done.stdout.strip(), f"{name} --quick printed nothing"
