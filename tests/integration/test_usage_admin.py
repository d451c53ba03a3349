"""Admins' usage statistics over HTTP: charts and CSV for admins only, retention, language recorded."""

from __future__ import annotations

import json
from datetime import date

from imapdash.partner import usage
from tests.conftest import add_user, log_in


def _seed(engine) -> None:
    usage.record_visit(engine, day=date(2026, 11, 2), page="/", group="public", lang="en")
    usage.record_visit(engine, day=date(2026, 11, 2), page="/", group="public", lang="en")
    usage.record_visit(engine, day=date(2026, 11, 3), page="/routes", group="partner state (south)", lang="ar")
    usage.record_visit(engine, day=date(2026, 11, 4), page="/", group="partner state (north)", lang="fr")


def _usage_callback(client):
    body = {
        "output": "partner-usage.children",
        "outputs": {"id": "partner-usage", "property": "children"},
        "inputs": [{"id": "partner-admin-section", "property": "hidden", "value": False}],
        "state": [{"id": "app-root", "property": "lang", "value": "en"}],
        "changedPropIds": ["partner-admin-section.hidden"],
    }
    return client.post("/_dash-update-component", json=body)


def test_admin_gets_charts_balance_and_csv_others_get_nothing(app):
    server = app.server
    engine = server.extensions["imapdash.db"]
    _seed(engine)
    add_user(server, "boss", "admin")
    add_user(server, "fp", "focal_point", country="TUN")
    admin = server.test_client()
    log_in(admin, "boss")
    shown = _usage_callback(admin)
    assert shown.status_code == 200
    text = json.dumps(shown.get_json())
    assert text.count('"type": "Graph"') == 3 or text.count('"type":"Graph"') == 3
    assert "North: 1 visits" in text and "South: 1 visits" in text
    csv = admin.get("/partner/usage.csv")
    assert csv.status_code == 200 and csv.headers["Cache-Control"] == "no-store"
    lines = csv.get_data(as_text=True).strip().splitlines()
    assert lines[0] == "day,week,page,group,lang,visits" and len(lines) == 4
    assert "2026-11-02,2026-W45,/,public,en,2" in lines
    focal = server.test_client()
    log_in(focal, "fp")
    assert focal.get("/partner/usage.csv").status_code == 403
    assert _usage_callback(focal).status_code in (204, 403)
    anonymous = server.test_client()
    assert anonymous.get("/partner/usage.csv").status_code == 403
    assert _usage_callback(anonymous).status_code in (204, 403)


def test_counts_older_than_the_retention_period_are_deleted(app):
    engine = app.server.extensions["imapdash.db"]
    _seed(engine)
    usage.record_visit(engine, day=date(2023, 1, 1), page="/", group="public", lang="en")
    usage.purge_daily(engine, today=date(2026, 12, 6), retention_days=730)
    days = set(usage.usage_frame(engine)["day"].dt.strftime("%Y-%m-%d"))
    assert "2023-01-01" not in days and "2026-11-02" in days
