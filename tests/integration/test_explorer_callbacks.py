"""The explorer's callbacks over HTTP against the bundled data (numbers checked against data/*.csv rows)."""

import json

import pytest

from imapdash.figures.choropleth import NO_DATA_TRACE, VALUES_TRACE
from imapdash.ids import Explorer, Shell
from tests.conftest import find_component


def _dep(client, output_prefix):
    """The callback writing `output_prefix` whose first input is an explorer/shell control."""
    deps = client.get("/_dash-dependencies").get_json()
    matches = [
        d
        for d in deps
        if d["output"].lstrip(".").startswith(output_prefix)
        and d["inputs"][0]["id"].startswith(("explorer-", "url", "shell-route"))
        and not d.get("clientside_function")  # the browser's own callbacks never reach the server
    ]
    assert len(matches) == 1, [d["output"] for d in matches]
    return matches[0]


def _call(client, output_prefix, inputs, state=None, changed=None):
    """POST one callback: `inputs`/`state` map 'id.prop' -> value in the callback's declared order (a value
    named in either goes where the callback declares it: the router reads the address as state)."""
    dep = _dep(client, output_prefix)
    inputs = state = {**inputs, **(state or {})}
    outputs = [
        {"id": o.split("@")[0].rsplit(".", 1)[0], "property": o.split("@")[0].rsplit(".", 1)[1]}
        for o in dep["output"].strip(".").split("...")
    ]
    body = {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [
            {"id": i["id"], "property": i["property"], "value": inputs.get(f"{i['id']}.{i['property']}")}
            for i in dep["inputs"]
        ],
        "state": [
            {"id": s["id"], "property": s["property"], "value": state.get(f"{s['id']}.{s['property']}")}
            for s in dep["state"]
        ],
        "changedPropIds": changed or [],
    }
    response = client.post("/_dash-update-component", json=body)
    return response


def _unchanged(response) -> bool:
    """Dash answered "no update" (204, or an empty response for a callback with duplicate outputs)."""
    return response.status_code == 204 or (response.status_code == 200 and response.get_json()["response"] == {})


def _controls(**values):
    base = {
        "indicator": "migrant_stock_pct_population",
        "year": 2020,
        "region": "mtm",
        "selection": [],
        "tabs": "map",
        "mode": "indicator",
    }
    base.update(values)
    return {f"explorer-{k}.value": v for k, v in base.items()}


def test_map_is_the_start_page_with_real_values(bundled_client):
    response = _call(
        bundled_client, f"{Shell.PAGE}.children", {"url.pathname": "/", "url.search": ""}, changed=["url.pathname"]
    )
    assert response.status_code == 200
    page = response.get_json()["response"][Shell.PAGE]["children"]
    figure = find_component(page, Explorer.MAP)["props"]["figure"]
    values = figure["data"][VALUES_TRACE]
    shown = dict(zip(values["locations"], (c[1] for c in values["customdata"]), strict=True))
    # data/indicator_values.csv: TUN 0.5, JOR 45.47, ITA 10.39 (migrant_stock_pct_population, 2020)
    assert shown["TUN"] == "0.50 %" and shown["JOR"] == "45.47 %" and shown["ITA"] == "10.39 %"
    assert len(values["locations"]) == 34
    assert "USA" in figure["data"][NO_DATA_TRACE]["locations"]
    assert figure["data"][VALUES_TRACE]["geojson"].startswith("/geo/countries.geojson?v=")
    assert len(json.dumps(figure)) < 40_000  # no polygons in the figure


def _years_store(client, search=""):
    """The year store of the explorer page the router renders for `search` (what the browser holds)."""
    response = _call(
        client, f"{Shell.PAGE}.children", {"url.pathname": "/", "url.search": search}, changed=["url.search"]
    )
    return find_component(response.get_json()["response"][Shell.PAGE]["children"], Explorer.YEARS)["props"]["data"]


def test_the_page_holds_every_years_map_values_for_the_browser(bundled_client):
    store = _years_store(bundled_client)
    assert len(json.dumps(store, separators=(",", ":"))) < 60_000
    frame = store["frames"][store["years"].index(2000)]
    values = frame["values"]
    # data/indicator_values.csv: TUN 0.38 and JOR 34.05 in 2000
    assert values["customdata"][values["locations"].index("TUN")][1] == "0.38 %"
    assert values["customdata"][values["locations"].index("JOR")][1] == "34.05 %"
    assert frame["title"].endswith(", 2000")
    # no server callback answers a year change with the map: the browser redraws it from the store
    deps = bundled_client.get("/_dash-dependencies").get_json()
    year_to_map = [
        d
        for d in deps
        if f"{Explorer.MAP}.figure" in d["output"] and any(i["id"] == Explorer.YEAR for i in d["inputs"])
    ]
    assert year_to_map and all(d.get("clientside_function") for d in year_to_map)


def test_year_change_asks_the_server_only_for_the_texts_and_the_side_panel(bundled_client):
    store = _years_store(bundled_client)
    # the browser writes the side panel's trigger once the map is redrawn (explorer.js): position and "year"
    inputs = {
        "explorer-side.data": {"index": store["years"].index(2000), "what": "year"},
        "explorer-selection.value": [],
    }
    response = _call(
        bundled_client,
        f"{Explorer.MAP}-summary.children",
        inputs,
        {"explorer-years.data": store},
        changed=["explorer-side.data"],
    )
    assert response.status_code == 200
    body = response.get_json()["response"]
    summary = body[f"{Explorer.MAP}-summary"]["children"]
    assert "Jordan" in summary and "34.05" in summary
    assert "0.38 %" in json.dumps(body[f"{Explorer.MAP}-alt-table"]["children"], ensure_ascii=False)
    assert body[Explorer.RANKING]["figure"]["layout"]["title"]["text"].endswith("2000")
    # what a year does not change is not resent: the series, the profile link, the indicator note
    assert Explorer.SERIES not in body and Explorer.PROFILE_LINK not in body and Explorer.INDICATOR_NOTE not in body


def test_a_region_change_patches_the_view_and_leaves_the_text_alone(bundled_client):
    response = _call(
        bundled_client,
        f"{Explorer.MAP}.figure",
        _controls(region="europe"),
        {"explorer-tabs.value": "map"},
        changed=["explorer-region.value"],
    )
    body = response.get_json()["response"]
    assert set(body) == {Explorer.MAP}, "summary and table are not resent when the values did not change"
    assert not _unchanged(response)
    ops = {tuple(op["location"])[:2] for op in body[Explorer.MAP]["figure"]["operations"]}
    assert ops == {("layout", "geo")}


def test_side_panel_fills_the_ranking_and_its_alternative_together(bundled_client):
    store = _years_store(bundled_client, "?lang=fr")
    response = _call(
        bundled_client,
        f"{Explorer.MAP}-summary.children",
        {"explorer-side.data": {"index": store["index"], "what": "data"}, "explorer-selection.value": []},
        {"app-root.lang": "fr", "explorer-years.data": store},
        changed=["explorer-side.data"],
    )
    body = response.get_json()["response"]
    ranking = body[Explorer.RANKING]["figure"]
    first = ranking["data"][0]
    assert body[f"{Explorer.RANKING}-summary"]["children"].startswith("Valeur la plus élevée")
    table = json.dumps(body[f"{Explorer.RANKING}-alt-table"]["children"], ensure_ascii=False)
    assert table.count('"Tr"') == len(first["y"]) + 1  # header + one row per bar


def test_map_click_selects_a_country(bundled_client):
    response = _call(
        bundled_client,
        f"{Explorer.SELECTION}.value",
        {"explorer-map.clickData": {"points": [{"location": "TUN"}]}},
        {"explorer-selection.value": ["ITA"]},
        changed=["explorer-map.clickData"],
    )
    assert response.get_json()["response"][Explorer.SELECTION]["value"] == ["ITA", "TUN"]


def test_the_side_panel_follows_the_year_only_through_the_store_the_browser_writes_after_the_redraw(bundled_client):
    # a slider move must not send the side panel's request before the map is redrawn (it cost the redraw ~20 %)
    deps = bundled_client.get("/_dash-dependencies").get_json()
    [side] = [d for d in deps if f"{Explorer.MAP}-summary.children" in d["output"]]
    assert {(i["id"], i["property"]) for i in side["inputs"]} == {
        (Explorer.SIDE, "data"),
        (Explorer.SELECTION, "value"),
    }
    page = bundled_client.get("/_dash-layout", headers={"Referer": "http://localhost/?year=2000"}).get_json()
    store = find_component(page, Explorer.YEARS)["props"]["data"]
    assert find_component(page, Explorer.SIDE)["props"]["data"] == {"index": store["index"], "what": "year"}


def test_the_address_is_written_in_the_browser(bundled_client):
    # the query itself is checked in tests/browser/test_explorer_year_browser.py (the browser writes it)
    deps = bundled_client.get("/_dash-dependencies").get_json()
    writers = [d for d in deps if d["output"].lstrip(".").startswith(f"{Explorer.URL}.search")]
    assert writers and all(d.get("clientside_function") for d in writers)


def test_csv_download_has_sources_and_neutralised_text(bundled_client):
    state = _controls(indicator="remittances_received_usd", year=2023)
    response = _call(
        bundled_client,
        f"{Explorer.DOWNLOAD}.data",
        {"explorer-download-button.n_clicks": 1},
        state,
        changed=["explorer-download-button.n_clicks"],
    )
    data = response.get_json()["response"][Explorer.DOWNLOAD]["data"]
    lines = data["content"].splitlines()
    assert lines[0].endswith("source_org,source_url,vintage")
    tunisia = next(line for line in lines if ",TUN," in line)
    # data/indicator_values.csv: TUN remittances_received_usd 2023 = 2872131225.97 (World Bank)
    assert "2872131225.97" in tunisia and "World Bank" in tunisia


@pytest.mark.parametrize("path", ["/country/TUN", "/country/XYZ"])
def test_profile_pages_render(bundled_client, path):
    response = _call(
        bundled_client, f"{Shell.PAGE}.children", {"url.pathname": path, "url.search": ""}, changed=["url.pathname"]
    )
    page = json.dumps(response.get_json()["response"][Shell.PAGE]["children"])
    if path.endswith("TUN"):
        assert "Tunisia" in page and "3,994" in page  # refugees_hosted TUN end-2023
        assert "/routes?route=central-mediterranean" in page
    else:
        assert "No such country" in page
