"""`/api/v1/flows` answers one level at a time (yearly totals unless a breakdown is asked for)."""

import csv
import io

import pytest

from imapdash.api.levels import FlowLevel, LevelError, resolve_level

CENTRAL_MED_2017 = "/api/v1/flows.json?route=central-mediterranean&year=2017"


def test_default_answer_sums_to_the_published_yearly_total(bundled_client):
    # Frontex, central Mediterranean, 2017: 118,962 detections (shared/reference-data/SOURCES.md).
    # Before the default level, the same query summed yearly, monthly and nationality rows: 442,095.
    body = bundled_client.get(CENTRAL_MED_2017 + "&measure=detections").get_json()
    assert body["level"] == {"period_type": "year", "nationality": "ALL"}
    assert sum(r["value"] for r in body["rows"]) == 118962
    assert {(r["period_type"], r["nationality_iso3"]) for r in body["rows"]} == {("year", "ALL")}


def test_default_answer_holds_one_row_per_measure_and_publisher(bundled_client):
    rows = bundled_client.get(CENTRAL_MED_2017).get_json()["rows"]
    keys = [(r["route_id"], r["period"], r["measure"], r["source_org"]) for r in rows]
    assert len(keys) == len(set(keys)) > 1


def test_monthly_level_adds_up_to_the_same_total(bundled_client):
    response = bundled_client.get(CENTRAL_MED_2017 + "&measure=detections&period_type=month")
    body = response.get_json()
    assert body["level"] == {"period_type": "month", "nationality": "ALL"}
    assert len(body["rows"]) == 12 and sum(r["value"] for r in body["rows"]) == 118962
    assert response.headers["X-Data-Level"] == "period_type=month; nationality=ALL"


def test_nationality_breakdown_never_includes_the_total(bundled_client):
    body = bundled_client.get(CENTRAL_MED_2017 + "&measure=detections&breakdown=nationality").get_json()
    assert body["level"] == {"period_type": "year", "nationality": "by_nationality"}
    nationalities = {r["nationality_iso3"] for r in body["rows"]}
    assert "ALL" not in nationalities and len(nationalities) > 3


def test_csv_answer_names_its_level_in_a_header(client):
    response = client.get("/api/v1/flows.csv?route=central-mediterranean&nationality=gin")
    assert response.headers["X-Data-Level"] == "period_type=year; nationality=by_nationality"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["nationality_iso3"], r["value"]) for r in rows] == [("GIN", "300")]


@pytest.mark.parametrize("query", ["nationality=ALL,GIN", "nationality=ALL&breakdown=nationality"])
def test_mixing_total_and_nationalities_is_refused(client, query):
    response = client.get("/api/v1/flows.json?" + query)
    assert response.status_code == 400
    assert response.get_json()["parameter"] == "nationality"


def test_resolve_level_defaults_and_choices():
    assert resolve_level(None, [], []) == FlowLevel("year", False, ("ALL",))
    assert resolve_level("month", ["GIN"], []) == FlowLevel("month", True, ("GIN",))
    assert resolve_level(None, [], ["nationality"]) == FlowLevel("year", True, ())
    with pytest.raises(LevelError):
        resolve_level(None, ["ALL", "TUN"], [])
