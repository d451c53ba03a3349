"""Route callbacks over HTTP against the bundled data: the numbers shown equal the published ones."""

import json

import pytest

from imapdash.datasets import load_datasets
from imapdash.figures.route_map import frame_figure
from imapdash.ids import Flows, Routes, Shell
from imapdash.views.context import ViewContext
from imapdash.views.routes import charts
from imapdash.views.routes.state import RoutesState
from tests.conftest import BUNDLED_DATA

FILTERS = [Routes.ROUTE, Routes.MEASURE, Routes.GRANULARITY, Routes.FROM, Routes.TO, Routes.NATIONALITY, Routes.LAYERS]


def _dependency(client, output_prefix):
    deps = client.get("/_dash-dependencies").get_json()
    return next(d for d in deps if d["output"].startswith(output_prefix))


def _post_filters(client, values, lang="en"):
    dep = _dependency(client, f"..{Routes.STORE}.data")
    payload = {
        "output": dep["output"],
        "outputs": [{"id": Routes.STORE, "property": "data"}, {"id": Routes.MEASURE_NOTE, "property": "children"}],
        "inputs": [{"id": i, "property": "value", "value": v} for i, v in zip(FILTERS, values, strict=True)],
        "changedPropIds": [f"{Routes.MEASURE}.value"],
        "state": [{"id": Shell.ROOT, "property": "lang", "value": lang}],
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200
    return response.get_json()["response"][Routes.STORE]["data"]


@pytest.mark.parametrize(
    "route,year,expected",
    [
        ("eastern-mediterranean", "2015", 885386),
        ("central-mediterranean", "2016", 181376),
        ("central-mediterranean", "2023", 158026),
        ("western-african", "2024", 46820),
    ],
)
def test_yearly_frontex_detections_shown_equal_the_reference(bundled_client, route, year, expected):
    store = _post_filters(bundled_client, [[route], "detections", "year", "2009", "2024", "ALL", []])
    index = store["periods"].index(year)
    assert store["totals"][index] == expected
    assert f"{expected:,} detections" in store["labels"][index]
    hover = frame_figure(store, index)["data"][store["routes"].index(route)]["hovertext"]
    assert f"{expected:,} detections" in hover


def test_monthly_frames_sum_to_the_yearly_figure(bundled_client):
    store = _post_filters(bundled_client, [["central-mediterranean"], "detections", "month", "2016", "2016", "ALL", []])
    assert store["periods"][0] == "2016-01" and store["periods"][-1] == "2016-12"
    assert sum(t for t in store["totals"] if t is not None) == 181376


def test_dead_missing_is_labelled_minimum_and_not_mixed_with_unhcr(bundled_client):
    store = _post_filters(
        bundled_client, [["central-mediterranean"], "dead_missing", "year", "2023", "2023", "ALL", ["incidents"]]
    )
    assert "Dead and missing (IOM Missing Migrants)" in store["labels"][0]
    assert store["incidents"]["lon"][0], "incidents for the period are in the store"


@pytest.fixture(scope="module")
def datasets():
    return load_datasets(BUNDLED_DATA)


def test_sources_side_by_side_for_central_med_2023(datasets):
    panel = str(charts.sources_panel(ViewContext(datasets=datasets), ["central-mediterranean"], "2023"))
    assert "158,026" in panel and "Frontex detections" in panel
    assert "Dead and missing (IOM Missing Migrants)" in panel
    assert "Country arrivals — ITA" in panel


def test_routes_csv_export_has_sources(datasets):
    state = RoutesState(routes=("central-mediterranean",), start="2016", end="2016")
    out = charts.export_routes_csv(ViewContext(datasets=datasets), state)
    lines = out["content"].splitlines()
    assert lines[0].startswith("route_id,period,nationality_iso3,measure,measure_label,value")
    assert "central-mediterranean,2016,ALL,detections,Frontex detections,181376" in out["content"]
    assert "Frontex" in lines[1]


def test_routes_page_renders(bundled_client):
    assert bundled_client.get("/routes?route=central-mediterranean").status_code == 200


def _post(client, output_prefix, values: dict, changed: str):
    """POST the callback whose output string starts with `output_prefix`, inputs/state from `values`."""
    dep = _dependency(client, output_prefix)
    parts = dep["output"][2:-2].split("...") if dep["output"].startswith("..") else [dep["output"]]
    outputs = [dict(zip(("id", "property"), p.split("@")[0].rsplit(".", 1), strict=True)) for p in parts]
    payload = {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in dep["inputs"]],
        "state": [{**s, "value": values.get(f"{s['id']}.{s['property']}")} for s in dep["state"]],
        "changedPropIds": [changed],
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200
    return response.get_json()["response"]


def test_each_chart_is_filled_with_its_text_alternative_by_one_callback(bundled_client):
    values = {
        f"{Routes.ROUTE}.value": ["central-mediterranean"],
        f"{Routes.MEASURE}.value": "detections",
        f"{Routes.PERIOD}.data": "2023",
        f"{Shell.ROOT}.lang": "fr",
    }
    deps = bundled_client.get("/_dash-dependencies").get_json()
    for graph in (Flows.NATIONALITIES, Flows.COMPOSITION, Flows.SANKEY, Flows.AFRICA):
        writers = [d for d in deps if f"{graph}-summary.children" in d["output"]]
        assert len(writers) == 1, f"{graph}: one callback writes the summary"
        assert f"{graph}.figure" in writers[0]["output"], f"{graph}: ... and the same callback writes the figure"
    body = _post(bundled_client, f"..{Routes.SOURCES}.children", values, f"{Routes.PERIOD}.data")
    labels = body[Flows.SANKEY]["figure"]["data"][0]["node"]["label"]
    summary = body[f"{Flows.SANKEY}-summary"]["children"]
    assert "2023" in summary and any(label in summary for label in labels)
    assert "158\u202f026" in json.dumps(body[Routes.SOURCES]["children"], ensure_ascii=False)


def test_the_route_map_text_follows_the_committed_period(bundled_client):
    from imapdash.views.routes import page

    values = {
        f"{Routes.ROUTE}.value": [],
        f"{Routes.MEASURE}.value": "detections",
        f"{Routes.PERIOD}.data": "2023",
        f"{Shell.ROOT}.lang": "en",
        f"{page.details_id(Routes.MAP)}.open": True,  # its data table is open (rows are sent only then)
    }
    body = _post(bundled_client, f"..{Routes.MAP}-summary.children", values, f"{Routes.PERIOD}.data")
    summary = body[f"{Routes.MAP}-summary"]["children"]
    assert "2023" in summary and "158,026" in json.dumps(body[f"{Routes.MAP}-alt-table"]["children"])
