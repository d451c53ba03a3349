"""Open-data API over fixture data: filters, sources on every row, 400s, restricted rows, CSV safety."""

import csv
import io

import pytest


def test_indicator_catalogue_lists_layers_and_sources(client):
    body = client.get("/api/v1/indicators").get_json()
    rows = {r["indicator_id"]: r for r in body["rows"]}
    assert rows["refugees_hosted"]["layer"] == "mixed_migration"
    assert rows["migrant_stock_total"]["source_org"] == "UN DESA"


def test_indicator_values_filtered_by_year_and_country(client):
    body = client.get("/api/v1/indicators/migrant_stock_total.json?year=2024&iso3=ita").get_json()
    assert [(r["iso3"], r["year"], r["value"]) for r in body["rows"]] == [("ITA", 2024, 6500.0)]
    assert body["rows"][0]["source_url"].startswith("https://www.un.org/")


def test_flows_json_filters_and_keeps_sources(client):
    url = "/api/v1/flows.json?route=central-mediterranean&year=2023&measure=detections&breakdown=nationality"
    body = client.get(url).get_json()
    values = {r["nationality_iso3"]: r["value"] for r in body["rows"]}
    assert values == {"GIN": 300, "TUN": 200}
    assert {r["source_org"] for r in body["rows"]} == {"Frontex"}


def test_flows_csv_keeps_numbers_as_numbers(client):
    response = client.get("/api/v1/flows.csv?route=other")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["value"], r["source_org"]) for r in rows] == [("7", "Frontex")]


def test_composition_by_country(client):
    rows = client.get("/api/v1/composition.json?country=ITA&year=2023").get_json()["rows"]
    assert {r["group"]: r["count"] for r in rows}["children_unaccompanied"] == 10


def test_routes_carry_waypoints_in_order_and_countries(client):
    routes = {r["route_id"]: r for r in client.get("/api/v1/routes.json").get_json()["rows"]}
    assert [w["place"] for w in routes["central-mediterranean"]["waypoints"]] == ["Tripoli", "Lampedusa", "Sicily"]
    assert routes["other"]["waypoints"] == []


@pytest.mark.parametrize(
    "url,parameter",
    [
        ("/api/v1/flows.json?year=20x3", "year"),
        ("/api/v1/flows.json?route=atlantis", "route"),
        ("/api/v1/flows.json?measure=people", "measure"),
        ("/api/v1/composition.csv?country=ZZZ", "country"),
        ("/api/v1/indicators/nope.json", "indicator"),
        ("/api/v1/flows.xml", "format"),
    ],
)
def test_bad_parameters_get_400_naming_the_parameter(client, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    assert response.get_json()["parameter"] == parameter


def test_restricted_rows_never_reach_an_anonymous_caller(client):
    for url in ("/api/v1/flows.json", "/api/v1/flows.csv", "/api/v1/indicators/refugees_hosted.json"):
        text = client.get(url).get_data(as_text=True)
        assert "2025-01" not in text and "mid-2024" not in text
    assert client.get("/api/v1/flows.json?restricted=1").status_code == 403


def test_country_endpoint_lists_every_indicator_of_the_country(client):
    rows = client.get("/api/v1/countries/ita.json").get_json()["rows"]
    assert [(r["indicator_id"], r["year"], r["value"], r["layer"]) for r in rows] == [
        ("migrant_stock_total", 2020, 6000.0, "migration_development"),
        ("migrant_stock_total", 2024, 6500.0, "migration_development"),
    ]
    assert client.get("/api/v1/countries/ZZZ.json").get_json()["parameter"] == "iso3"


def test_flows_body_is_built_once_per_query_and_data_version(client, monkeypatch):
    import imapdash.api as api

    calls = []
    original = api.filter_flows
    monkeypatch.setattr(api, "filter_flows", lambda *a: calls.append(a) or original(*a))
    first = client.get("/api/v1/flows.json?route=other&measure=detections").get_data()
    again = client.get("/api/v1/flows.json?measure=detections&route=other").get_data()
    assert first == again and len(calls) == 1
    client.get("/api/v1/flows.json?route=central-mediterranean")
    assert len(calls) == 2
    assert client.get("/api/v1/flows.json?route=other&measure=detections&restricted=1").status_code == 403
