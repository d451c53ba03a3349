"""Access requests (visitor form, admin decision) and usage statistics (no IP addresses stored)."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from imapdash.auth.models import User
from imapdash.auth.passwords import hash_password
from imapdash.db import session_scope
from imapdash.partner import requests as req
from imapdash.partner import usage
from imapdash.partner.models import UsageDay
from tests.conftest import post_page_view

PASSWORD = "correct horse battery"


def token(client, path):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(path).get_data(as_text=True))[1]


def login(app, username, password=PASSWORD, role="admin", country=None, create=True):
    if create:
        with session_scope(app.server) as db:
            db.add(
                User(
                    username=username,
                    role=role,
                    country_iso3=country,
                    password_hash=hash_password(password, profile="test"),
                )
            )
    client = app.server.test_client()
    form = {"csrf_token": token(client, "/login"), "username": username, "password": password}
    assert client.post("/login", data=form).status_code == 302
    return client


def post(client, output, inputs, state=()):
    body = {
        "output": output,
        "outputs": {"id": output.rsplit(".", 1)[0], "property": output.rsplit(".", 1)[1]},
        "inputs": inputs,
        "state": [*state, {"id": "app-root", "property": "lang", "value": None}],
        "changedPropIds": [],
    }
    return client.post("/_dash-update-component", json=body)


def visitor_request(client, **overrides):
    form = {
        "csrf_token": token(client, "/partner/request-access"),
        "name": "Amina K.",
        "email": "amina@example.org",
        "organisation": "Example Agency",
        "purpose": "Route analysis",
    }
    form.update(overrides)
    return client.post("/partner/request-access", data=form)


def test_visitor_asks_and_admin_approves_with_role_and_expiry(app, client):
    assert client.post("/partner/request-access", data={"name": "x"}).status_code == 400  # no CSRF token
    assert visitor_request(client, email="not-an-email").status_code == 400
    response = visitor_request(client)
    assert response.status_code == 200 and "An administrator will review" in response.get_data(as_text=True)
    engine = app.server.extensions["imapdash.db"]
    [item] = req.list_requests(engine)
    assert (item["organisation"], item["status"], item["email"]) == ("Example Agency", "pending", "amina@example.org")

    admin = login(app, "boss")
    listing = post(
        admin,
        "partner-requests.children",
        [
            {"id": "partner-admin-section", "property": "hidden", "value": False},
            {"id": "partner-request-result", "property": "children", "value": None},
        ],
    )
    assert "Route analysis" in listing.get_data(as_text=True)
    expiry = (date.today() + timedelta(days=90)).isoformat()
    index = item["id"]
    decide = {
        "output": "partner-request-result.children",
        "outputs": {"id": "partner-request-result", "property": "children"},
        "inputs": [
            [{"id": {"index": index, "type": "partner-request-approve"}, "property": "n_clicks", "value": 1}],
            [],
        ],
        "state": [
            [{"id": {"index": index, "type": "partner-request-role"}, "property": "value", "value": "partner_agency"}],
            [{"id": {"index": index, "type": "partner-request-expiry"}, "property": "value", "value": expiry}],
            [{"id": {"index": index, "type": "partner-request-country"}, "property": "value", "value": None}],
            {"id": "app-root", "property": "lang", "value": None},
        ],
        "changedPropIds": [f'{{"index":{index},"type":"partner-request-approve"}}.n_clicks'],
    }
    result = admin.post("/_dash-update-component", json=decide).get_json()
    text = json.dumps(result)
    assert "Account amina@example.org created" in text
    password = re.search(r'"children": "([A-Za-z0-9_-]{20})"', text)[1]
    with session_scope(app.server) as db:
        user = db.scalars(select(User).where(User.username == "amina@example.org")).one()
        assert (user.role, user.organisation, user.expires_at.date().isoformat()) == (
            "partner_agency",
            "Example Agency",
            expiry,
        )
        assert password not in user.password_hash
    login(app, "amina@example.org", password=password, create=False)
    assert req.list_requests(engine)[0]["status"] == "approved"


def test_decline_and_invalid_approvals_change_nothing(app, client):
    engine = app.server.extensions["imapdash.db"]
    visitor_request(client)
    visitor_request(app.server.test_client(), email="second@example.org")
    first, second = sorted(i["id"] for i in req.list_requests(engine))
    with pytest.raises(ValueError, match="future"):
        req.approve_request(engine, first, admin="boss", role="partner_agency", expires_on=date(2000, 1, 1))
    with pytest.raises(ValueError, match="country"):
        req.approve_request(engine, first, admin="boss", role="focal_point", expires_on=date(2100, 1, 1))
    assert {i["status"] for i in req.list_requests(engine)} == {"pending"}
    req.decline_request(engine, second, admin="boss")
    with pytest.raises(ValueError, match="not pending"):
        req.approve_request(engine, second, admin="boss", role="partner_agency", expires_on=date(2100, 1, 1))
    username, _ = req.approve_request(
        engine, first, admin="boss", role="focal_point", expires_on=date(2100, 1, 1), country_iso3="TUN"
    )
    with session_scope(app.server) as db:
        assert db.scalars(select(User.country_iso3).where(User.username == username)).one() == "TUN"


def test_usage_counts_views_per_page_and_group_without_ip(app, client):
    def visit(c, path):
        post_page_view(c, path, "fr")

    visit(client, "/sources")  # no page load before: a bare POST is not counted (issue 16)
    client.get("/sources")
    visit(client, "/sources")
    visit(client, "/sources")  # once per session
    visit(client, "/no/such/page")
    focal = login(app, "fp-tun", role="focal_point", country="TUN")
    visit(focal, "/partner")
    admin = login(app, "boss")
    visit(admin, "/partner")
    engine = app.server.extensions["imapdash.db"]
    table = usage.usage_table(engine)
    rows = {(r["page"], g): r[g] for r in table.to_dict("records") for g in table.columns[2:] if r[g]}
    assert rows == {("/sources", "public"): 1, ("/partner", "partner state (south)"): 1, ("/partner", "admin"): 1}
    assert set(usage.usage_frame(engine)["lang"]) == {"fr"}  # the interface language of each visit
    columns = set(UsageDay.__table__.columns.keys())
    assert columns == {"id", "day", "page", "user_group", "lang", "visits"}  # no IP, user or session id
    shown = post(
        admin, "partner-usage.children", [{"id": "partner-admin-section", "property": "hidden", "value": False}]
    ).get_json()
    shown = json.dumps(shown)
    assert "partner state (south)" in shown and "/sources" in shown
    assert (
        post(
            focal, "partner-usage.children", [{"id": "partner-admin-section", "property": "hidden", "value": False}]
        ).status_code
        == 204
    )


def test_user_group_and_page_mapping():
    groups = {"ITA": "north", "TUN": "south"}
    assert usage.user_group(None, None, groups) == "public"
    assert usage.user_group("focal_point", "ITA", groups) == "partner state (north)"
    assert usage.user_group("focal_point", "XXX", groups) == "partner state"
    assert usage.user_group("partner_agency", None, groups) == "partner agency"
    assert usage.page_of("/country/TUN", ("/", "/country/", "/partner")) == "/country/"
    assert usage.page_of("/partner/", ("/", "/partner")) == "/partner"
    assert usage.page_of("/evil", ("/", "/partner")) is None
    assert usage.iso_week(date(2026, 11, 27)) == "2026-W48"


def test_request_form_is_rate_limited(client):
    codes = [visitor_request(client, email=f"p{n}@example.org").status_code for n in range(6)]
    assert codes == [200] * 5 + [429]
