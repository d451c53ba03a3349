"""Callback output classification, `next` validation, role checks and auth settings."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from dash.exceptions import PreventUpdate
from flask import Flask

from imapdash.auth import guards
from imapdash.auth.config import AuthConfig
from imapdash.auth.guards import output_is_restricted
from imapdash.auth.routes import safe_next
from imapdash.settings import Settings, SettingsError


@pytest.mark.parametrize(
    "output",
    [
        "partner-table.children",
        "partner-table.children@5f2b",
        "..partner-a.children...partner-b.figure..",
        "..explorer-map.figure...partner-b.figure..",
        "..partner-a.children...explorer-map.figure..",
        '{"index":3,"type":"partner-row"}.children',
        '..{"index":["ALL"],"type":"partner-row"}.children...explorer-map.figure..',
    ],
)
def test_outputs_naming_a_partner_component_are_restricted(output):
    assert output_is_restricted(output)


@pytest.mark.parametrize(
    "output",
    [
        "explorer-map.figure",
        "..explorer-map.figure...flows-chart.figure..",
        "flows-partner-note.children",
        '{"index":3,"type":"explorer-row"}.children',
        "explorer\\.partner-x.children",
        "url.pathname",
    ],
)
def test_public_outputs_are_not_restricted(output):
    assert not output_is_restricted(output)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (None, "/"),
        ("", "/"),
        ("/partner", "/partner"),
        ("/partner?tab=flows&year=2024#map", "/partner?tab=flows&year=2024#map"),
        ("//evil.example", "/"),
        ("///evil.example", "/"),
        ("https://evil.example", "/"),
        ("\\\\evil", "/"),
        ("/\\evil.example", "/"),
        ("/\t/evil.example", "/"),
        ("/\n/evil.example", "/"),
        (" //evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("partner", "/"),
    ],
)
def test_safe_next(target, expected):
    assert safe_next(target) == expected


def _with_user(monkeypatch, user):
    monkeypatch.setattr(guards, "current_user", user)


def _user(role, active=True):
    return SimpleNamespace(is_authenticated=True, is_active=active, role=role, username="u")


ANONYMOUS = SimpleNamespace(is_authenticated=False, is_active=False)


@pytest.mark.parametrize(
    ("user", "role", "partner"),
    [
        (ANONYMOUS, "anonymous", False),
        (_user("admin"), "admin", True),
        (_user("partner_agency"), "partner_agency", True),
        (_user("focal_point"), "focal_point", True),
        (_user("focal_point", active=False), "focal_point", False),
        (_user("visitor"), "visitor", False),
    ],
)
def test_role_checks(monkeypatch, user, role, partner):
    _with_user(monkeypatch, user)
    with Flask(__name__).test_request_context():
        assert guards.current_role() == role
        assert guards.is_partner() is partner
        assert guards.has_role("admin") is (partner and role == "admin")


def test_role_checks_outside_a_request():
    assert guards.current_role() is None
    assert guards.is_partner() is False


def test_partner_required_prevents_update_for_anonymous_and_audits(monkeypatch):
    _with_user(monkeypatch, ANONYMOUS)
    events = []
    monkeypatch.setattr(guards.audit, "record", lambda *args, **kwargs: events.append(args[:2]))

    @guards.partner_required
    def secret():
        return "RESTRICTED"

    with Flask(__name__).test_request_context(json={"output": "partner-x.children"}), pytest.raises(PreventUpdate):
        secret()
    assert events == [("callback.denied", secret.__wrapped__.__qualname__)]


def test_partner_required_calls_through_for_partners(monkeypatch):
    _with_user(monkeypatch, _user("focal_point"))

    @guards.partner_required
    def secret(value):
        return f"RESTRICTED {value}"

    with Flask(__name__).test_request_context():
        assert secret(3) == "RESTRICTED 3"


def test_auth_config_reads_the_environment():
    config = AuthConfig.from_settings(
        Settings.from_env(
            {
                "IMAPDASH_SESSION_HOURS": "4",
                "IMAPDASH_SESSION_IDLE_MINUTES": "15",
                "IMAPDASH_LOGIN_LIMIT_USER": "5 per hour",
                "IMAPDASH_REDIS_URL": "redis://cache:6379/0",
            }
        )
    )
    assert config == AuthConfig(
        session_hours=4, idle_minutes=15, login_limit_user="5 per hour", redis_url="redis://cache:6379/0"
    )
    assert AuthConfig.from_settings(Settings.from_env({})) == AuthConfig()


@pytest.mark.parametrize(
    "env",
    [
        {"IMAPDASH_SESSION_IDLE_MINUTES": "0"},
        {"IMAPDASH_SESSION_HOURS": "eight"},
        {"IMAPDASH_LOGIN_LIMIT_IP": "lots"},
    ],
)
def test_auth_config_rejects_bad_values(env):
    with pytest.raises(SettingsError):
        AuthConfig.from_settings(Settings.from_env(env))
