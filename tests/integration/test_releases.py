"""Numbered data releases: stored once, validated before they count, pinned per request, switched live."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from imapdash import create_app
from imapdash.cli import main as cli_main
from imapdash.datasets import DatasetError, load_datasets
from imapdash.db import get_engine, open_engine, session_scope
from imapdash.partner import submissions as sub
from imapdash.releases import store
from imapdash.releases.models import DataBlob, DataRelease
from imapdash.releases.provider import ReleaseProvider, get_provider
from tests.conftest import FIXTURE_DATA, make_settings, post_router

VALUE_URL = "/api/v1/indicators/migrant_stock_total.json?iso3=TUN&year=2024"
UPLOAD = (
    "iso3,indicator_id,year,value,period_label,source_org,source_url,vintage\n"
    "TUN,migrant_stock_total,2024,65,2024,INS Tunisia,https://www.ins.tn/,2025-05\n"
)


def tun_2024(client, query: str = "") -> tuple[int, list[float], int | None]:
    response = client.get(VALUE_URL + query)
    body = response.get_json()
    return response.status_code, [r["value"] for r in body.get("rows", [])], body.get("release")


def changed_build(tmp_path: Path, value: str) -> Path:
    """A copy of the fixture data with TUN's 2024 migrant stock set to `value`."""
    target = tmp_path / f"build-{value}"
    shutil.copytree(FIXTURE_DATA, target)
    path = target / "indicator_values.csv"
    text = path.read_text()
    assert ",2024,60,2024," in text
    path.write_text(text.replace("TUN,migrant_stock_total,2024,60,", f"TUN,migrant_stock_total,2024,{value},"))
    return target


def approve(app, datasets) -> None:
    engine = get_engine(app.server)
    result = sub.validate_upload("v.csv", UPLOAD.encode(), country="TUN", datasets=datasets)
    submission = sub.create_submission(engine, result, user="fp-tun", country="TUN")
    with app.server.app_context():
        sub.approve_submission(engine, submission, admin="boss", datasets=datasets)


# --- the store ---------------------------------------------------------------------------------------------------


def test_the_same_build_is_registered_once_and_files_are_stored_once(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'r.db'}")
    files = store.read_data_dir(FIXTURE_DATA)
    assert set(files) == set(store.RELEASE_FILES)
    assert store.register_build(engine, files, title="a", actor="t") == (1, True)
    assert store.register_build(engine, files, title="a", actor="t") == (1, False)
    other = store.read_data_dir(changed_build(tmp_path, "61"))
    assert store.register_build(engine, other, title="b", actor="t") == (2, True)
    with Session(engine) as db:
        assert store.current_number(db) == 2
        # release 2 differs from release 1 by one file: one more blob, not a second copy of everything
        assert db.scalar(select(func.count()).select_from(DataBlob)) == len(files) + 1
        assert store.release_files(db, 1) == files and store.release_files(db, 2) == other


def test_an_invalid_release_is_refused_and_nothing_changes(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'r.db'}")
    files = store.read_data_dir(FIXTURE_DATA)
    store.register_build(engine, files, title="a", actor="t")
    broken = dict(files)
    broken["indicator_values.csv"] = files["indicator_values.csv"].replace(b",2024,60,", b",2024,sixty,")
    with pytest.raises(DatasetError) as caught, session_scope(engine=engine) as db:
        store.create_release(db, broken, kind="build", title="broken", actor="t")
    problem = next(p for p in caught.value.problems if p.file == "indicator_values.csv")
    assert problem.column == "value" and problem.row == 4
    with Session(engine) as db:
        assert store.latest_number(db) == 1 and store.current_number(db) == 1


def test_overrides_replace_their_row_in_place_and_leave_every_other_byte(tmp_path):
    base = (FIXTURE_DATA / "indicator_values.csv").read_bytes()
    overrides = sub.load_overrides(open_engine(f"sqlite:///{tmp_path / 'r.db'}"))
    assert store.apply_overrides_csv(base, overrides) == base
    row = {
        "iso3": "TUN",
        "indicator_id": "migrant_stock_total",
        "year": 2024,
        "value": 65.0,
        "period_label": "2024",
        "source_org": "INS Tunisia",
        "source_url": "https://www.ins.tn/",
        "vintage": "2025-05",
    }
    new = {**row, "year": 2025, "value": 66.5}
    import pandas as pd

    out = store.apply_overrides_csv(base, pd.DataFrame([row, new])).decode().splitlines()
    before = base.decode().splitlines()
    assert len(out) == len(before) + 1
    changed = [i for i, (a, b) in enumerate(zip(before, out, strict=False)) if a != b]
    assert changed == [3]
    assert out[3] == "TUN,migrant_stock_total,2024,65,2024,final,0,INS Tunisia,https://www.ins.tn/,2025-05"
    assert out[-1].startswith("TUN,migrant_stock_total,2025,66.5,")


def test_materialise_writes_aside_then_reuses_the_complete_copy(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'r.db'}")
    store.register_build(engine, store.read_data_dir(FIXTURE_DATA), title="a", actor="t")
    first = store.materialise(engine, 1, tmp_path / "cache")
    assert (first / store.COMPLETE_MARKER).is_file()
    assert load_datasets(first).version == load_datasets(FIXTURE_DATA).version
    (first / "marker-of-reuse").write_text("x")
    assert store.materialise(engine, 1, tmp_path / "cache") == first and (first / "marker-of-reuse").exists()
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["1"], "no staging directory is left behind"


# --- the app ---------------------------------------------------------------------------------------------------


def test_an_approval_is_a_new_release_and_the_old_one_stays_readable(app, client):
    datasets = load_datasets(FIXTURE_DATA)
    assert tun_2024(client) == (200, [60.0], 1)
    approve(app, datasets)
    assert tun_2024(client) == (200, [65.0], 2)
    assert tun_2024(client, "&release=1") == (200, [60.0], 1)
    assert tun_2024(client, "&release=2") == (200, [65.0], 2)
    status, _, _ = tun_2024(client, "&release=9")
    assert status == 404
    assert client.get(VALUE_URL + "&release=9").get_json()["parameter"] == "release"
    releases = get_provider(app.server).list_releases()
    assert [(r["number"], r["kind"], r["current"]) for r in releases] == [(2, "submission", True), (1, "build", False)]


def test_a_second_worker_follows_the_pointer_without_restart(tmp_path):
    """Two apps on one database stand for two workers: a release made by one is served by the other."""
    settings = make_settings(tmp_path, release_poll_seconds=0)
    first, second = create_app(settings), create_app(settings)
    one, two = first.server.test_client(), second.server.test_client()
    assert tun_2024(two) == (200, [60.0], 1)
    approve(first, load_datasets(FIXTURE_DATA))
    assert tun_2024(two) == (200, [65.0], 2)
    # roll back through the CLI, as an operator would: both workers go back to release 1
    env_url = settings.database_url
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IMAPDASH_DATABASE_URL", env_url)
        assert cli_main(["releases", "activate", "1"]) == 0
    assert tun_2024(one) == (200, [60.0], 1) and tun_2024(two) == (200, [60.0], 1)


def test_polling_waits_for_its_interval(tmp_path):
    settings = make_settings(tmp_path, release_poll_seconds=3600)
    app = create_app(settings)
    provider = get_provider(app.server)
    engine = get_engine(app.server)
    with session_scope(engine=engine) as db:
        files = store.release_files(db, 1)
        files["indicator_values.csv"] = files["indicator_values.csv"].replace(b",2024,60,", b",2024,62,")
        store.create_release(db, files, kind="build", title="second", actor="t")
    client = app.server.test_client()
    assert tun_2024(client) == (200, [60.0], 1), "within the interval the worker keeps its release"
    assert provider.refresh() is True
    assert tun_2024(client) == (200, [62.0], 2)


def test_a_new_bundled_build_keeps_the_approved_values(tmp_path):
    settings = make_settings(tmp_path)
    app = create_app(settings)
    approve(app, load_datasets(FIXTURE_DATA))
    rebuilt = changed_build(tmp_path, "61")  # the data team rebuilds; TUN 2024 is still approved at 65
    newer = create_app(make_settings(tmp_path, data_dir=rebuilt))
    client = newer.server.test_client()
    assert tun_2024(client) == (200, [65.0], 3)
    info = store.get_release(get_engine(newer.server), 3)
    assert info["kind"] == "build" and "1 approved partner value(s) carried over" in info["note"]


def test_cli_import_refuses_invalid_data_and_registers_valid_data(tmp_path, capsys):
    settings = make_settings(tmp_path)
    create_app(settings)
    broken = changed_build(tmp_path, "lots")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IMAPDASH_DATABASE_URL", settings.database_url)
        assert cli_main(["releases", "import", str(broken)]) == 1
        err = capsys.readouterr().err
        assert "nothing was imported" in err and "indicator_values.csv" in err and "value" in err
        assert cli_main(["releases", "import", str(changed_build(tmp_path, "63"))]) == 0
        assert "Release 2 created" in capsys.readouterr().out
        assert cli_main(["releases", "list"]) == 0
        listing = capsys.readouterr().out
        assert cli_main(["releases", "diff", "1", "2"]) == 0
        diff = capsys.readouterr().out
        assert cli_main(["releases", "diff", "1", "5"]) == 1
        assert "release 5 does not exist" in capsys.readouterr().err
    assert "Release 1 -> 2" in diff and "indicator_values: 0 added, 0 removed, 1 changed (value 1)" in diff
    assert "*    2" in listing and "     1" in listing
    with Session(open_engine(settings.database_url)) as db:
        assert [r.number for r in db.scalars(select(DataRelease))] == [1, 2]


def test_a_release_switch_is_audited(app):
    approve(app, load_datasets(FIXTURE_DATA))
    from imapdash.auth.models import AuditEvent

    with Session(get_engine(app.server)) as db:
        events = [(e.action, e.target) for e in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert ("release.created", "release/2") in events and ("release.activated", "release/2") in events
    assert events.index(("release.activated", "release/2")) < events.index(
        next(e for e in events if e[0] == "submission.approved")
    )


def test_the_provider_keeps_a_bounded_number_of_releases(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'r.db'}")
    build = load_datasets(FIXTURE_DATA)
    provider = ReleaseProvider(engine, tmp_path / "cache", poll_seconds=0, max_cached=2)
    provider.start(build, FIXTURE_DATA)
    for value in ("61", "62", "63"):
        store.register_build(engine, store.read_data_dir(changed_build(tmp_path, value)), title=value, actor="t")
    for number in (1, 2, 3):
        assert provider.get(number).release == number
    assert provider.current().release == 4
    assert len(provider._cache) <= 2
    assert provider.get(99) is None


def router_text(client, pathname: str, search: str = "", **extra) -> str:
    """The router callback for `pathname`, posted the way the browser does (plus `extra` body keys)."""
    response = post_router(client, pathname, search, **extra)
    assert response.status_code == 200
    return json.dumps(response.get_json(), ensure_ascii=False)


def test_a_callback_reads_the_release_its_page_pins(app, client):
    """The renderer hook copies the page's ?release= into each callback body; the server honours it."""
    index = client.get("/").get_data(as_text=True)
    assert "request_pre" in index and "imapdash_release" in index
    approve(app, load_datasets(FIXTURE_DATA))
    current = router_text(client, "/country/TUN")
    pinned = router_text(client, "/country/TUN", "?release=1", imapdash_release="1")
    assert "INS Tunisia" in current and "INS Tunisia" not in pinned
    assert "You are viewing data release 1" in pinned and "/releases?from=1&to=2" in pinned
    assert "You are viewing data release" not in current
    missing = router_text(client, "/country/TUN", "?release=7", imapdash_release="7")
    assert "Data release 7 does not exist" in missing and "INS Tunisia" in missing


def test_a_page_rendered_after_a_new_release_shows_it(app):
    # no layout memo any more (issue 12): every render reads the release of its own request
    from imapdash.shell import render_page
    from imapdash.views import VIEWS

    datasets = app.server.extensions["imapdash.datasets"]
    with app.server.test_request_context("/"):
        first = render_page(datasets, VIEWS, "/country/TUN", "", "en")
        assert str(render_page(datasets, VIEWS, "/country/TUN", "", "en")) == str(first)
    approve(app, load_datasets(FIXTURE_DATA))
    with app.server.test_request_context("/"):
        after = render_page(datasets, VIEWS, "/country/TUN", "", "en")
        assert after is not first and "INS Tunisia" in str(after) and "INS Tunisia" not in str(first)
