"""A damaged SQLite file is found at start-up and by /healthz, not as a 500 on login (issue 16)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from imapdash import create_app
from imapdash.db import get_engine
from imapdash.factory import AppStartupError
from tests.conftest import make_settings


def _database(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


def _boot_once(tmp_path: Path) -> Path:
    app = create_app(make_settings(tmp_path))
    get_engine(app.server).dispose()
    db = _database(tmp_path)
    with sqlite3.connect(db) as connection:  # fold the WAL into the file, as after a clean stop
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


def _damage_pages(db: Path) -> None:
    page_size = 4096
    data = bytearray(db.read_bytes())
    assert len(data) > 6 * page_size
    for page in range(2, len(data) // page_size - 1, 3):  # every third b-tree page past the schema
        start = page * page_size
        data[start : start + 64] = b"\xff" * 64
    db.write_bytes(bytes(data))


def test_start_up_refuses_a_damaged_page_with_a_clear_message(tmp_path):
    db = _boot_once(tmp_path)
    _damage_pages(db)
    with pytest.raises(AppStartupError) as info:
        create_app(make_settings(tmp_path))
    message = str(info.value)
    assert "is damaged" in message and str(db) in message
    assert "quick_check" in message or "malformed" in message  # which page is hit decides the wording


def test_start_up_refuses_a_damaged_header_without_a_traceback(tmp_path):
    db = _boot_once(tmp_path)
    data = bytearray(db.read_bytes())
    data[:100] = b"not a database header".ljust(100, b"\0")
    db.write_bytes(bytes(data))
    with pytest.raises(AppStartupError) as info:
        create_app(make_settings(tmp_path))
    assert "is damaged" in str(info.value) and "DatabaseError" in str(info.value)


def test_healthz_reports_the_database(tmp_path, monkeypatch):
    app = create_app(make_settings(tmp_path))
    client = app.server.test_client()
    healthy = client.get("/healthz")
    assert healthy.status_code == 200 and healthy.get_json()["database"] == "ok"
    import imapdash.db as db_module

    monkeypatch.setattr(db_module, "HEALTH_RECHECK_SECONDS", 0.0)
    engine = get_engine(app.server)
    engine.dispose()
    with sqlite3.connect(_database(tmp_path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _damage_pages(_database(tmp_path))
    engine.dispose()
    damaged = client.get("/healthz")
    assert damaged.status_code == 503
    assert damaged.get_json()["status"] == "error"
