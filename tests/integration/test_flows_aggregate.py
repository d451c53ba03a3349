"""GET /api/v1/flows/by-route.json over the bundled data: DuckDB sums equal pandas sums of data/flows.csv."""

from __future__ import annotations

import pytest

from imapdash.factory import DATASETS_KEY

URL = "/api/v1/flows/by-route.json"


def test_route_sums_match_the_published_rows(bundled_app, bundled_client) -> None:
    flows = bundled_app.server.extensions[DATASETS_KEY].flows
    rows = flows[
        (flows["measure"] == "detections")
        & (flows["period_type"] == "year")
        & (flows["nationality_iso3"] == "ALL")
        & flows["period"].between("2015", "2024")
    ]
    expected = rows.groupby(["route_id", "source_org"])["value"].sum().to_dict()
    body = bundled_client.get(f"{URL}?from=2015&to=2024&measure=detections").get_json()
    got = {(r["route_id"], r["source_org"]): r["value"] for r in body["rows"]}
    assert got == expected
    assert body["rows"][0]["route_id"] == "eastern-mediterranean"  # largest first
    assert {r["source_org"] for r in body["rows"]} == {"Frontex"}


def test_publishers_stay_separate(bundled_client) -> None:
    body = bundled_client.get(f"{URL}?from=2023&to=2023&measure=dead_missing").get_json()
    sources = {r["source_org"] for r in body["rows"] if r["route_id"] == "central-mediterranean"}
    assert sources == {"IOM Missing Migrants Project", "UNHCR"}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("from=2023&measure=nope", "measure"),
        ("from=23&measure=detections", "from"),
        ("from=2023&to=2023-02&measure=detections", "from"),
        ("from=2023&measure=detections&nationality=syria", "nationality"),
    ],
)
def test_bad_parameters_get_400(bundled_client, query: str, parameter: str) -> None:
    response = bundled_client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert response.get_json()["parameter"] == parameter


def test_restricted_needs_a_partner(bundled_client) -> None:
    assert bundled_client.get(f"{URL}?from=2025-01&to=2025-04&measure=detections&restricted=1").status_code == 403
    public = bundled_client.get(f"{URL}?from=2025-01&to=2025-04&measure=detections").get_json()
    assert public["rows"] == []  # the 2025 months are partner-only
