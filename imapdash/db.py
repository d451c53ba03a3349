"""SQLAlchemy engine, declarative base and session scope shared by every model of the app.

`init_db(server, settings)` is called by the factory; command-line tools that need no Flask app
call `open_engine(database_url)` instead. SQLite (the default) runs with WAL, so readers do not
block the writer, and with foreign keys enforced.
"""

from __future__ import annotations

import fcntl
import importlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import flask
from sqlalchemy import DateTime, Engine, create_engine, event, exc, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.types import TypeDecorator

from imapdash.settings import Settings

EXTENSION_KEY = "imapdash.db"
HEALTH_KEY = "imapdash.db.health"
HEALTH_RECHECK_SECONDS = 30.0  # /healthz re-runs the (page-reading) check at most this often
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


@contextmanager
def sqlite_file_lock(engine: Engine) -> Iterator[None]:
    """Hold an exclusive lock beside a SQLite file (no-op for other databases and in-memory SQLite).

    SQLite's own locking cannot serialise "check, then create" sequences (CREATE TABLE and the first
    release run in separate implicit transactions), so workers booting together on a fresh file raced:
    "table ... already exists", "UNIQUE constraint failed: data_blobs.sha256" (issue 16). A SQLite
    database lives on one machine, so an flock on `<file>.lock` serialises every worker that uses it.
    PostgreSQL uses advisory transaction locks instead.
    """
    sqlite_file = _sqlite_file(engine.url.render_as_string(hide_password=False))
    if sqlite_file is None:
        yield
        return
    with open(sqlite_file.with_name(sqlite_file.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class DatabaseHealthError(RuntimeError):
    """The database cannot be used (damaged file, unreachable server); the message says which and why."""


def check_database(engine: Engine) -> str | None:
    """None when the database answers and (SQLite) `PRAGMA quick_check` finds nothing; else the problem.

    quick_check reads every page (it skips only the index-content cross-check), so a damaged page or
    header is found here rather than as a 500 on the first login (issue 16).
    """
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                rows = [str(r[0]) for r in connection.exec_driver_sql("PRAGMA quick_check(5)")]
                if rows != ["ok"]:
                    return "SQLite quick_check: " + "; ".join(rows)[:500]
            else:
                connection.execute(text("SELECT 1"))
    except exc.SQLAlchemyError as error:
        return f"{type(error.orig or error).__name__}: {str(error.orig or error).splitlines()[0][:300]}"
    return None


def open_engine(database_url: str) -> Engine:
    """Create the engine, the SQLite file's directory and all known tables; no Flask needed.

    Raises DatabaseHealthError (a readable message, no traceback needed) when the database is damaged.
    """
    sqlite_file = _sqlite_file(database_url)
    if sqlite_file is not None:
        sqlite_file.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(database_url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
    if sqlite_file is not None and sqlite_file.is_file() and sqlite_file.stat().st_size > 0:
        problem = check_database(engine)
        if problem is not None:
            engine.dispose()
            raise DatabaseHealthError(
                f"the database {sqlite_file} is damaged ({problem}).\n"
                "Restore it from a backup (see docs/deployment.md), or move it aside to start afresh."
            )
    for module in MODEL_MODULES:
        importlib.import_module(module)
    with sqlite_file_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # gunicorn workers boot together: without the lock two create_all race and one crashes
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CREATE_LOCK_KEY})
        Base.metadata.create_all(connection)
    return engine


def init_db(server: flask.Flask, settings: Settings) -> None:
    """Open the database named by `settings.database_url` and attach its engine to `server`."""
    server.extensions[EXTENSION_KEY] = open_engine(settings.database_url)
    server.extensions[HEALTH_KEY] = _Health()


class _Health:
    """The last database check of this worker, re-run at most every HEALTH_RECHECK_SECONDS."""

    def __init__(self) -> None:
        self.checked = 0.0
        self.problem: str | None = None
        self.lock = threading.Lock()


def database_problem(server: flask.Flask | None = None) -> str | None:
    """This worker's view of the database: None when healthy, else what is wrong (cached briefly)."""
    app = server if server is not None else flask.current_app
    health: _Health = app.extensions.setdefault(HEALTH_KEY, _Health())
    with health.lock:
        if time.monotonic() - health.checked >= HEALTH_RECHECK_SECONDS or health.checked == 0.0:
            health.problem = check_database(get_engine(app))
            health.checked = time.monotonic()
        return health.problem


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
