"""The data builder's curated files: checked like any input, and the committed data/ files they give.

These tests need neither ../shared nor the network: the reference-data build itself is run by maintainers
(`python -m databuild --reference ../shared/reference-data --out /tmp/x`, then compare with data/).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from databuild.curated import CURATED_DIR, META_FILE, check_meta, load_curated
from databuild.output import write_csv
from databuild.tables import BUILDERS
from imapdash.datasets.errors import DatasetError
from imapdash.datasets.schema import TABLES

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def curated_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "curated"
    shutil.copytree(CURATED_DIR, folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_table_of_the_schema_has_a_builder_module_except_geometry():
    assert set(BUILDERS) == {t.name for t in TABLES} - {"countries"}


@pytest.mark.parametrize("name", ["routes", "route_waypoints", "route_countries", "indicators"])
def test_committed_data_file_is_what_the_curated_table_gives(name, tmp_path):
    table = getattr(load_curated(), name)
    written = write_csv(table, tmp_path, name)
    assert written.read_bytes() == (DATA / written.name).read_bytes()


def test_a_bad_colour_in_curated_routes_is_refused_with_file_row_and_column(curated_copy):
    edit(curated_copy / "routes.csv", "#F703D9", "pink")
    with pytest.raises(DatasetError) as err:
        load_curated(curated_copy)
    [problem] = err.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "databuild/curated/routes.csv",
        2,
        "color",
        "pink",
    )


def test_a_waypoint_on_an_unknown_route_and_a_repeated_colour_are_both_reported(curated_copy):
    edit(curated_copy / "route_waypoints.csv", "central-mediterranean,1,", "central-med,1,")
    edit(curated_copy / "routes.csv", "#395536", "#F703D9")
    with pytest.raises(DatasetError) as err:
        load_curated(curated_copy)
    found = {(p.file, p.row, p.column, p.message) for p in err.value.problems}
    assert ("databuild/curated/route_waypoints.csv", 2, "route_id", "unknown reference") in found
    assert ("databuild/curated/routes.csv", 3, "color", "colour used by another route") in found


def test_a_dataset_without_manifest_texts_is_reported(curated_copy):
    edit(curated_copy / META_FILE, "[datasets.corridors]", "[datasets.corridor]")
    with pytest.raises(DatasetError) as err:
        load_curated(curated_copy)
    messages = {(p.column, p.message) for p in err.value.problems}
    assert ("datasets.corridors", "data file not described") in messages
    assert ("datasets.corridor", "unknown data file") in messages


def test_manifest_sources_need_an_http_url():
    meta = load_curated().meta
    meta["datasets"]["routes"]["sources"] = [{"org": "Frontex", "url": "frontex.europa.eu"}]
    [problem] = check_meta(meta)
    assert problem.column == "datasets.routes.sources"
