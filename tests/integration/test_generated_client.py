"""A client generated from /api/v1/openapi.json by a tool we did not write (openapi-python-client) works.

The README shows the same steps: generate the client from the running app's description, then call it.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.integration.served import served

GENERATOR = Path(sys.executable).with_name("openapi-python-client")


@pytest.fixture
def client_package(bundled_app, tmp_path, monkeypatch):
    """Generate `imapdash_client` from the served description; yield (package, base URL)."""
    with served(bundled_app) as base:
        spec = tmp_path / "openapi.json"
        with urllib.request.urlopen(f"{base}/api/v1/openapi.json", timeout=30) as response:  # loopback only
            spec.write_bytes(response.read())
        env = {**os.environ, "PATH": f"{GENERATOR.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        output = tmp_path / "imapdash_client"
        command = [str(GENERATOR), "generate", "--path", str(spec), "--output-path", str(output), "--meta", "none"]
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
        monkeypatch.syspath_prepend(str(tmp_path))
        yield importlib.import_module("imapdash_client"), base
        for name in [m for m in sys.modules if m == "imapdash_client" or m.startswith("imapdash_client.")]:
            del sys.modules[name]


def test_generated_client_reads_flows_at_one_level(client_package):
    package, base = client_package
    from imapdash_client.api.flows import get_flows, get_flows_by_route
    from imapdash_client.models import Error, GetFlowsByRouteMeasure, GetFlowsMeasure, GetFlowsRouteItem

    client = package.Client(base_url=f"{base}/api/v1", raise_on_unexpected_status=True)
    body = get_flows.sync(
        client=client,
        route=[GetFlowsRouteItem("central-mediterranean")],
        year=[2017],
        measure=GetFlowsMeasure.DETECTIONS,
    )
    assert body.level.period_type.value == "year" and body.level.nationality.value == "ALL"
    assert sum(row.value for row in body.rows) == 118962
    assert {row.source_org for row in body.rows} == {"Frontex"}

    two_routes = get_flows.sync(
        client=client,
        route=[GetFlowsRouteItem("central-mediterranean"), GetFlowsRouteItem("western-african")],
        year=[2024],
        measure=GetFlowsMeasure.DETECTIONS,
    )
    assert {row.route_id for row in two_routes.rows} == {"central-mediterranean", "western-african"}

    refused = get_flows_by_route.sync_detailed(
        client=client, from_="2023", to="2023-05", measure=GetFlowsByRouteMeasure.DETECTIONS
    )
    assert refused.status_code == 400
    assert isinstance(refused.parsed, Error) and refused.parsed.parameter == "from"
