"""Expert meetings library: partners browse, only admins add or edit, links must be http(s)."""

from __future__ import annotations

import json

from imapdash.partner import meetings
from tests.conftest import logged_in

FORM = [
    "partner-meeting-id",
    "partner-meeting-title",
    "partner-meeting-date",
    "partner-meeting-theme",
    "partner-meeting-documents",
    "partner-meeting-conclusions",
]


def login(app, username, role):
    return logged_in(app, username, role)


def save(client, *values):
    body = {
        "output": "partner-meeting-result.children",
        "outputs": {"id": "partner-meeting-result", "property": "children"},
        "inputs": [{"id": "partner-meeting-save", "property": "n_clicks", "value": 1}],
        "state": [
            *({"id": i, "property": "value", "value": v} for i, v in zip(FORM, values, strict=True)),
            {"id": "app-root", "property": "lang", "value": None},
        ],
        "changedPropIds": ["partner-meeting-save.n_clicks"],
    }
    return client.post("/_dash-update-component", json=body)


def library(client):
    body = {
        "output": "partner-meetings.children",
        "outputs": {"id": "partner-meetings", "property": "children"},
        "inputs": [
            {"id": "partner-panel", "property": "hidden", "value": False},
            {"id": "partner-meeting-result", "property": "children", "value": None},
        ],
        "state": [{"id": "app-root", "property": "lang", "value": None}],
        "changedPropIds": [],
    }
    return client.post("/_dash-update-component", json=body)


def test_parse_documents_accepts_only_http_links():
    text = "Report | https://example.org/r.pdf\nhttps://x.org/a\n\nBad | javascript:alert(1)"
    docs, problems = meetings.parse_documents(text)
    assert docs == [
        {"title": "Report", "url": "https://example.org/r.pdf"},
        {"title": "https://x.org/a", "url": "https://x.org/a"},
    ]
    assert problems == ["document line 4: 'javascript:alert(1)' is not an http(s) link"]


def test_admin_adds_and_edits_partners_browse_others_cannot_write(app, client):
    admin = login(app, "boss", "admin")
    bad = save(admin, None, "", "2025-13-01", "Sahel", "x | ftp://nope", None).get_json()
    text = json.dumps(bad)
    assert "a title is needed" in text and "YYYY-MM-DD" in text and "not an http(s) link" in text
    ok = save(
        admin,
        None,
        "Central Med expert meeting",
        "2025-03-12",
        "Central Mediterranean",
        "Summary | https://example.org/summary.pdf",
        "Detections fell; keep monitoring.",
    )
    assert "Meeting 1 saved" in json.dumps(ok.get_json())
    save(admin, 1, "Central Med expert meeting (final)", "2025-03-12", "Central Mediterranean", "", "Final.")

    agency = login(app, "agency", "partner_agency")
    shown = json.dumps(library(agency).get_json())
    assert "Central Med expert meeting (final)" in shown and "Final." in shown
    assert save(agency, None, "Mine", "2025-01-01", "x", "", "").status_code == 204
    assert library(client).status_code == 403
    assert len(meetings.list_meetings(app.server.extensions["imapdash.db"])) == 1
