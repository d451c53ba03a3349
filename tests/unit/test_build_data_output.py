"""Spot checks of the committed data/ files against figures listed in the reference SOURCES.md.

These tests read the CSVs written by scripts/build_data.py (they do not need ../shared).
"""

from __future__ import annotations

import csv
import functools
import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data"

KEYS = {
    "indicators": ["indicator_id"],
    "indicator_values": ["iso3", "indicator_id", "year"],
    "routes": ["route_id"],
    "route_waypoints": ["route_id", "seq"],
    "route_countries": ["route_id", "iso3", "role"],
    "flows": ["route_id", "period", "nationality_iso3", "measure", "source_org"],
    "arrivals": ["country_code", "period", "nationality_iso3", "source_org"],
    "incidents": ["incident_id"],
    "composition": ["scope_type", "scope_code", "period", "population", "group", "source_org"],
    "corridors": ["origin_iso3", "destination_iso3", "year"],
    "flow_monitoring": ["region", "year", "fmp_iso3", "from_iso3", "to_iso3"],
    "headline_figures": ["agency", "scope", "year", "period", "indicator"],
    "media": ["item_id"],
    "news_feeds": ["feed_url"],
}

COUNT_COLUMNS = {
    "flows": ["value"],
    "arrivals": ["arrivals", "arrivals_sea", "arrivals_land", "dead_missing"],
    "incidents": ["dead_missing", "survivors"],
    "composition": ["count"],
    "corridors": ["total", "female", "male"],
    "flow_monitoring": ["individuals"],
}


@functools.cache
def rows(name: str) -> list[dict[str, str]]:
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def flow(
    route_id: str, period: str, measure: str = "detections", nationality: str = "ALL", source_org: str = "Frontex"
) -> int:
    found = [
        r
        for r in rows("flows")
        if r["route_id"] == route_id
        and r["period"] == period
        and r["measure"] == measure
        and r["nationality_iso3"] == nationality
        and r["source_org"] == source_org
    ]
    assert len(found) == 1, (route_id, period, measure, found)
    return int(found[0]["value"])


def indicator(iso3: str, indicator_id: str, year: int) -> float:
    found = [
        r
        for r in rows("indicator_values")
        if r["iso3"] == iso3 and r["indicator_id"] == indicator_id and r["year"] == str(year)
    ]
    assert len(found) == 1, (iso3, indicator_id, year)
    return float(found[0]["value"])


@pytest.mark.parametrize("name", sorted(KEYS))
def test_keys_unique_and_provenance(name: str) -> None:
    data = rows(name)
    assert data, name
    keys = [tuple(r[k] for k in KEYS[name]) for r in data]
    assert len(keys) == len(set(keys)), f"{name}: duplicate keys"
    if "source_url" in data[0]:
        assert all(r["source_url"].startswith(("http://", "https://")) for r in data), name
    if "source_org" in data[0]:
        assert all(r["source_org"] for r in data), name
    if "vintage" in data[0]:
        assert all(r["vintage"] for r in data), name


@pytest.mark.parametrize("name", sorted(COUNT_COLUMNS))
def test_no_negative_or_fractional_counts(name: str) -> None:
    for r in rows(name):
        for col in COUNT_COLUMNS[name]:
            if r[col] != "":
                assert r[col].isdigit(), (name, col, r[col])


@pytest.mark.parametrize(
    ("route_id", "period", "value"),
    [
        ("eastern-mediterranean", "2015", 885386),
        ("western-balkan", "2015", 764033),
        ("central-mediterranean", "2016", 181376),
        ("central-mediterranean", "2023", 158026),
        ("western-african", "2024", 46820),
        ("eastern-land-borders", "2024", 17260),
    ],
)
def test_frontex_detections_spot_values(route_id: str, period: str, value: int) -> None:
    assert flow(route_id, period) == value


@pytest.mark.parametrize(("year", "total"), [("2015", 1822102), ("2023", 381319), ("2024", 240021)])
def test_frontex_routes_sum_to_published_total(year: str, total: int) -> None:
    values = [
        int(r["value"])
        for r in rows("flows")
        if r["source_org"] == "Frontex"
        and r["measure"] == "detections"
        and r["period"] == year
        and r["nationality_iso3"] == "ALL"
    ]
    assert sum(values) == total


def test_frontex_monthly_sums_match_yearly() -> None:
    monthly = sum(
        int(r["value"])
        for r in rows("flows")
        if r["route_id"] == "central-mediterranean"
        and r["measure"] == "detections"
        and r["period"].startswith("2023-")
        and r["nationality_iso3"] == "ALL"
    )
    assert monthly == 158026


def test_every_2025_flow_row_is_restricted_preliminary() -> None:
    rows_2025 = [r for r in rows("flows") if r["period"].startswith("2025")]
    assert rows_2025
    assert all(r["restricted"] == "1" and r["status"] == "preliminary" for r in rows_2025)
    yearly = [r for r in rows_2025 if r["period_type"] == "year"]
    assert yearly and all(r["partial"] == "1" and "partial" in r["period_label"] for r in yearly)
    assert all(r["restricted"] == "0" for r in rows("flows") if not r["period"].startswith("2025"))


def test_measures_and_sources_not_mixed() -> None:
    measures = {(r["measure"], r["source_org"]) for r in rows("flows")}
    assert measures == {
        ("detections", "Frontex"),
        ("dead_missing", "IOM Missing Migrants Project"),
        ("dead_missing", "UNHCR"),
        ("departures", "UNHCR"),
        ("disembarked", "UNHCR"),
        ("sea_arrivals", "UNHCR"),
    }
    # UNHCR Jan–Sep 2022 rows are left out, full-year 2022 kept
    assert flow("central-mediterranean", "2022", "sea_arrivals", source_org="UNHCR") == 87514


def test_missing_migrants_route_totals() -> None:
    assert flow("asia-pacific", "2016", "dead_missing", source_org="IOM Missing Migrants Project") == 95
    assert flow("central-mediterranean", "2021", "dead_missing", source_org="UNHCR") == 1545


@pytest.mark.parametrize(
    ("code", "year", "org", "column", "value"),
    [
        ("ITA", "2016", "IOM DTM", "arrivals", 181436),
        ("ITA", "2015", "IOM DTM", "arrivals", 153842),
        ("ITA", "2016", "UNHCR", "arrivals_sea", 181436),
        ("GRC", "2015", "UNHCR", "arrivals_sea", 856723),
        ("ESP", "2018", "IOM DTM", "arrivals", 64298),
        ("ESP", "2018", "Spanish Ministry of Interior", "arrivals", 64298),
        ("ESP", "2024", "IOM DTM", "arrivals", 63970),
        ("MED", "2015", "UNHCR", "arrivals_sea", 1015078),
    ],
)
def test_arrivals_spot_values(code: str, year: str, org: str, column: str, value: int) -> None:
    found = [
        r
        for r in rows("arrivals")
        if r["country_code"] == code
        and r["period"] == year
        and r["nationality_iso3"] == "ALL"
        and r["source_org"] == org
    ]
    assert len(found) == 1
    assert int(found[0][column]) == value


def test_indicator_spot_values() -> None:
    assert indicator("EGY", "remittances_received_usd", 2023) == pytest.approx(19.53e9, rel=1e-3)
    assert indicator("EGY", "remittances_received_pct_gdp", 2023) == pytest.approx(4.93)
    assert indicator("MAR", "remittances_received_usd", 2023) == pytest.approx(11.76e9, rel=1e-3)
    assert indicator("TUR", "refugees_hosted", 2023) == 3251127
    assert indicator("TCD", "refugees_hosted", 2023) == 1100921
    assert indicator("LBN", "refugees_hosted", 2023) == 788472
    assert indicator("JOR", "refugees_hosted", 2023) == 684066
    assert indicator("ITA", "arrivals_total", 2016) == 181436
    assert indicator("ITA", "migrant_stock_total", 2024) > 0
    assert indicator("ITA", "migrant_stock_total", 2020) > 0


def test_indicator_values_consistent_with_indicators() -> None:
    defined = {r["indicator_id"]: r for r in rows("indicators")}
    assert all(r["indicator_id"] in defined for r in rows("indicator_values"))
    for r in rows("indicators"):
        if r["indicator_id"].endswith(("_pct_female", "_pct_population", "_pct_gdp")):
            assert "(derived)" in r["label"]
    provisional = [
        r
        for r in rows("indicator_values")
        if r["source_org"] == "UNHCR" and r["indicator_id"].startswith(("refugees", "asylum")) and r["year"] == "2024"
    ]
    assert provisional and all(r["status"] == "provisional" and r["period_label"] == "mid-2024" for r in provisional)


def test_routes_waypoints_and_incidents() -> None:
    routes = {r["route_id"]: r for r in rows("routes")}
    assert routes["central-mediterranean"]["frontex_route"] == "Central Mediterranean Route"
    assert routes["central-mediterranean"]["mmp_route"] == "Central Mediterranean Route"
    assert routes["eastern-land-borders"]["frontex_route"] == "Eastern Borders Route"
    assert routes["western-african"]["mmp_route"] == "Western African Atlantic Route"
    assert len({r["color"].upper() for r in routes.values()}) == len(routes)
    for r in rows("route_waypoints"):
        assert r["route_id"] in routes and r["role"] in {"departure", "transit", "arrival"}
        assert -180 <= float(r["lon"]) <= 180 and -90 <= float(r["lat"]) <= 90
    assert all(r["route_id"] in ("", *routes) for r in rows("incidents"))


def test_composition_shares_as_published() -> None:
    grc = {
        r["group"]: r
        for r in rows("composition")
        if r["scope_code"] == "GRC" and r["period"] == "2018" and r["source_org"] == "UNHCR"
    }
    assert grc["men"]["share_pct"] == "40" and grc["men"]["count"] == ""
    for r in rows("composition"):
        if r["share_pct"]:
            assert 0 <= float(r["share_pct"]) <= 100


def test_country_codes_exist_in_countries_csv() -> None:
    countries = {r["iso3"] for r in rows("countries")}
    special = {"ALL", "OOO", "OOS", "STL", "UNK"}
    used: set[str] = set()
    for name, cols in {
        "indicator_values": ["iso3"],
        "route_countries": ["iso3"],
        "corridors": ["origin_iso3", "destination_iso3"],
        "incidents": ["country_iso3"],
        "flow_monitoring": ["fmp_iso3"],
        "arrivals": ["iso3"],
    }.items():
        used |= {r[c] for r in rows(name) for c in cols if r[c]}
    assert used - countries == set()
    nationalities = {r["nationality_iso3"] for n in ("flows", "arrivals") for r in rows(n)}
    assert nationalities - countries - special == set()


def test_manifest_lists_every_file() -> None:
    manifest = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
    files = {d["file"] for d in manifest["datasets"].values()}
    assert {f"{n}.csv" for n in KEYS} | {"countries.csv", "countries.geojson"} <= files
    for entry in manifest["datasets"].values():
        assert entry["title"] and entry["description"] and entry["sources"] and entry["caveats"]
