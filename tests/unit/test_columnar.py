"""FlowStore: DuckDB aggregations over tiny inline flow rows, from frames and from Parquet."""

from __future__ import annotations

from pathlib import Path

import flask
import pandas as pd
import pytest

from imapdash.cache import MemoryCache, init_cache
from imapdash.columnar import FLOW_COLUMNS, FlowQueryError, FlowStore, flows_table, write_parquet


def _row(route, period, nat, measure, value, *, source="Frontex", restricted=0, partial=0):
    return {
        "route_id": route,
        "period": period,
        "period_type": "year" if len(period) == 4 else "month",
        "nationality_iso3": nat,
        "measure": measure,
        "value": value,
        "partial": partial,
        "period_label": period,
        "status": "final",
        "restricted": restricted,
        "source_org": source,
        "source_url": "https://example.org/",
        "vintage": "2025-06-03",
    }


ROWS = [
    _row("cmr", "2022", "ALL", "detections", 100),
    _row("cmr", "2023", "ALL", "detections", 1000),
    _row("cmr", "2023", "GIN", "detections", 300),
    _row("cmr", "2023-01", "ALL", "detections", 80),  # monthly: never added to yearly sums
    _row("emr", "2023", "ALL", "detections", 400),
    _row("cmr", "2023", "ALL", "dead_missing", 25, source="IOM Missing Migrants Project"),
    _row("cmr", "2023", "ALL", "dead_missing", 30, source="UNHCR"),
    _row("cmr", "2024", "ALL", "detections", 600, partial=1),
    _row("cmr", "2025", "ALL", "detections", 99, restricted=1, partial=1),
]


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(ROWS)


@pytest.fixture
def store(frame: pd.DataFrame) -> FlowStore:
    public = frame[frame["restricted"] == 0]
    restricted = frame[frame["restricted"] == 1]
    return FlowStore(table=flows_table(public, restricted), version="v1", threads=1)


def test_aggregate_by_route_sums_yearly_totals_per_route(store: FlowStore) -> None:
    out = store.aggregate_by_route("2022", "2024", "detections")
    assert list(out.columns) == ["route_id", "source_org", "value", "periods", "partial"]
    assert out.to_dict("records") == [
        {"route_id": "cmr", "source_org": "Frontex", "value": 1700, "periods": 3, "partial": True},
        {"route_id": "emr", "source_org": "Frontex", "value": 400, "periods": 1, "partial": False},
    ]


def test_restricted_rows_only_when_asked(store: FlowStore) -> None:
    public = store.aggregate_by_route("2025", "2025", "detections")
    assert public.empty
    partner = store.aggregate_by_route("2025", "2025", "detections", include_restricted=True)
    assert partner[["route_id", "value"]].to_dict("records") == [{"route_id": "cmr", "value": 99}]
    assert store.row_count() == len(ROWS) - 1
    assert store.row_count(include_restricted=True) == len(ROWS)


def test_publishers_are_kept_apart(store: FlowStore) -> None:
    out = store.aggregate_by_route("2023", "2023", "dead_missing")
    assert sorted(zip(out["source_org"], out["value"], strict=True)) == [
        ("IOM Missing Migrants Project", 25),
        ("UNHCR", 30),
    ]


def test_nationality_and_months(store: FlowStore) -> None:
    assert store.aggregate_by_route("2023", "2023", "detections", nationality="GIN")["value"].tolist() == [300]
    monthly = store.aggregate_by_route("2023-01", "2023-12", "detections")
    assert monthly[["route_id", "value", "periods"]].to_dict("records") == [
        {"route_id": "cmr", "value": 80, "periods": 1}
    ]


@pytest.mark.parametrize(("start", "end"), [("2023", "2023-05"), ("23", "2024"), ("2024", "2023")])
def test_bad_periods_are_refused(store: FlowStore, start: str, end: str) -> None:
    with pytest.raises(FlowQueryError):
        store.aggregate_by_route(start, end, "detections")


def test_route_series_and_top_nationalities(store: FlowStore) -> None:
    series = store.route_series("cmr", "detections")
    assert series[["period", "value"]].to_dict("records") == [
        {"period": "2022", "value": 100},
        {"period": "2023", "value": 1000},
        {"period": "2024", "value": 600},
    ]
    top = store.top_nationalities("2023", "2023", "detections", route_id="cmr")
    assert top.to_dict("records") == [{"nationality_iso3": "GIN", "source_org": "Frontex", "value": 300}]


def test_parquet_store_answers_like_the_frame_store(frame: pd.DataFrame, store: FlowStore, tmp_path: Path) -> None:
    path = write_parquet(flows_table(frame), tmp_path / "flows" / "part-0.parquet")
    assert not list(path.parent.glob(".*.tmp"))
    from_file = FlowStore.open(path, threads=1)
    from_dir = FlowStore.open(path.parent, threads=1)
    expected = store.aggregate_by_route("2022", "2024", "detections")
    pd.testing.assert_frame_equal(from_file.aggregate_by_route("2022", "2024", "detections"), expected)
    pd.testing.assert_frame_equal(from_dir.aggregate_by_route("2022", "2024", "detections"), expected)
    assert from_file.version.startswith("parquet-") and from_file.version == from_dir.version


def test_open_refuses_missing_columns(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = write_parquet(flows_table(frame).drop_columns(["measure"]), tmp_path / "bad.parquet")
    with pytest.raises(FlowQueryError, match="measure"):
        FlowStore.open(path)
    with pytest.raises(FileNotFoundError):
        FlowStore.open(tmp_path / "nothing-here")
    assert "measure" in FLOW_COLUMNS


def test_aggregations_are_memoized_by_version(store: FlowStore) -> None:
    server = flask.Flask("t")
    cache = init_cache(server, MemoryCache())
    with server.app_context():
        first = store.aggregate_by_route("2022", "2024", "detections")
        keys = [k for k in cache._items if ":v1:" in k]
        assert len(keys) == 1 and keys[0].startswith("imapdash:flows.by_route:v1:")
        again = store.aggregate_by_route("2022", "2024", "detections")
    pd.testing.assert_frame_equal(first, again)
