"""Schemathesis (a tool we did not write) tests the running API against its OpenAPI description.

The bundled-data app is served on a loopback port; `st run` loads /api/v1/openapi.json from it and
generates bounded requests (fixed seed, 20 examples per operation plus the coverage phase) with every
check on: no 5xx, every status documented, every JSON body valid against its schema, schema-valid
requests accepted, invalid ones rejected. Settings: tests/integration/schemathesis.toml.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.served import served

CONFIG = Path(__file__).with_name("schemathesis.toml")
ST = Path(sys.executable).with_name("st")


@pytest.fixture
def served_api(bundled_app):
    with served(bundled_app) as base:
        yield base


def run_schemathesis(base: str, *extra: str) -> subprocess.CompletedProcess:
    command = [
        str(ST),
        "--config-file",
        str(CONFIG),
        "run",
        f"{base}/api/v1/openapi.json",
        "--max-examples",
        "20",
        "--seed",
        "19",
        "--workers",
        "1",
        "--request-timeout",
        "20",
        "--generation-database",
        "none",
        "--no-color",
        *extra,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


def test_schemathesis_finds_nothing_against_the_openapi_description(served_api):
    result = run_schemathesis(served_api)
    report = result.stdout[-6000:] + result.stderr[-2000:]
    assert result.returncode == 0, report
    assert "11 selected / 11 total" in result.stdout, report
    assert "No issues found" in result.stdout, report
