"""What a worker holds after start (issue 20; numbers: `python -m benchmarks.bench_memory`).

A fresh interpreter builds the app over the fixture data: pyarrow must allocate with the system allocator
(mimalloc kept ~85 MB of freed validation pages per worker), and modules only some requests need (duckdb
for a Parquet flow store, geopandas nowhere at run time) must not be imported by start-up.
"""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys, tempfile
from pathlib import Path
from imapdash import create_app
from tests.conftest import make_settings
app = create_app(make_settings(Path(tempfile.mkdtemp())))
assert app.server.test_client().get("/healthz").status_code == 200
import pyarrow
print(json.dumps({"pool": pyarrow.default_memory_pool().backend_name,
                  "loaded": sorted(m for m in ("duckdb", "geopandas") if m in sys.modules)}))
"""


def test_start_up_uses_the_system_allocator_and_leaves_unused_modules_unloaded():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"pool": "system", "loaded": []}
