"""`python -m imapdash users ...` against a temporary SQLite database."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from imapdash.auth import cli
from imapdash.auth.models import AuditEvent, User
from imapdash.auth.passwords import verify_password
from imapdash.db import open_engine, session_scope

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("IMAPDASH_ARGON2_PROFILE", "test")
    monkeypatch.setenv("IMAPDASH_DATABASE_URL", f"sqlite:///{tmp_path}/sub/dir/cli.db")
    monkeypatch.setenv("IMAPDASH_PASSWORD", PASSWORD)
    monkeypatch.delenv("IMAPDASH_SECRET_KEY", raising=False)
    return tmp_path


@pytest.fixture
def users(env):
    """Read the accounts the commands wrote."""

    def _read() -> dict[str, User]:
        engine = open_engine(f"sqlite:///{env}/sub/dir/cli.db")
        try:
            with session_scope(engine=engine) as db:
                return {u.username: u for u in db.scalars(select(User))}
        finally:
            engine.dispose()

    return _read


def audit_actions(env) -> list[str]:
    engine = open_engine(f"sqlite:///{env}/sub/dir/cli.db")
    try:
        with session_scope(engine=engine) as db:
            return [e.action for e in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    finally:
        engine.dispose()


def add_args(name="Alice", role="partner_agency", country=None, organisation=None, expires=None):
    return argparse.Namespace(name=name, role=role, country=country, organisation=organisation, expires=expires)


def test_users_add_creates_an_account(users, capsys):
    code = cli.cmd_add(add_args(role="focal_point", country="ner", organisation="Ministry", expires="2999-12-31"))
    assert code == 0
    alice = users()["alice"]
    assert (alice.role, alice.country_iso3, alice.organisation) == ("focal_point", "NER", "Ministry")
    assert alice.expires_at == datetime(3000, 1, 1, tzinfo=UTC)
    assert alice.password_hash.startswith("$argon2id$")
    assert verify_password(alice.password_hash, PASSWORD)
    assert "added alice" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (add_args(role="superuser"), "unknown role"),
        (add_args(role="focal_point"), "requires a country"),
        (add_args(role="focal_point", country="Niger"), "ISO3"),
        (add_args(name="a b"), "username"),
        (add_args(expires="2001-01-01"), "in the past"),
        (add_args(expires="next week"), "YYYY-MM-DD"),
    ],
)
def test_users_add_refuses_bad_accounts(users, capsys, args, message):
    assert cli.cmd_add(args) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert users() == {}


def test_users_add_refuses_a_weak_password(users, monkeypatch, capsys):
    monkeypatch.setenv("IMAPDASH_PASSWORD", "password1234")
    assert cli.cmd_add(add_args()) == 1
    assert "too common" in capsys.readouterr().err
    assert users() == {}


def test_users_add_refuses_a_duplicate_whatever_the_case(users, capsys):
    assert cli.cmd_add(add_args(name="alice")) == 0
    assert cli.cmd_add(add_args(name="ALICE")) == 1
    assert "already exists" in capsys.readouterr().err
    assert list(users()) == ["alice"]


def test_users_add_prompts_twice_when_no_env_password(users, monkeypatch, capsys):
    monkeypatch.delenv("IMAPDASH_PASSWORD")
    answers = iter([PASSWORD, PASSWORD + "!"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt="": next(answers))
    assert cli.cmd_add(add_args()) == 1
    assert "do not match" in capsys.readouterr().err
    answers = iter([PASSWORD, PASSWORD])
    assert cli.cmd_add(add_args()) == 0


def test_users_list_shows_every_account(capsys):
    cli.cmd_add(add_args(name="bob", role="admin"))
    cli.cmd_add(add_args(name="alice", organisation="UNHCR", expires="2999-12-31"))
    capsys.readouterr()
    assert cli.cmd_list(argparse.Namespace()) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["username", "role", "country", "organisation", "status", "last", "day", "last", "login"]
    assert [line.split()[:6] for line in lines[1:]] == [
        ["alice", "partner_agency", "-", "UNHCR", "active", "2999-12-31"],
        ["bob", "admin", "-", "-", "active", "-"],
    ]
    assert PASSWORD not in "\n".join(lines)


def test_users_disable_and_enable_bump_the_session_version(users, env):
    cli.cmd_add(add_args())
    assert cli.cmd_disable(argparse.Namespace(name="ALICE")) == 0
    alice = users()["alice"]
    assert (alice.active, alice.session_version) == (False, 2)
    assert cli.cmd_enable(argparse.Namespace(name="alice")) == 0
    assert users()["alice"].active
    assert audit_actions(env) == ["user.added", "user.disabled", "user.enabled"]


def test_users_reset_password(users, monkeypatch, env):
    cli.cmd_add(add_args())
    monkeypatch.setenv("IMAPDASH_PASSWORD", "another long passphrase")
    assert cli.cmd_reset_password(argparse.Namespace(name="alice")) == 0
    alice = users()["alice"]
    assert verify_password(alice.password_hash, "another long passphrase")
    assert not verify_password(alice.password_hash, PASSWORD)
    assert alice.session_version == 2
    assert "user.password_reset" in audit_actions(env)


def test_commands_on_unknown_users_fail(capsys):
    assert cli.cmd_disable(argparse.Namespace(name="ghost")) == 1
    assert cli.cmd_reset_password(argparse.Namespace(name="ghost")) == 1
    assert capsys.readouterr().err.count("no user named 'ghost'") == 2


def test_register_adds_the_users_commands():
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["users", "add", "carol", "--role", "admin", "--expires", "2030-01-31"])
    assert args.func is cli.cmd_add
    assert (args.name, args.role, args.expires, args.country) == ("carol", "admin", "2030-01-31", None)
    assert parser.parse_args(["users", "list"]).func is cli.cmd_list
    assert parser.parse_args(["users", "disable", "carol"]).func is cli.cmd_disable
    assert parser.parse_args(["users", "reset-password", "carol"]).func is cli.cmd_reset_password


def test_main_cli_dispatches_users_commands(capsys):
    from imapdash.cli import main

    assert main(["users", "add", "dave", "--role", "admin"]) == 0
    assert main(["users", "add", "erin", "--role", "focal_point"]) == 1
    assert main(["users", "list"]) == 0
    out = capsys.readouterr().out
    assert "dave" in out and "erin" not in out
