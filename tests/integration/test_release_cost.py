"""`?release=N` is not a cost lever (issue 16, Medium): loading an evicted release reads a typed
snapshot instead of validating its files again, and cold loads are rate-limited per client."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

import imapdash.releases.provider as provider_module
from imapdash import create_app
from imapdash.datasets import load_datasets
from imapdash.db import open_engine
from imapdash.releases import store
from imapdash.releases.provider import COLD_LOADS_PER_CLIENT, ClientLimit, ReleaseProvider, get_provider
from tests.conftest import FIXTURE_DATA, make_settings


def _build(tmp_path: Path, value: str) -> Path:
    target = tmp_path / f"build-{value}"
    shutil.copytree(FIXTURE_DATA, target)
    path = target / "indicator_values.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("TUN,migrant_stock_total,2024,60,", f"TUN,migrant_stock_total,2024,{value},"), "utf-8")
    return target


def _provider_with_releases(tmp_path: Path, count: int) -> ReleaseProvider:
    engine = open_engine(f"sqlite:///{tmp_path / 'r.db'}")
    provider = ReleaseProvider(engine, tmp_path / "cache", poll_seconds=1e9, max_cached=1)
    provider.start(load_datasets(FIXTURE_DATA), FIXTURE_DATA)
    for n in range(count):
        files = store.read_data_dir(_build(tmp_path, str(61 + n)))
        store.register_build(engine, files, title=str(n), actor="t")
    return provider


def test_an_evicted_release_is_loaded_again_without_validation(tmp_path, monkeypatch):
    provider = _provider_with_releases(tmp_path, 2)  # releases 1, 2, 3; this worker serves 1
    first = provider.get(2)
    calls = []
    original = provider_module.load_datasets
    monkeypatch.setattr(provider_module, "load_datasets", lambda d: calls.append(d) or original(d))
    provider.get(3)  # first load of 3 on this machine: validated once
    assert len(calls) == 1
    for _ in range(3):  # cycling 2 <-> 3 through a one-release cache: every load is cold
        again = provider.get(2)
        provider.get(3)
    assert len(calls) == 1, "an evicted release was validated again"
    for name in first.tables:
        pd.testing.assert_frame_equal(again.tables[name], first.tables[name])
    assert again.version == first.version and again.release == 2
    assert again.frame("flows", include_restricted=True).equals(first.frame("flows", include_restricted=True))


def test_client_limit_is_per_client_and_slides():
    limit = ClientLimit(2, 60.0)
    assert limit.allow("a", 0) and limit.allow("a", 1)
    assert not limit.allow("a", 2)
    assert limit.allow("b", 2)
    assert limit.allow("a", 61)  # the first event left the window


def test_cycling_old_releases_is_rate_limited_per_client(tmp_path):
    base = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, base)
    app = create_app(make_settings(tmp_path, base))
    engine = get_provider(app.server).engine
    for n in range(COLD_LOADS_PER_CLIENT + 2):
        store.register_build(engine, store.read_data_dir(_build(tmp_path, str(61 + n))), title=str(n), actor="t")
    get_provider(app.server).refresh()  # this worker now serves the newest build
    current = store.read_current_number(engine)
    attacker = app.server.test_client()
    url = "/api/v1/indicators/migrant_stock_total.json?iso3=TUN&release={}"
    statuses = [attacker.get(url.format(n)).status_code for n in range(1, current)]
    assert statuses[:COLD_LOADS_PER_CLIENT] == [200] * COLD_LOADS_PER_CLIENT
    assert 429 in statuses[COLD_LOADS_PER_CLIENT:]
    limited = attacker.get(url.format(1))
    assert limited.status_code in (200, 429) and (limited.status_code == 200 or limited.headers["Retry-After"])
    # the current release and other clients are not affected
    assert attacker.get(url.format(current)).status_code == 200
    assert attacker.get("/api/v1/indicators/migrant_stock_total.json?iso3=TUN").status_code == 200
    other = app.server.test_client()
    other_env = {"REMOTE_ADDR": "10.2.3.4"}
    assert other.get(url.format(2), environ_base=other_env).status_code == 200
