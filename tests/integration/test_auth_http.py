"""Login, logout, password change, session rules and the callback guard, over the Flask test client."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from flask import Flask
from sqlalchemy import select

from imapdash import auth
from imapdash.auth.config import AuthConfig
from imapdash.auth.models import AuditEvent, User
from imapdash.auth.passwords import hash_password
from imapdash.auth.routes import AUTH_AT, GENERIC_LOGIN_ERROR, SEEN_AT
from imapdash.db import init_db, session_scope, utcnow
from imapdash.settings import Settings

PASSWORD = "correct horse battery"
NEW_PASSWORD = "a different long phrase"
DUMMY_DASH_OK = "dummy callback route reached"


@pytest.fixture
def server(tmp_path: Path):
    settings = Settings(
        instance_dir=tmp_path,
        assets_dir=tmp_path / "no-assets",
        database_url=f"sqlite:///{tmp_path}/t.db",
        secret_key="test",
        argon2_profile="test",
    )
    server = Flask(__name__)
    server.config["TESTING"] = True
    init_db(server, settings)
    config = AuthConfig(login_limit_ip="6 per 15 minutes", login_limit_user="3 per 15 minutes", argon2_profile="test")
    auth.init_app(server, settings, config=config)

    @server.post("/_dash-update-component")
    def _dash_stand_in():
        return DUMMY_DASH_OK

    yield server
    server.extensions["imapdash.db"].dispose()


@pytest.fixture
def client(server):
    return server.test_client()


def add_user(server, username="alice", role="partner_agency", **fields) -> None:
    fields.setdefault("password_hash", hash_password(PASSWORD, profile="test"))
    with session_scope(server) as db:
        db.add(User(username=username, role=role, **fields))


def get_user(server, username="alice") -> User:
    with session_scope(server) as db:
        return db.scalars(select(User).where(User.username == username)).one()


def audit_events(server, action: str | None = None) -> list[AuditEvent]:
    with session_scope(server) as db:
        query = select(AuditEvent).order_by(AuditEvent.id)
        if action:
            query = query.where(AuditEvent.action == action)
        return list(db.scalars(query))


def csrf_token(client, path: str = "/login") -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def login(client, username="alice", password=PASSWORD, next_url=None, ip="127.0.0.1"):
    data = {"csrf_token": csrf_token(client), "username": username, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/login", data=data, environ_base={"REMOTE_ADDR": ip})


def logout(client):
    return client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})


def is_logged_in(client) -> bool:
    response = client.get("/account/password")
    return response.status_code == 200


def copy_session(source, target) -> None:
    cookie = source.get_cookie("session")
    assert cookie is not None
    target.set_cookie("session", cookie.value)


def callback_body(output: str, inputs=None) -> dict:
    return {
        "output": output,
        "outputs": {"id": output.split(".")[0], "property": "children"},
        "inputs": inputs or [{"id": "partner-route", "property": "value", "value": "central"}],
        "changedPropIds": [],
    }


# --- login -----------------------------------------------------------------------------------


def test_login_page_links_local_css_only(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'href="/assets/vendor/bootstrap.min.css"' in html
    assert 'href="/assets/imapdash.css"' in html
    assert "http://" not in html and "https://" not in html


def test_login_page_links_the_css_files_of_the_assets_folder(tmp_path):
    (tmp_path / "assets" / "css").mkdir(parents=True)
    (tmp_path / "assets" / "css" / "10-app.css").write_text("")
    (tmp_path / "assets" / "css" / "00-bootstrap.min.css").write_text("")
    (tmp_path / "assets" / "logo.svg").write_text("")
    settings = Settings(
        assets_dir=tmp_path / "assets",
        database_url=f"sqlite:///{tmp_path}/t.db",
        secret_key="test",
        argon2_profile="test",
    )
    server = Flask(__name__)
    init_db(server, settings)
    auth.init_app(server, settings)
    html = server.test_client().get("/login").get_data(as_text=True)
    server.extensions["imapdash.db"].dispose()
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert links == ["/assets/css/00-bootstrap.min.css", "/assets/css/10-app.css"]


def test_login_success_redirects_and_starts_a_session(server, client):
    add_user(server)
    response = login(client, "Alice", next_url="/partner?tab=flows")
    assert response.status_code == 302
    assert response.location == "/partner?tab=flows"
    assert is_logged_in(client)
    assert get_user(server).last_login_at is not None
    assert [e.target for e in audit_events(server, "login.success")] == ["alice"]


def test_login_failure_message_is_the_same_for_unknown_user_and_wrong_password(server, client):
    add_user(server)
    wrong_password = login(client, "alice", "not the right password")
    unknown_user = login(client, "nobody", PASSWORD)
    for response in (wrong_password, unknown_user):
        assert response.status_code == 200
        assert GENERIC_LOGIN_ERROR in response.get_data(as_text=True)

    # the CSRF token is signed with the second it was made: two answers a second apart differ there only
    def page(response) -> bytes:
        return re.sub(rb'(name="csrf_token"[^>]*value=")[^"]*', rb"\1", response.get_data())

    assert page(wrong_password) == page(unknown_user).replace(b"nobody", b"alice")
    assert not is_logged_in(client)
    reasons = [json.loads(e.detail)["reason"] for e in audit_events(server, "login.failure")]
    assert reasons == ["wrong password", "unknown user"]


def test_login_clears_the_previous_session(server, client):
    add_user(server)
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker"
    login(client)
    with client.session_transaction() as sess:
        assert "planted" not in sess
        assert sess["_user_id"] == f"{get_user(server).id}:1"
        assert sess.permanent


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "\\\\evil",
        "\\evil",
        "/\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "evil.example/path",
        "http:/evil.example",
    ],
)
def test_login_refuses_open_redirects(server, client, target):
    add_user(server)
    response = login(client, next_url=target)
    assert response.status_code == 302
    assert response.location == "/"


def test_login_form_does_not_echo_a_foreign_next(client):
    html = client.get("/login?next=https://evil.example").get_data(as_text=True)
    assert "evil.example" not in html


def test_login_requires_the_csrf_token(server, client):
    add_user(server)
    response = client.post("/login", data={"username": "alice", "password": PASSWORD})
    assert response.status_code == 400
    assert not is_logged_in(client)


def test_login_upgrades_an_outdated_hash(server, client):
    add_user(server, password_hash=PasswordHasher.from_parameters(CHEAPEST).hash(PASSWORD))
    login(client)
    assert "m=1024,t=1,p=1" in get_user(server).password_hash
    assert is_logged_in(client)


def test_disabled_user_cannot_log_in(server, client):
    add_user(server, active=False)
    response = login(client)
    assert GENERIC_LOGIN_ERROR in response.get_data(as_text=True)
    assert not is_logged_in(client)


def test_expired_user_cannot_log_in(server, client):
    add_user(server, expires_at=utcnow() - timedelta(minutes=1))
    response = login(client)
    assert GENERIC_LOGIN_ERROR in response.get_data(as_text=True)
    assert not is_logged_in(client)


def test_user_is_logged_out_when_the_account_expires(server, client):
    add_user(server)
    login(client)
    with session_scope(server) as db:
        db.scalars(select(User)).one().expires_at = utcnow() - timedelta(seconds=1)
    assert not is_logged_in(client)


def test_audit_log_strips_line_breaks_and_never_holds_passwords(server, client):
    login(client, "eve\r\nfake entry", "secret password 123")
    events = audit_events(server)
    assert events and all("\n" not in e.target and "\r" not in e.target for e in events)
    assert all("secret password 123" not in e.detail + e.target for e in events)


# --- rate limits -----------------------------------------------------------------------------


def test_rate_limit_per_username_and_client(server, client):
    add_user(server)
    for _ in range(3):
        assert login(client, password="wrong guess", ip="10.0.0.1").status_code == 200
    response = login(client, ip="10.0.0.1")  # the guessing client is refused, even with the password
    assert response.status_code == 429
    assert re.search(r"Too many login attempts, try again in 1[45] minutes", response.get_data(as_text=True))
    assert int(response.headers["Retry-After"]) > 800
    assert not is_logged_in(client)
    assert audit_events(server, "login.limited")


def test_wrong_passwords_from_elsewhere_do_not_lock_the_account_owner_out(server, client):
    # issue 16: keyed on the username alone, anyone could lock a partner out before a meeting
    add_user(server)
    for i in range(5):
        for _ in range(3):
            login(client, password="wrong guess", ip=f"10.0.0.{i}")
    assert login(client, ip="10.9.9.9").status_code == 302
    assert is_logged_in(client)


def test_rate_limit_per_ip_across_usernames(server, client):
    for i in range(6):
        assert login(client, f"user{i}", ip="10.1.1.1").status_code == 200
    assert login(client, "someone-else", ip="10.1.1.1").status_code == 429
    assert login(client, "someone-else", ip="10.1.1.2").status_code == 200


def test_successful_login_resets_the_username_counter(server, client):
    add_user(server)
    login(client, password="typo one")
    login(client, password="typo two")
    login(client)
    logout(client)
    for _ in range(2):
        login(client, password="typo again")
    assert login(client).status_code == 302


# --- logout, revocation, timeouts ------------------------------------------------------------


def test_logout_get_shows_a_confirmation_form_and_keeps_the_session(server, client):
    add_user(server)
    login(client)
    response = client.get("/logout")
    assert 'action="/logout"' in response.get_data(as_text=True)
    assert is_logged_in(client)


def test_logout_requires_the_csrf_token(server, client):
    add_user(server)
    login(client)
    assert client.post("/logout").status_code == 400
    assert is_logged_in(client)


def test_logout_revokes_a_copied_session_cookie(server, client):
    add_user(server)
    login(client)
    thief = server.test_client()
    copy_session(client, thief)
    assert is_logged_in(thief)
    assert logout(client).status_code == 200
    assert not is_logged_in(client)
    assert not is_logged_in(thief)
    assert thief.post("/_dash-update-component", json=callback_body("partner-x.children")).status_code == 403


def test_password_change_revokes_other_sessions(server, client):
    add_user(server)
    login(client)
    other = server.test_client()
    copy_session(client, other)
    response = client.post(
        "/account/password",
        data={
            "csrf_token": csrf_token(client, "/account/password"),
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert "Password changed" in response.get_data(as_text=True)
    assert is_logged_in(client)
    assert not is_logged_in(other)
    fresh = server.test_client()
    assert login(fresh, password=PASSWORD).status_code == 200
    assert login(fresh, password=NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        ("wrong current pw", NEW_PASSWORD, NEW_PASSWORD, "current password is not correct"),
        (PASSWORD, "short", "short", "at least 12 characters"),
        (PASSWORD, "password1234", "password1234", "too common"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "do not match"),
    ],
)
def test_password_change_refusals(server, client, current, new, confirm, message):
    add_user(server)
    login(client)
    response = client.post(
        "/account/password",
        data={
            "csrf_token": csrf_token(client, "/account/password"),
            "current_password": current,
            "new_password": new,
            "confirm_password": confirm,
        },
    )
    assert message in response.get_data(as_text=True)
    assert get_user(server).session_version == 1


def test_password_page_redirects_anonymous_users_to_login_with_a_local_next(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.location == "/login?next=/account/password"


@pytest.mark.parametrize("key", [SEEN_AT, AUTH_AT])
def test_idle_and_absolute_timeouts_log_out(server, client, key):
    add_user(server)
    login(client)
    with client.session_transaction() as sess:
        sess[key] = time.time() - 9 * 3600
    assert not is_logged_in(client)
    assert [json.loads(e.detail)["reason"] for e in audit_events(server, "session.expired")] == [
        "idle" if key == SEEN_AT else "absolute"
    ]


def test_recent_activity_keeps_the_session(server, client):
    add_user(server)
    login(client)
    with client.session_transaction() as sess:
        sess[SEEN_AT] = time.time() - 29 * 60
    assert is_logged_in(client)
    with client.session_transaction() as sess:
        assert time.time() - sess[SEEN_AT] < 5


def test_session_cookie_flags(server, client):
    add_user(server)
    response = login(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert server.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=8)
    assert server.config["SESSION_COOKIE_SECURE"] is False


# --- callback guard --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "output",
    [
        "partner-x.children",
        "..public-a.children...partner-b.figure..",
        '{"index":1,"type":"partner-row"}.children',
        "partner-x.children@0123abcd",
    ],
)
def test_guard_refuses_anonymous_partner_outputs(server, client, output):
    response = client.post("/_dash-update-component", json=callback_body(output))
    assert response.status_code == 403
    assert [e.target for e in audit_events(server, "callback.denied")] == [output]


def test_guard_ignores_a_relabelled_pathname_input(client):
    body = callback_body("partner-x.children", [{"id": "url", "property": "pathname", "value": "/"}])
    assert client.post("/_dash-update-component", json=body).status_code == 403


def test_guard_lets_public_callbacks_through(client):
    body = callback_body("explorer-map.figure", [{"id": "explorer-year", "property": "value", "value": 2024}])
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    assert response.get_data(as_text=True) == DUMMY_DASH_OK


def test_guard_refuses_a_body_without_output(client):
    assert client.post("/_dash-update-component", json={"inputs": []}).status_code == 400
    assert client.post("/_dash-update-component", json=["partner-x.children"]).status_code == 400


@pytest.mark.parametrize("role", ["admin", "partner_agency", "focal_point"])
def test_guard_lets_partners_through(server, client, role):
    add_user(server, role=role, country_iso3="NER" if role == "focal_point" else None)
    login(client)
    response = client.post("/_dash-update-component", json=callback_body("partner-x.children"))
    assert response.status_code == 200


def test_guard_refuses_a_disabled_partner_mid_session(server, client):
    add_user(server)
    login(client)
    with session_scope(server) as db:
        db.scalars(select(User)).one().active = False
    response = client.post("/_dash-update-component", json=callback_body("partner-x.children"))
    assert response.status_code == 403


# --- with a real Dash app --------------------------------------------------------------------


@pytest.fixture
def dash_server(server):
    from dash import Dash, Input, Output, html

    from imapdash.auth.guards import partner_required

    app = Dash(__name__, server=server, url_base_pathname="/dash/")
    app.layout = html.Div([html.Button(id="partner-go"), html.Div(id="partner-out"), html.Div(id="public-out")])

    @app.callback(Output("partner-out", "children"), Input("partner-go", "n_clicks"))
    @partner_required
    def _partner(n_clicks):
        return "RESTRICTED"

    @app.callback(Output("public-out", "children"), Input("partner-go", "n_clicks"))
    @partner_required
    def _wrongly_named(n_clicks):
        return "RESTRICTED TOO"

    return server


def dash_body(output: str, component: str, value=1) -> dict:
    component_id, prop = output.split(".")
    return {
        "output": output,
        "outputs": {"id": component_id, "property": prop},
        "inputs": [{"id": component, "property": "n_clicks", "value": value}],
        "changedPropIds": [f"{component}.n_clicks"],
    }


def test_dash_partner_callback_is_refused_at_the_request_layer(dash_server):
    client = dash_server.test_client()
    response = client.post("/dash/_dash-update-component", json=dash_body("partner-out.children", "partner-go"))
    assert response.status_code == 403
    assert b"RESTRICTED" not in response.get_data()


def test_dash_partner_required_answers_204_when_the_output_is_not_prefixed(dash_server):
    client = dash_server.test_client()
    response = client.post("/dash/_dash-update-component", json=dash_body("public-out.children", "partner-go"))
    assert response.status_code == 204
    events = audit_events(dash_server, "callback.denied")
    assert [json.loads(e.detail)["layer"] for e in events] == ["callback"]


def test_dash_partner_callback_answers_partners(dash_server):
    add_user(dash_server)
    client = dash_server.test_client()
    login(client)
    response = client.post("/dash/_dash-update-component", json=dash_body("partner-out.children", "partner-go"))
    assert response.status_code == 200
    assert "RESTRICTED" in response.get_data(as_text=True)
