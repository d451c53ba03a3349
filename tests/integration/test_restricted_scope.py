"""Restricted-row scope (issue 16, "decide and document"): every partner account sees every restricted row.

Decision: restricted rows are the preliminary route-level flow figures. A route crosses several
countries, so a per-country filter would hide a route's preliminary totals from the very states on
it; the partner area is shared by the whole dialogue. Focal points therefore read the same
restricted rows as agencies and admins, and what stays per country is what a focal point *writes*
(submissions, drafts: `imapdash.partner.access`). The premise is tested below on the bundled data:
if restricted rows ever appear in a country-keyed table, this test fails and the decision must be
revisited (and implemented as a row filter) before those rows ship.
"""

from __future__ import annotations

from imapdash.datasets.schema import TABLES_BY_NAME
from tests.conftest import logged_in

COUNTRY_KEYS = {"iso3", "country_iso3", "country_code", "scope_code"}


def test_restricted_rows_are_route_level_only(bundled_app):
    from imapdash.releases.provider import concrete

    datasets = concrete(bundled_app.server.extensions["imapdash.datasets"])
    with bundled_app.server.test_request_context("/"):
        holders = {name for name in datasets.tables if datasets.restricted_count(name)}
    assert holders == {"flows"}, holders
    for name in holders:
        assert not COUNTRY_KEYS & set(TABLES_BY_NAME[name].column_names), name


def test_focal_points_of_any_country_agencies_and_admins_read_the_same_restricted_rows(app):
    anonymous = app.server.test_client()
    assert anonymous.get("/api/v1/flows.json?restricted=1").status_code == 403
    assert anonymous.get("/partner/download/flows.csv").status_code in (302, 401, 403)
    readers = [
        logged_in(app, "fp-tun", "focal_point", "TUN"),
        logged_in(app, "fp-ita", "focal_point", "ITA"),
        logged_in(app, "agency", "partner_agency"),
        logged_in(app, "boss", "admin"),
    ]
    api = [r.get("/api/v1/flows.json?restricted=1&period_type=month") for r in readers]
    assert all(response.status_code == 200 for response in api)
    rows = [response.get_json()["rows"] for response in api]
    assert rows[0] == rows[1] == rows[2] == rows[3]
    assert any(row.get("restricted") for row in rows[0])  # the comparison covers restricted rows
    csv = [r.get("/partner/download/flows.csv").get_data() for r in readers]
    assert csv[0] == csv[1] == csv[2] == csv[3] and csv[0].count(b"\n") > 1
