"""data/datapackage.json: generated from datasets/schema.py, never stale, valid for `frictionless validate`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from imapdash import create_app
from imapdash.cli import main as cli_main
from imapdash.datasets.datapackage import DATAPACKAGE_FILE, render_for, write_datapackage
from imapdash.datasets.schema import TABLES
from tests.conftest import BUNDLED_DATA, FIXTURE_DATA, make_settings

FRICTIONLESS = Path(sys.executable).with_name("frictionless")


def frictionless_validate(descriptor: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(FRICTIONLESS), "validate", str(descriptor)], capture_output=True, text=True, timeout=600, check=False
    )


def test_committed_datapackage_is_what_the_schemas_generate():
    committed = (BUNDLED_DATA / DATAPACKAGE_FILE).read_text(encoding="utf-8")
    assert committed == render_for(BUNDLED_DATA), (
        "data/datapackage.json is stale: run `python -m imapdash datapackage data` and commit it"
    )


def test_every_table_and_column_is_described():
    package = json.loads((BUNDLED_DATA / DATAPACKAGE_FILE).read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    for table in TABLES:
        fields = [f["name"] for f in resources[table.name]["schema"]["fields"]]
        assert fields == list(table.column_names), table.name
    flows = resources["flows"]["schema"]
    assert {"fields": "route_id", "reference": {"resource": "routes", "fields": "route_id"}} in flows["foreignKeys"]
    assert flows["primaryKey"] == ["route_id", "period", "nationality_iso3", "measure", "source_org"]


def test_frictionless_validates_the_bundled_data():
    result = frictionless_validate(BUNDLED_DATA / DATAPACKAGE_FILE)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "INVALID" not in result.stdout and result.stdout.count("VALID") == len(TABLES) + 1


def test_frictionless_catches_a_broken_copy(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    write_datapackage(data)
    assert frictionless_validate(data / DATAPACKAGE_FILE).returncode == 0
    flows = data / "flows.csv"
    text = flows.read_text().replace("other,2023,year", "nowhere,2023,year")
    flows.write_text(text.replace("2024,year,ALL,detections,600", "2024,year,ALL,detections,six"))
    result = frictionless_validate(data / DATAPACKAGE_FILE)
    assert result.returncode != 0
    assert "type-error" in result.stdout and "foreign-key" in result.stdout and "nowhere" in result.stdout


def test_a_release_exports_as_a_valid_data_package(tmp_path, capsys):
    settings = make_settings(tmp_path)
    create_app(settings)
    target = tmp_path / "export"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IMAPDASH_DATABASE_URL", settings.database_url)
        assert cli_main(["releases", "export", "1", str(target)]) == 0
    assert "datapackage.json" in capsys.readouterr().out
    assert (target / DATAPACKAGE_FILE).read_text(encoding="utf-8") == render_for(FIXTURE_DATA)
    result = frictionless_validate(target / DATAPACKAGE_FILE)
    assert result.returncode == 0, result.stdout[-3000:]


def test_cli_check_reports_a_stale_file(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    assert cli_main(["datapackage", str(data), "--check"]) == 1
    assert "stale" in capsys.readouterr().err
    assert cli_main(["datapackage", str(data)]) == 0
    assert cli_main(["datapackage", str(data), "--check"]) == 0
