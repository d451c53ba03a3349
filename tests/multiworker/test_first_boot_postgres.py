"""First boot of several workers on a fresh PostgreSQL database is idempotent (issue 16, Medium).

The SQLite counterpart is tests/integration/test_first_boot.py; here the tables and the first release
are serialised by PostgreSQL advisory locks. Several processes boot the app at the same instant on a
new, empty database, several rounds in a row.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from imapdash.db import open_engine
from imapdash.releases.store import list_releases
from tests.conftest import FIXTURE_DATA
from tests.integration.test_first_boot import WORKERS, _boot

pytestmark = pytest.mark.multiworker


@pytest.mark.parametrize("round_", range(3))
def test_several_workers_boot_together_on_a_fresh_postgres_database(postgres_url: str, tmp_path: Path, round_: int):
    name = f"fresh_boot_{round_}_{tmp_path.name[-8:].lower().replace('-', '_')}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = postgres_url.rsplit("/", 1)[0] + f"/{name}"
    kwargs = {
        "data_dir": FIXTURE_DATA,
        "instance_dir": tmp_path / "instance",
        "secret_key": "test-secret-key",
        "database_url": url,
    }
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(WORKERS), context.Queue()
    workers = [context.Process(target=_boot, args=(barrier, kwargs, results)) for _ in range(WORKERS)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=180) for _ in workers]
    for worker in workers:
        worker.join(30)
    errors = [detail for kind, detail, _ in outcomes if kind != "ok"]
    assert not errors, errors[0]
    assert {(status, release) for _, status, release in outcomes} == {(200, 1)}
    engine = open_engine(url)
    assert [r["number"] for r in list_releases(engine)] == [1]
    engine.dispose()
