"""What a worker does not build or import at start (issue 20: resident memory per worker).

The numbers are printed by `python -m benchmarks.bench_memory`; these tests pin the causes it found, so
a change that brings one back fails here instead of only moving a benchmark figure.
"""

import dataclasses
import json
import subprocess
import sys

from dash import html

from imapdash import create_app
from imapdash.datasets import Datasets
from imapdash.factory import full_layout
from tests.conftest import REPO, make_settings


def test_start_builds_no_view_layout_until_one_is_needed(app, client):
    # building every view's layout (Dash's validation layout) held ~50 MB in every worker
    assert client.get("/").status_code == 200
    assert client.get("/_dash-layout").status_code == 200
    assert app.validation_layout is None
    built = full_layout(app)
    assert isinstance(built, html.Div) and full_layout(app) is built
    assert "page-content" in json.dumps(built.to_plotly_json(), default=str)


def test_debug_mode_still_builds_the_validation_layout_at_start(tmp_path):
    # in debug mode Dash sends it to the browser for its own checks
    app = create_app(make_settings(tmp_path, debug=True))
    assert app.validation_layout is not None


def test_geometry_is_kept_as_served_bytes_not_parsed(app):
    datasets = app.server.extensions["imapdash.datasets"].resolve()
    held = {f.name: getattr(datasets, f.name) for f in dataclasses.fields(Datasets)}
    assert not any(isinstance(value, dict) and "features" in value for value in held.values())
    parsed = json.loads(datasets.geometry_json)
    assert datasets.geometry_ids == tuple(f["id"] for f in parsed["features"])
    assert datasets.row_counts()["countries_geometry"] == len(parsed["features"])


PROBE = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from imapdash import create_app
from tests.conftest import make_settings
app = create_app(make_settings(Path(sys.argv[2])))
assert app.server.test_client().get("/").status_code == 200
print(",".join(sorted(m for m in sys.modules if m == "shapely" or m.startswith("pyarrow.parquet"))))
"""


def test_a_worker_imports_neither_parquet_nor_shapely_to_serve_its_first_page(tmp_path):
    # pyarrow.parquet (with pyarrow.fs and its S3/GCS/Azure modules) is ~4 MB per worker; only a
    # Parquet flow store (IMAPDASH_FLOWS_PARQUET) and `write_parquet` need it. shapely checks the
    # geometry, in the child process that validates the data (imapdash.memory.load_apart)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(REPO), str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1:] in ([], [""])
