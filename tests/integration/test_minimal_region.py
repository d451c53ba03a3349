"""A region built from only the three required files (plus boundaries and manifest) starts and its explorer works;
views without their optional data say so and leave the navbar; files that are present are still validated in full."""

import json
import shutil

import pytest

from imapdash.datasets import DatasetError, load_datasets
from imapdash.factory import create_app
from imapdash.figures.choropleth import VALUES_TRACE
from imapdash.ids import Explorer, Shell
from tests.conftest import FIXTURE_DATA, find_component, make_settings
from tests.integration.test_explorer_callbacks import _call

MINIMAL = ("countries.csv", "indicators.csv", "indicator_values.csv", "countries.geojson", "manifest.json")


def minimal_region(target):
    target.mkdir()
    for name in MINIMAL:
        shutil.copy(FIXTURE_DATA / name, target / name)
    return target


@pytest.fixture
def minimal_client(tmp_path):
    app = create_app(make_settings(tmp_path, minimal_region(tmp_path / "data")))
    return app.server.test_client()


def _page(client, path, search=""):
    response = _call(
        client, f"{Shell.PAGE}.children", {"url.pathname": path, "url.search": search}, changed=["url.pathname"]
    )
    assert response.status_code == 200
    return response.get_json()["response"]


def test_only_the_required_files_load_and_the_others_are_absent(tmp_path):
    datasets = load_datasets(minimal_region(tmp_path / "data"))
    assert datasets.has("indicator_values") and not datasets.has("flows") and not datasets.has("media")
    assert datasets.flows.empty and "route_id" in datasets.flows.columns


def test_a_missing_required_file_is_named(tmp_path):
    data = minimal_region(tmp_path / "data")
    (data / "indicators.csv").unlink()
    with pytest.raises(DatasetError) as error:
        load_datasets(data)
    assert any(p.file == "indicators.csv" and p.message == "file is missing" for p in error.value.problems)


def test_an_optional_file_that_is_present_is_validated_in_full(tmp_path):
    data = minimal_region(tmp_path / "data")
    lines = (FIXTURE_DATA / "flows.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",300,", ",-3,")  # row 3: a negative count
    (data / "flows.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")  # routes.csv is absent
    with pytest.raises(DatasetError) as error:
        load_datasets(data)
    found = {(p.file, p.row, p.column, p.message) for p in error.value.problems}
    assert ("flows.csv", 3, "value", "value out of range") in found
    assert any(f == "flows.csv" and c == "route_id" and m == "unknown reference" for f, _, c, m in found)


def test_the_explorer_works_on_the_minimal_region(minimal_client):
    assert minimal_client.get("/").status_code == 200
    body = _page(minimal_client, "/")
    page = body[Shell.PAGE]["children"]
    figure = find_component(page, Explorer.MAP)["props"]["figure"]
    values = figure["data"][VALUES_TRACE]
    assert sorted(values["locations"]) == ["ITA", "TUN"]  # fixture indicator_values.csv: migrant_stock_total 2024
    presets = find_component(page, Explorer.REGION)["props"]["options"]
    assert [o["label"] for o in presets] == ["Test region", "Europe", "Africa", "World"]  # from its manifest
    modes = [o["value"] for o in find_component(page, Explorer.MODE)["props"]["options"]]
    assert modes == ["indicator"]  # no corridors.csv: no corridor modes
    links = json.dumps(body[Shell.LINKS]["children"])
    assert '"/routes' not in links and '"/news' not in links and '"/about' in links
    # a change of year answers with the year's texts and side panel (the map is redrawn in the browser)
    store = find_component(page, Explorer.YEARS)["props"]["data"]
    assert store["years"][store["index"]] == 2024
    inputs = {
        f"{Explorer.SIDE}.data": {"index": store["index"], "what": "year"},
        f"{Explorer.SELECTION}.value": ["TUN"],
    }
    response = _call(
        minimal_client,
        f"{Explorer.MAP}-summary.children",
        inputs,
        {f"{Explorer.YEARS}.data": store},
        changed=[f"{Explorer.SIDE}.data"],
    )
    assert response.status_code == 200
    assert "2024" in response.get_json()["response"][Explorer.RANKING]["figure"]["layout"]["title"]["text"]


@pytest.mark.parametrize(("path", "missing"), [("/routes", "routes.csv"), ("/news", "media.csv")])
def test_views_without_data_say_so(minimal_client, path, missing):
    page = json.dumps(_page(minimal_client, path)[Shell.PAGE]["children"], ensure_ascii=False)
    assert missing in page and "docs/new-region.md" in page


def test_the_full_fixture_keeps_every_view(client):
    links = json.dumps(_page(client, "/")[Shell.LINKS]["children"])
    assert '"/routes' in links and '"/news' in links
