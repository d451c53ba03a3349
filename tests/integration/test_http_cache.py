"""ETag and Cache-Control on API and geometry answers, tied to the data release; 304 on revalidation."""

from imapdash import create_app
from tests.conftest import logged_in, make_settings

FLOWS = "/api/v1/flows.json?route=central-mediterranean"


def test_api_answer_carries_an_etag_and_revalidates_to_304(client):
    first = client.get(FLOWS)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and first.headers["Cache-Control"] == "public, max-age=60"
    again = client.get(FLOWS, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag and again.headers["Cache-Control"] == "public, max-age=60"
    other = client.get(FLOWS + "&measure=detections", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["ETag"] != etag


def test_every_kind_of_api_answer_is_revalidated(client):
    for url in (
        "/api/v1/flows.csv?hxl=1",
        "/api/v1/routes.json",
        "/api/v1/indicators.json",
        "/api/v1/countries/ITA.json",
        "/api/v1/composition.csv",
        "/api/v1/flows/by-route.json?from=2023&measure=detections",
        "/api/v1/openapi.json",
    ):
        etag = client.get(url).headers["ETag"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304, url


def test_a_pinned_release_is_immutable(client):
    response = client.get(FLOWS + "&release=1")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["ETag"].startswith('"') and "-r1-" in response.headers["ETag"]


def test_the_etag_changes_with_the_data(client, data_copy, tmp_path):
    path = data_copy / "flows.csv"
    path.write_text(path.read_text().replace("2023,year,ALL,detections,1000", "2023,year,ALL,detections,1001"))
    changed = create_app(make_settings(tmp_path / "changed", data_copy)).server.test_client()
    old = client.get(FLOWS).headers["ETag"]
    response = changed.get(FLOWS, headers={"If-None-Match": old})
    assert response.status_code == 200 and response.headers["ETag"] != old
    assert 1001 in [r["value"] for r in response.get_json()["rows"]]


def test_partner_only_answers_are_never_stored(app):
    partner = logged_in(app, "agency", "partner_agency")
    response = partner.get(FLOWS + "&restricted=1&period_type=month")
    assert response.status_code == 200 and "2025-01" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "private, no-store" and "ETag" not in response.headers
    etag = partner.get(FLOWS + "&period_type=month").headers["ETag"]
    revalidated = partner.get(FLOWS + "&restricted=1&period_type=month", headers={"If-None-Match": etag})
    assert revalidated.status_code == 200


def test_errors_get_no_etag(client):
    response = client.get("/api/v1/flows.json?year=20x3")
    assert response.status_code == 400 and "ETag" not in response.headers


def test_geometry_is_revalidated_too(client):
    response = client.get("/geo/countries.geojson")
    assert response.headers["Cache-Control"].startswith("public") and response.headers["ETag"]
    again = client.get("/geo/countries.geojson", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
