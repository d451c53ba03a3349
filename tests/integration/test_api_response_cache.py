"""Whole public API answers kept per worker and answered again from the first before_request hook (issue 20).

A repeat must not rebuild the body (no pandas, no JSON), must still count as API use and still revalidate
to 304; partner-only answers and refused queries never enter the cache.
"""

import imapdash.api as api
from imapdash.cache import current_cache
from imapdash.ops import usage_counts
from tests.conftest import logged_in

INDICATOR = "/api/v1/indicators/migrant_stock_total.json"
FLOWS = "/api/v1/flows.json?route=central-mediterranean&period_type=month"


def test_a_repeat_is_answered_without_building_the_body(app, client, monkeypatch):
    built = []
    original = api._records
    monkeypatch.setattr(api, "_records", lambda frame: built.append(1) or original(frame))
    first = client.get(INDICATOR)
    second = client.get(INDICATOR)
    assert first.status_code == second.status_code == 200
    assert second.get_data() == first.get_data() and second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Cache-Control"] == first.headers["Cache-Control"] == "public, max-age=60"
    assert second.headers["Content-Type"] == "application/json"
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert len(built) == 1
    assert client.get(INDICATOR, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert client.head(INDICATOR).status_code == 200


def test_answers_from_the_cache_still_count_as_api_use(app, client):
    for _ in range(3):
        assert client.get(INDICATOR).status_code == 200
    with app.server.app_context():
        counts = usage_counts(current_cache())
    assert counts["api_v1.indicator_values"] == 3


def test_partner_only_answers_and_refused_queries_never_enter_it(app, client):
    assert client.get(FLOWS).status_code == 200
    public = client.get(FLOWS).get_data(as_text=True)
    partner = logged_in(app, "agency", "partner_agency")
    restricted = partner.get(FLOWS + "&restricted=1")
    assert restricted.status_code == 200 and restricted.headers["Cache-Control"] == "private, no-store"
    assert restricted.get_data(as_text=True) != public
    assert client.get(FLOWS + "&restricted=1").status_code == 403
    cache = app.server.extensions["imapdash.api_responses"]
    kept = len(cache)
    assert client.get("/api/v1/flows.json?cb=1").status_code == 400
    assert client.get("/api/v1/flows.json?cb=1").status_code == 400
    assert len(cache) == kept
