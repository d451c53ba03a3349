"""The API over the bundled data returns the published reference figures with their sources.

Expected numbers are the spot values listed in shared/reference-data/SOURCES.md (Frontex data as of
3 Jun 2025, IOM DTM, World Bank WDI), written here by hand.
"""

import pytest

FRONTEX_YEARLY = [
    ("eastern-mediterranean", 2015, 885386),
    ("western-balkan", 2015, 764033),
    ("central-mediterranean", 2016, 181376),
    ("central-mediterranean", 2023, 158026),
    ("western-african", 2024, 46820),
    ("eastern-land-borders", 2024, 17260),
]


@pytest.mark.parametrize("route,year,expected", FRONTEX_YEARLY)
def test_frontex_detections_per_route_and_year_equal_the_reference(bundled_client, route, year, expected):
    url = f"/api/v1/flows.json?route={route}&year={year}&measure=detections&nationality=ALL&period_type=year"
    rows = bundled_client.get(url).get_json()["rows"]
    assert [r["value"] for r in rows] == [expected]
    assert rows[0]["source_org"].startswith("Frontex")
    assert rows[0]["source_url"].startswith("https://www.frontex.europa.eu/")


@pytest.mark.parametrize("year,expected", [(2015, 1822102), (2023, 381319), (2024, 240021)])
def test_detections_summed_over_routes_equal_the_eu_total(bundled_client, year, expected):
    url = f"/api/v1/flows.json?year={year}&measure=detections&nationality=ALL&period_type=year"
    rows = bundled_client.get(url).get_json()["rows"]
    assert sum(r["value"] for r in rows) == expected


def test_remittances_and_arrivals_carry_published_values(bundled_client):
    rows = bundled_client.get("/api/v1/indicators/remittances_received_usd.json?iso3=EGY&year=2023").get_json()["rows"]
    assert rows[0]["value"] == pytest.approx(19.53e9, rel=1e-3)
    assert rows[0]["source_org"].startswith("World Bank")
    rows = bundled_client.get("/api/v1/indicators/arrivals_total.json?iso3=ITA&year=2016").get_json()["rows"]
    assert [r["value"] for r in rows] == [181436]


def test_preliminary_2025_figures_are_partner_only(bundled_client):
    rows = bundled_client.get("/api/v1/flows.json?year=2025").get_json()["rows"]
    assert rows == []
    assert bundled_client.get("/api/v1/flows.json?year=2025&restricted=1").status_code == 403


def test_healthz_lists_every_bundled_dataset(bundled_client):
    counts = bundled_client.get("/healthz").get_json()["datasets"]
    for name in ("countries", "indicator_values", "routes", "flows", "composition", "corridors", "media"):
        assert counts[name] > 0, name
    assert counts["countries_geometry"] > 200
