"""Release diff: rows added, removed, changed and finalised, from the public rows only, with exact counts."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest

from imapdash.datasets import Datasets, load_datasets
from imapdash.releases.diff import CellChange, diff_datasets, diff_table
from tests.conftest import BUNDLED_DATA, FIXTURE_DATA

DESA = "UN DESA,https://www.un.org/development/desa/pd/content/international-migrant-stock,IMS 2024"


def data_dir(tmp_path: Path, name: str, edits: dict[str, list[tuple[str, str]]]) -> Path:
    """A copy of the fixture data with text replacements applied per file (each must match)."""
    target = tmp_path / name
    shutil.copytree(FIXTURE_DATA, target)
    for file, replacements in edits.items():
        text = (target / file).read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, f"{old!r} not in {file}"
            text = text.replace(old, new)
        (target / file).write_text(text, encoding="utf-8")
    return target


def with_table(datasets: Datasets, name: str, frame: pd.DataFrame) -> Datasets:
    return replace(datasets, tables=MappingProxyType({**datasets.tables, name: frame}))


@pytest.fixture(scope="module")
def fixture() -> Datasets:
    return load_datasets(FIXTURE_DATA)


@pytest.fixture
def pair(tmp_path) -> tuple[Datasets, Datasets]:
    """Old: LBY 2023 preliminary. New: that row final with a new value, TUN revised, ITA 2020 gone, TUN 2023 new."""
    old = data_dir(
        tmp_path,
        "old",
        {
            "indicator_values.csv": [
                ("LBY,refugees_hosted,2023,44,end-2023,final", "LBY,refugees_hosted,2023,44,end-2023,preliminary")
            ]
        },
    )
    new = data_dir(
        tmp_path,
        "new",
        {
            "indicator_values.csv": [
                ("LBY,refugees_hosted,2023,44,end-2023,final", "LBY,refugees_hosted,2023,45,end-2023,final"),
                ("TUN,migrant_stock_total,2024,60,", "TUN,migrant_stock_total,2024,61.5,"),
                (f"ITA,migrant_stock_total,2020,6000,2020,final,0,{DESA}\n", ""),
                (
                    "LBY,refugees_hosted,2024,",
                    f"TUN,migrant_stock_total,2023,55,2023,final,0,{DESA}\nLBY,refugees_hosted,2024,",
                ),
            ]
        },
    )
    return load_datasets(old), load_datasets(new)


def test_identical_releases_have_no_differences(fixture, tmp_path):
    again = load_datasets(data_dir(tmp_path, "same", {}))
    diff = diff_datasets(fixture, again)
    assert not diff.has_changes and diff.changed_tables == ()
    assert len(diff.tables) == len(fixture.tables)  # every table compared
    assert all((t.added, t.removed, t.changed, t.finalised) == (0, 0, 0, 0) for t in diff.tables)
    assert not diff_datasets(fixture, fixture).has_changes


def test_added_removed_changed_and_finalised_rows(pair):
    diff = diff_datasets(*pair)
    assert [t.name for t in diff.changed_tables] == ["indicator_values"]
    values = diff.table("indicator_values")
    assert (values.added, values.removed, values.changed, values.finalised) == (1, 1, 2, 1)
    assert values.cells_changed == 3
    assert values.column_counts == {"value": 2, "status": 1}
    assert [r["year"] for r in values.added_rows] == [2023] and values.added_rows[0]["value"] == 55.0
    assert values.added_rows[0]["iso3"] == "TUN"
    assert [(r["iso3"], r["year"], r["value"]) for r in values.removed_rows] == [("ITA", 2020, 6000.0)]
    # changed rows in key order: LBY before TUN; the LBY row changed value and status
    assert [row.key for row in values.changed_rows] == [
        {"iso3": "LBY", "indicator_id": "refugees_hosted", "year": 2023},
        {"iso3": "TUN", "indicator_id": "migrant_stock_total", "year": 2024},
    ]
    assert values.changed_rows[0].changes == (
        CellChange("value", 44.0, 45.0),
        CellChange("status", "preliminary", "final"),
    )
    assert values.changed_rows[1].changes == (CellChange("value", 60.0, 61.5),)
    (finalised,) = values.finalised_rows
    assert finalised.key == {"iso3": "LBY", "indicator_id": "refugees_hosted", "year": 2023}
    assert finalised.changes == (CellChange("value", 44.0, 45.0),)  # the value change; the status is implied
    assert not values.truncated
    assert not diff.geometry_changed and not diff.vintage_changed


def test_the_diff_runs_in_the_other_direction_too(pair):
    old, new = pair
    back = diff_datasets(new, old).table("indicator_values")
    assert (back.added, back.removed, back.changed, back.finalised) == (1, 1, 2, 0)
    assert back.added_rows[0]["year"] == 2020 and back.removed_rows[0]["year"] == 2023


def test_restricted_rows_never_appear(fixture, tmp_path):
    # only restricted rows change: LBY 2024 (indicator values) and the January flows row (preliminary -> final)
    new = load_datasets(
        data_dir(
            tmp_path,
            "restricted",
            {
                "indicator_values.csv": [("LBY,refugees_hosted,2024,47,", "LBY,refugees_hosted,2024,48,")],
                "flows.csv": [
                    (
                        "ALL,detections,99,1,2025-01 (preliminary),preliminary,1",
                        "ALL,detections,100,1,2025-01 (preliminary),final,1",
                    )
                ],
            },
        )
    )
    assert new.restricted_count("indicator_values") == 1 and new.restricted_count("flows") == 1
    diff = diff_datasets(fixture, new)
    assert not diff.has_changes
    assert diff.table("flows").finalised == 0


def test_a_row_made_public_reads_as_added_and_shows_only_public_values(fixture, tmp_path):
    new = load_datasets(
        data_dir(
            tmp_path,
            "public",
            {
                "indicator_values.csv": [
                    (
                        "LBY,refugees_hosted,2024,47,mid-2024,provisional,1",
                        "LBY,refugees_hosted,2024,47,mid-2024,provisional,0",
                    )
                ]
            },
        )
    )
    values = diff_datasets(fixture, new).table("indicator_values")
    assert (values.added, values.removed, values.changed) == (1, 0, 0)
    assert values.added_rows[0]["year"] == 2024 and "restricted" not in values.added_rows[0]
    # the other way round the row disappears from the public data: removed, nothing else said
    back = diff_datasets(new, fixture).table("indicator_values")
    assert (back.added, back.removed, back.changed) == (0, 1, 0)


def test_restricted_frames_are_never_read(fixture, monkeypatch):
    def refuse(self, name, *, include_restricted=False):
        raise AssertionError("the diff must read Datasets.tables only")

    monkeypatch.setattr(Datasets, "frame", refuse)
    assert not diff_datasets(fixture, fixture).has_changes


def test_missing_values_and_dtypes_do_not_count_as_changes(fixture):
    arrivals = fixture.arrivals
    assert arrivals["arrivals_land"].isna().sum() == 1  # the ITA row has no land figure
    as_float = arrivals.astype({"arrivals_land": "float64", "dead_missing": "float64", "arrivals": "float64"})
    assert not diff_table("arrivals", arrivals, as_float).has_changes
    # a key column loaded as float in one release and Int64 in the other still matches row for row
    values = fixture.indicator_values
    floats = values.astype({"year": "float64"})
    assert not diff_table("indicator_values", values, floats).has_changes
    texts = values.astype({"year": str})
    assert not diff_table("indicator_values", values, texts).has_changes
    # a text column read as plain objects, missing as None vs "" (an empty CSV cell), same dtype or not
    empty = arrivals.astype({"note": object})
    missing = empty.copy()
    missing.loc[missing["note"] == "", "note"] = None
    assert missing["note"].isna().sum() == 1
    assert not diff_table("arrivals", arrivals, missing).has_changes
    assert not diff_table("arrivals", empty, missing).has_changes


def test_nan_to_value_and_exact_float_comparison(fixture):
    arrivals = fixture.arrivals
    filled = arrivals.copy()
    filled.loc[filled["arrivals_land"].isna(), "arrivals_land"] = 0
    table = diff_table("arrivals", arrivals, filled)
    assert (table.changed, table.cells_changed) == (1, 1)
    assert table.changed_rows[0].changes == (CellChange("arrivals_land", None, 0),)
    values = fixture.indicator_values
    nudged = values.copy()
    nudged.loc[nudged.index[0], "value"] = np.nextafter(nudged["value"].iloc[0], np.inf)
    assert diff_table("indicator_values", values, nudged).changed == 1


def test_missing_key_values_match(fixture):
    headline = fixture.headline_figures.copy()
    headline.loc[headline.index[0], "year"] = pd.NA  # year is optional in headline_figures, and part of its key
    revised = headline.astype({"year": "float64"})
    revised.loc[revised.index[0], "value"] += 1
    table = diff_table("headline_figures", headline, revised)
    assert (table.added, table.removed, table.changed) == (0, 0, 1)
    assert table.changed_rows[0].key["year"] is None


def test_detail_rows_are_capped_in_key_order_and_counts_stay_exact(fixture):
    flows = fixture.flows
    bumped = flows.assign(value=flows["value"] + 1)
    diff = diff_datasets(fixture, with_table(fixture, "flows", bumped), limit=2)
    table = diff.table("flows")
    assert (table.changed, table.cells_changed, table.column_counts) == (6, 6, {"value": 6})
    assert len(table.changed_rows) == 2 and table.truncated
    assert [(r.key["period"], r.key["nationality_iso3"], r.key["measure"]) for r in table.changed_rows] == [
        ("2023", "ALL", "dead_missing"),
        ("2023", "ALL", "detections"),
    ]
    assert table.changed_rows[0].changes == (CellChange("value", 25, 26),)

    values = fixture.indicator_values
    extra = pd.DataFrame(
        {**{c: values[c].iloc[0] for c in values.columns}, "year": pd.array(range(1950, 1990), dtype="Int64")}
    )
    more = pd.concat([values, extra], ignore_index=True)
    grown = diff_datasets(fixture, with_table(fixture, "indicator_values", more), limit=10).table("indicator_values")
    assert (grown.added, len(grown.added_rows), grown.truncated) == (40, 10, True)
    assert [r["year"] for r in grown.added_rows] == list(range(1950, 1960))


def test_geometry_and_vintage(fixture, tmp_path):
    manifest = json.loads((FIXTURE_DATA / "manifest.json").read_text(encoding="utf-8"))
    manifest["vintage"] = "2026-11"
    target = data_dir(tmp_path, "vintage", {})
    (target / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    diff = diff_datasets(fixture, load_datasets(target))
    assert diff.vintage_changed and (diff.old_vintage, diff.new_vintage) == (fixture.vintage, "2026-11")
    assert not diff.geometry_changed and diff.changed_tables == () and diff.has_changes

    moved = replace(fixture, geometry_json=fixture.geometry_json.replace(b"]]", b"]] ", 1))
    diff = diff_datasets(fixture, moved)
    assert diff.geometry_changed and not diff.vintage_changed


def test_release_numbers_are_reported(fixture):
    diff = diff_datasets(replace(fixture, release=3), replace(fixture, release=7))
    assert (diff.old_release, diff.new_release) == (3, 7)


def test_a_diff_of_the_bundled_data_counts_changed_and_removed_rows():
    # its speed is measured in benchmarks/bench_releases.py (a timed assertion here failed on a loaded machine)
    bundled = load_datasets(BUNDLED_DATA)
    values = bundled.indicator_values.copy()
    values.loc[values.index[:50], "value"] += 1
    flows = bundled.flows.drop(bundled.flows.index[:100])
    copies = {name: frame.copy() for name, frame in bundled.tables.items()}
    changed = replace(bundled, tables=MappingProxyType({**copies, "indicator_values": values, "flows": flows}))
    diff = diff_datasets(bundled, changed)
    assert (diff.table("indicator_values").changed, diff.table("flows").removed) == (50, 100)


def test_partner_only_preliminary_rows_published_as_final_count_as_finalised_without_their_old_value(fixture, tmp_path):
    new = load_datasets(
        data_dir(
            tmp_path,
            "published",
            {
                "flows.csv": [
                    (
                        "2025-01,month,ALL,detections,99,1,2025-01 (preliminary),preliminary,1,",
                        "2025-01,month,ALL,detections,104,0,2025-01,final,0,",
                    )
                ]
            },
        )
    )
    diff = diff_datasets(fixture, new)
    flows = diff.table("flows")
    assert (flows.added, flows.published, flows.finalised, flows.changed) == (1, 1, 1, 0)
    assert flows.added_rows[0]["value"] == 104
    text = repr(diff) + "\n".join(diff.summary_lines())
    assert "99" not in text, "the partner-only preliminary value must not appear in a public diff"
    assert "flows: 1 added, 0 removed, 0 changed, 1 preliminary -> final, of which 1 newly public" in text
    # still restricted in the new release: nothing is published
    unchanged = diff_datasets(
        fixture,
        load_datasets(
            data_dir(
                tmp_path,
                "still",
                {"flows.csv": [("2025-01,month,ALL,detections,99,", "2025-01,month,ALL,detections,98,")]},
            )
        ),
    )
    assert unchanged.table("flows").published == 0 and not unchanged.table("flows").has_changes
