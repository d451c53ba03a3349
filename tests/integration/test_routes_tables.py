"""The routes page's data tables are built when a reader opens them, over HTTP (the real Dash callbacks).

A chart's callback sends its figure and summary, and its table's rows only while "Show data table" is open;
opening it asks the server for the rows of the chart as it stands (same numbers as the chart's own unit).
"""

from __future__ import annotations

import json

import pytest

from imapdash.datasets import load_datasets
from imapdash.ids import Flows, Routes
from imapdash.views import routes
from imapdash.views.context import view_context
from imapdash.views.routes import charts, page
from imapdash.views.routes.state import RoutesState
from tests.conftest import BUNDLED_DATA

FILTERS = {
    f"{Routes.ROUTE}.value": ["central-mediterranean"],
    f"{Routes.MEASURE}.value": "detections",
    f"{Routes.GRANULARITY}.value": "year",
    f"{Routes.FROM}.value": "2014",
    f"{Routes.TO}.value": "2024",
    f"{Routes.NATIONALITY}.value": "ALL",
    f"{Routes.LAYERS}.value": ["incidents"],
    f"{Routes.PERIOD}.data": "2023",
    "app-root.lang": "en",
}
GRAPHS = (Routes.MAP, Flows.NATIONALITIES, Flows.COMPOSITION, Flows.SANKEY, Flows.AFRICA)


def _key(app, output: str, trigger: str) -> str:
    """The callback writing `output` whose first input is `trigger` ("id.prop")."""
    for key, spec in app.callback_map.items():
        outs = key[2:-2].split("...") if key.startswith("..") else [key]
        if (
            any(o.split("@")[0] == output for o in outs)
            and f"{spec['inputs'][0]['id']}.{spec['inputs'][0]['property']}" == trigger
        ):
            return key
    raise AssertionError(f"no callback writes {output} on {trigger}")


def _post(client, app, key: str, values: dict) -> dict:
    spec = app.callback_map[key]
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    outputs = [dict(zip(("id", "property"), p.split("@")[0].rsplit(".", 1), strict=True)) for p in parts]

    def items(kind: str) -> list[dict]:
        return [
            {"id": d["id"], "property": d["property"], "value": values.get(f"{d['id']}.{d['property']}")}
            for d in spec[kind]
        ]

    inputs = items("inputs")
    body = {
        "output": key,
        "outputs": outputs if key.startswith("..") else outputs[0],
        "inputs": inputs,
        "state": items("state"),
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return json.loads(response.get_data())["response"]


def _rows(table: dict) -> list[list[str]]:
    """Body rows of a serialised data table (a TextTable: rows of strings)."""
    assert table["type"] == "TextTable", table["type"]
    return table["props"]["rows"]


def _headers(table: dict) -> list[str]:
    return table["props"]["columns"]


@pytest.fixture(scope="module")
def vc():
    return view_context(load_datasets(BUNDLED_DATA), "en")


def test_every_chart_has_a_closed_table_that_reports_its_toggle(vc):
    found = {c.id: c for c in routes.layout(vc.datasets)._traverse() if isinstance(getattr(c, "id", None), str)}
    for graph in GRAPHS:
        details = found[page.details_id(graph)]
        assert not getattr(details, "open", None)  # closed: no rows until a reader opens it
        assert details.children[1].id == f"{graph}-alt-table"


def test_a_chart_sends_its_rows_only_while_its_table_is_open(bundled_app, vc):
    client, app = bundled_app.server.test_client(), bundled_app
    table_id = f"{Flows.NATIONALITIES}-alt-table"
    key = _key(app, f"{Flows.NATIONALITIES}.figure", f"{Routes.ROUTE}.value")
    expected = charts.nationality_chart(
        vc, RoutesState(routes=("central-mediterranean",), start="2014", end="2024"), "2023"
    )
    closed = _post(client, app, key, FILTERS)[table_id]["children"]
    assert _rows(closed) == [] and _headers(closed) == expected.columns
    assert "chart-alt-table" in closed["props"]["className"]  # the same accessible table, only empty
    opened = _post(client, app, key, {**FILTERS, f"{page.details_id(Flows.NATIONALITIES)}.open": True})
    assert _rows(opened[table_id]["children"]) == [list(r) for r in expected.rows] and expected.rows
    # the summary is sent either way: the chart's one-line description does not wait for the table
    assert _post(client, app, key, FILTERS)[f"{Flows.NATIONALITIES}-summary"]["children"] == expected.summary


@pytest.mark.parametrize("graph", GRAPHS)
def test_opening_a_table_fills_it_and_closing_empties_it(bundled_app, graph):
    client, app = bundled_app.server.test_client(), bundled_app
    details = page.details_id(graph)
    key = _key(app, f"{graph}-alt-table.children", f"{details}.open")
    values = {**FILTERS, f"{Flows.COMPOSITION_MODE}.value": "count", f"{Flows.AFRICA_SOURCE}.value": "dtm"}
    opened = _post(client, app, key, {**values, f"{details}.open": True})[f"{graph}-alt-table"]["children"]
    assert _rows(opened), graph
    closed = _post(client, app, key, {**values, f"{details}.open": False})[f"{graph}-alt-table"]["children"]
    assert _rows(closed) == [] and _headers(closed) == _headers(opened)


def test_the_map_table_opened_gives_the_map_text_numbers(bundled_app, vc):
    client, app = bundled_app.server.test_client(), bundled_app
    details = page.details_id(Routes.MAP)
    key = _key(app, f"{Routes.MAP}-alt-table.children", f"{details}.open")
    opened = _post(client, app, key, {**FILTERS, f"{details}.open": True})[f"{Routes.MAP}-alt-table"]["children"]
    state = RoutesState(routes=("central-mediterranean",), start="2014", end="2024")
    assert _rows(opened) == [list(r) for r in charts.map_chart(vc, state, "2023").rows]
