"""The database layer the accounts live in: engine options, session scope, append-only audit."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError, IntegrityError

from imapdash.auth import audit
from imapdash.auth.models import AuditEvent, User
from imapdash.db import get_engine, init_db, session_scope
from imapdash.settings import Settings


@pytest.fixture
def server(tmp_path):
    server = Flask(__name__)
    init_db(server, Settings(database_url=f"sqlite:///{tmp_path}/nested/dir/t.db", secret_key="test"))
    yield server
    get_engine(server).dispose()


def test_init_db_creates_the_file_and_tables_with_wal_and_foreign_keys(server, tmp_path):
    assert (tmp_path / "nested" / "dir" / "t.db").exists()
    with get_engine(server).connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        tables = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).scalars())
    assert {"users", "audit_events"} <= tables


def test_session_scope_uses_the_current_app_and_rolls_back_on_error(server):
    with server.app_context():
        with pytest.raises(RuntimeError), session_scope() as db:
            db.add(User(username="alice", password_hash="x", role="admin"))
            db.flush()
            raise RuntimeError("boom")
        with session_scope() as db:
            assert db.scalars(select(User)).all() == []


def test_usernames_are_unique_and_focal_points_need_a_country(server):
    with session_scope(server) as db:
        db.add(User(username="alice", password_hash="x", role="admin"))
    with pytest.raises(IntegrityError), session_scope(server) as db:
        db.add(User(username="alice", password_hash="y", role="admin"))
    with pytest.raises(IntegrityError), session_scope(server) as db:
        db.add(User(username="bob", password_hash="y", role="focal_point"))
    with pytest.raises(IntegrityError), session_scope(server) as db:
        db.add(User(username="carol", password_hash="y", role="superuser"))


def test_audit_events_are_append_only(server):
    with server.app_context():
        audit.record("test.event", "target", {"n": 1})
    with pytest.raises(RuntimeError), session_scope(server) as db:
        db.scalars(select(AuditEvent)).one().action = "edited"
    with pytest.raises(DatabaseError), get_engine(server).begin() as conn:
        conn.execute(text("DELETE FROM audit_events"))
    with pytest.raises(DatabaseError), get_engine(server).begin() as conn:
        conn.execute(text("UPDATE audit_events SET actor = 'someone'"))
    with session_scope(server) as db:
        event = db.scalars(select(AuditEvent)).one()
    assert (event.actor, event.action, event.target) == ("system", "test.event", "target")
    assert event.at.tzinfo is not None


def test_audit_drops_secret_looking_keys(server):
    with server.test_request_context(headers={"User-Agent": "agent/1.0"}, environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        audit.record(
            "test.event",
            "t",
            {"password": "hunter2", "new_password": "x", "csrf_token": "y", "n": 2, "note": "one\r\ntwo\u2028three"},
        )
    with session_scope(server) as db:
        detail = db.scalars(select(AuditEvent)).one().detail
    assert "hunter2" not in detail and "csrf" not in detail and '"n": 2' in detail
    assert "\n" not in detail and "\\n" not in detail and "\\r" not in detail and "\u2028" not in detail
    assert '"user_agent": "agent/1.0"' in detail and '"ip": "127.0.0.1"' in detail
