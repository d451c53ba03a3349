"""SQLAlchemy engine, declarative base and session scope shared by every model of the app.

`init_db(server, settings)` is called by the factory; command-line tools that need no Flask app
call `open_engine(database_url)` instead. SQLite (the default) runs with WAL, so readers do not
block the writer, and with foreign keys enforced.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import flask
from sqlalchemy import DateTime, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.types import TypeDecorator

from imapdash.settings import Settings

EXTENSION_KEY = "imapdash.db"
CREATE_LOCK_KEY = 0x1A4DA54  # PostgreSQL advisory lock held while creating tables

# Model modules add their tables to Base.metadata when imported; create_all needs them loaded.
MODEL_MODULES = (
    "imapdash.auth.models",
    "imapdash.partner.models",
    "imapdash.news.models",
    "imapdash.stories.models",
    "imapdash.releases.models",
)


class Base(DeclarativeBase):
    """Declarative base for all imapdash tables."""


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def _sqlite_file(database_url: str) -> Path | None:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def _on_sqlite_connect(dbapi_connection: object, connection_record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def open_engine(database_url: str) -> Engine:
    """Create the engine, the SQLite file's directory and all known tables; no Flask needed."""
    sqlite_file = _sqlite_file(database_url)
    if sqlite_file is not None:
        sqlite_file.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(database_url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
    for module in MODEL_MODULES:
        importlib.import_module(module)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # gunicorn workers boot together: without the lock two create_all race and one crashes
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CREATE_LOCK_KEY})
        Base.metadata.create_all(connection)
    return engine


def init_db(server: flask.Flask, settings: Settings) -> None:
    """Open the database named by `settings.database_url` and attach its engine to `server`."""
    server.extensions[EXTENSION_KEY] = open_engine(settings.database_url)


def get_engine(server: flask.Flask | None = None) -> Engine:
    """Return the engine attached to `server` (default: the current app)."""
    app = server if server is not None else flask.current_app
    try:
        return app.extensions[EXTENSION_KEY]
    except KeyError:
        raise RuntimeError("imapdash.db.init_db(server, settings) was not called") from None


@contextmanager
def session_scope(server: flask.Flask | None = None, *, engine: Engine | None = None) -> Iterator[Session]:
    """Yield a session that commits on success and rolls back on any exception.

    Objects stay readable after the block (expire_on_commit=False), detached from the session.
    """
    bind = engine if engine is not None else get_engine(server)
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
