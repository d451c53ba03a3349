"""CSV answers with `?hxl=1` carry an HXL hashtag row that libhxl (HXL's own library) reads."""

import csv
import io

import hxl
import pytest
from hxl.input import InputOptions

from imapdash.api.hxl import hashtags
from imapdash.datasets.schema import TABLES


def read_hxl(text: str, tmp_path):
    path = tmp_path / "download.csv"
    path.write_text(text, encoding="utf-8")
    return hxl.data(str(path), InputOptions(allow_local=True))


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_every_column_of_every_table_has_a_valid_hashtag(table):
    for column, tag in zip(table.column_names, hashtags(table.column_names, table.name), strict=True):
        parsed = hxl.model.Column.parse(tag)
        assert parsed and parsed.display_tag == tag, (table.name, column, tag)


def test_flows_csv_read_by_libhxl_sums_to_the_published_total(bundled_client, tmp_path):
    url = "/api/v1/flows.csv?route=central-mediterranean&year=2017&measure=detections&hxl=1"
    source = read_hxl(bundled_client.get(url).get_data(as_text=True), tmp_path)
    tags = [c.display_tag for c in source.columns]
    assert {"#loc+route+code", "#date+period", "#indicator+value+num", "#meta+source", "#meta+url"} <= set(tags)
    rows = list(source)
    assert sum(int(r.get("#indicator+value+num")) for r in rows) == 118962
    assert {r.get("#meta+source") for r in rows} == {"Frontex"}
    assert {r.get("#country+code+origin") for r in rows} == {"ALL"}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/composition.csv?country=ITA&hxl=1",
        "/api/v1/indicators/arrivals_total.csv?iso3=ITA&hxl=1",
        "/api/v1/countries/EGY.csv?hxl=1",
        "/api/v1/flows.csv?breakdown=nationality&year=2023&hxl=1",
    ],
)
def test_every_api_csv_column_is_tagged(bundled_client, tmp_path, url):
    text = bundled_client.get(url).get_data(as_text=True)
    header = next(csv.reader(io.StringIO(text)))
    source = read_hxl(text, tmp_path)
    assert [c.header for c in source.columns] == header
    assert all(c.display_tag for c in source.columns), [c.header for c in source.columns if not c.display_tag]
    assert len(list(source)) > 0


def test_without_hxl_the_second_line_is_data(client):
    lines = client.get("/api/v1/flows.csv?route=other").get_data(as_text=True).splitlines()
    assert lines[1].startswith("other,2023,")
    tagged = client.get("/api/v1/flows.csv?route=other&hxl=1").get_data(as_text=True).splitlines()
    assert tagged[1].startswith("#loc+route+code,#date+period,") and tagged[2] == lines[1]


def test_hxl_is_a_csv_switch_only(client):
    response = client.get("/api/v1/flows.json?hxl=1")
    assert response.status_code == 400 and response.get_json()["parameter"] == "hxl"
    assert client.get("/api/v1/flows.csv?hxl=yes").get_json()["parameter"] == "hxl"


def test_partner_download_carries_hxl_on_request(app, tmp_path):
    from tests.conftest import logged_in

    partner = logged_in(app, "agency-hxl", "partner_agency")
    text = partner.get("/partner/download/flows.csv?hxl=1").get_data(as_text=True)
    source = read_hxl(text, tmp_path)
    assert all(c.display_tag for c in source.columns)
    assert {r.get("#date+period") for r in source} == {"2025-01"}  # the partner-only rows
    plain = partner.get("/partner/download/flows.csv").get_data(as_text=True).splitlines()
    assert not plain[1].startswith("#")
