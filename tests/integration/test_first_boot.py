"""First boot of several workers on a fresh SQLite database is idempotent (issue 16, Medium).

`gunicorn -w 2 app:server` on a fresh database failed intermittently: both workers registered the
bundled data as release 1 (`UNIQUE constraint failed: data_blobs.sha256`) or raced creating tables,
and the master shut down. Here several processes boot the app at the same instant, many times over.
"""

from __future__ import annotations

import multiprocessing
import traceback
from pathlib import Path

import pytest

from imapdash import create_app  # imported before forking: workers share the imports, boot faster
from imapdash.settings import Settings
from tests.conftest import FIXTURE_DATA

WORKERS = 3
ROUNDS = 4


def _boot(barrier, settings_kwargs: dict, results) -> None:
    try:
        settings = Settings(**settings_kwargs)
        barrier.wait(30)
        app = create_app(settings)
        response = app.server.test_client().get("/healthz")
        results.put(("ok", response.status_code, response.get_json()["release"]))
    except Exception:
        results.put(("error", traceback.format_exc(limit=3), None))


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_several_workers_boot_together_on_a_fresh_database(tmp_path: Path, round_: int) -> None:
    kwargs = {
        "data_dir": FIXTURE_DATA,
        "instance_dir": tmp_path / "instance",
        "secret_key": "test-secret-key",
        "database_url": f"sqlite:///{tmp_path / 'fresh.db'}",
    }
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(WORKERS), context.Queue()
    workers = [context.Process(target=_boot, args=(barrier, kwargs, results)) for _ in range(WORKERS)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(30)
    errors = [detail for kind, detail, _ in outcomes if kind != "ok"]
    assert not errors, errors[0]
    assert {(status, release) for _, status, release in outcomes} == {(200, 1)}

    from imapdash.db import open_engine
    from imapdash.releases.store import list_releases

    engine = open_engine(kwargs["database_url"])
    assert [r["number"] for r in list_releases(engine)] == [1]
    engine.dispose()
