"""Logins, logout, login limits, cache and API behave the same whichever gunicorn worker answers.

Every test drives the real deployment of `conftest.deployment` (two workers over PostgreSQL and
Redis) over loopback HTTP and checks, through `X-Imapdash-Worker`, that both workers took part.
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from imapdash.ids import Partner, Shell

from .conftest import (
    PARTNER,
    REPO,
    USER_LIMIT,
    WORKER_HEADER,
    Deployment,
    _wait_for_workers,
    _wait_port,
    csrf_token,
    free_port,
    login,
)

pytestmark = pytest.mark.multiworker

RESTRICTED = "/api/v1/flows.json?restricted=1&period_type=month"  # the partner-only rows are monthly


def _until_both_workers(
    session: requests.Session,
    deployment: Deployment,
    path: str,
    *,
    tries: int = 200,
) -> tuple[set[str], set[int]]:
    """GET `path` until both workers answered (at most `tries` times); returns pids and status codes.

    Requests go four at a time: one after another, a sync worker that answers fast can win every accept on
    a loaded machine, and the other worker never takes part (seen in CI)."""
    pids: set[str] = set()
    statuses: set[int] = set()
    sent = 0
    with ThreadPoolExecutor(max_workers=4) as pool:
        while sent < tries:
            batch = list(pool.map(lambda _: session.get(deployment.url(path), timeout=30), range(4)))
            sent += len(batch)
            for response in batch:
                pids.add(response.headers[WORKER_HEADER])
                statuses.add(response.status_code)
            if len(pids) == 2 and sent >= 12:
                break
    return pids, statuses


def test_tables_live_in_postgresql(deployment: Deployment) -> None:
    engine = create_engine(deployment.env["IMAPDASH_DATABASE_URL"])
    try:
        with engine.connect() as conn:
            users = conn.execute(text("SELECT username, role FROM users")).all()
            actions = {row[0] for row in conn.execute(text("SELECT action FROM audit_events"))}
    finally:
        engine.dispose()
    assert (PARTNER, "partner_agency") in [tuple(u) for u in users]
    assert "user.added" in actions


def test_anonymous_is_refused_by_every_worker(deployment: Deployment) -> None:
    pids, statuses = _until_both_workers(requests.Session(), deployment, RESTRICTED)
    assert len(pids) == 2
    assert statuses == {403}


def test_login_is_honoured_by_both_workers(deployment: Deployment) -> None:
    session = login(deployment)
    pids, statuses = _until_both_workers(session, deployment, RESTRICTED)
    assert len(pids) == 2, "only one worker answered; cannot tell whether the session is shared"
    assert statuses == {200}
    rows = session.get(deployment.url(RESTRICTED), timeout=30).json()["rows"]
    assert any(row["restricted"] for row in rows)


def test_logout_revokes_the_cookie_on_every_worker(deployment: Deployment) -> None:
    session = login(deployment)
    stolen = requests.Session()
    stolen.cookies.update(session.cookies)
    assert stolen.get(deployment.url(RESTRICTED), timeout=30).status_code == 200
    token = csrf_token(session, deployment.url("/logout"))
    assert session.post(deployment.url("/logout"), data={"csrf_token": token}, timeout=30).status_code == 200
    pids, statuses = _until_both_workers(stolen, deployment, RESTRICTED)
    assert len(pids) == 2
    assert statuses == {403}, "a copy of the logged-out cookie still works on some worker"


def test_login_limit_counts_failures_across_workers(deployment: Deployment) -> None:
    username = "nobody.ratelimit"

    def fail_once(_: int) -> tuple[int, str]:
        session = requests.Session()
        token = csrf_token(session, deployment.url("/login"))
        response = session.post(
            deployment.url("/login"),
            data={"csrf_token": token, "username": username, "password": "wrong password 123"},
            timeout=30,
        )
        return response.status_code, response.headers[WORKER_HEADER]

    with ThreadPoolExecutor(max_workers=2) as pool:  # two at once: both workers are kept busy
        failures = list(pool.map(fail_once, range(USER_LIMIT)))
    assert [status for status, _ in failures] == [200] * USER_LIMIT
    limited, pid = fail_once(USER_LIMIT)
    assert limited == 429
    answered = {pid, *(p for _, p in failures)}
    assert len(answered) == 2, f"all attempts hit worker {answered}; the test did not exercise sharing"


def test_aggregates_are_cached_once_for_all_workers(deployment: Deployment, redis_url: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    before = set(client.scan_iter(match="imapdash:flows.by_route:*"))
    path = "/api/v1/flows/by-route.json?from=2023&to=2024&measure=detections"
    bodies = []
    pids: set[str] = set()
    # a new connection per request, until both workers have answered (which worker accepts is up to the OS)
    for attempt in range(200):
        response = requests.get(deployment.url(path), timeout=30, headers={"Connection": "close"})
        assert response.status_code == 200
        bodies.append(response.json())
        pids.add(response.headers[WORKER_HEADER])
        if attempt >= 39 and len(pids) == 2:
            break
    assert len(pids) == 2
    assert all(body == bodies[0] for body in bodies)
    assert bodies[0]["rows"][0] == {
        "route_id": "central-mediterranean",
        "source_org": "Frontex",
        "value": 1600,
        "periods": 2,
        "partial": False,
    }
    new_keys = set(client.scan_iter(match="imapdash:flows.by_route:*")) - before
    assert len(new_keys) == 1
    usage = {k.decode() for k in client.scan_iter(match="imapdash:usage:*flows_by_route")}
    assert usage and int(client.get(usage.pop())) >= 40


def test_audit_events_are_append_only_in_postgresql(deployment: Deployment) -> None:
    engine = create_engine(deployment.env["IMAPDASH_DATABASE_URL"])
    try:
        for statement in ("UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"):
            with engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
                conn.execute(text(statement))
    finally:
        engine.dispose()


def test_two_workers_start_together_on_an_empty_database(deployment: Deployment, tmp_path) -> None:
    """Both workers run create_all at boot; on PostgreSQL that must not race into a crash."""
    admin = create_engine(deployment.env["IMAPDASH_DATABASE_URL"], isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("CREATE DATABASE fresh_start"))
    finally:
        admin.dispose()
    env = dict(deployment.env)
    env["IMAPDASH_DATABASE_URL"] = deployment.env["IMAPDASH_DATABASE_URL"].rsplit("/", 1)[0] + "/fresh_start"
    port = free_port()
    with (tmp_path / "gunicorn.log").open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "app:server"],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_port(port, 90, proc)
            _wait_for_workers(Deployment(f"http://127.0.0.1:{port}", env, proc.pid))
            assert proc.poll() is None
        finally:
            proc.terminate()
            proc.wait(30)
    assert "Traceback" not in (tmp_path / "gunicorn.log").read_text()


def test_a_submission_made_through_one_worker_is_seen_by_both(deployment: Deployment) -> None:
    """A focal point submits through the Dash callback; the submission's JSON is served by every worker."""
    import base64
    import json
    import re

    deps = requests.get(deployment.url("/_dash-dependencies"), timeout=30).json()
    output = f"{Partner.SUBMIT_RESULT}.children"
    inputs = [(Partner.SUBMIT, "n_clicks")]
    state = [(Partner.UPLOAD, "contents"), (Partner.UPLOAD, "filename"), (Shell.ROOT, "lang")]
    assert_callback(deps, output, inputs, state)
    username = "focal.ita"
    added = deployment.cli(
        "users", "add", username, "--role", "focal_point", "--country", "ITA", password="another long passphrase 77"
    )
    assert added.returncode == 0, added.stderr
    session = login(deployment, username, "another long passphrase 77")
    header = "iso3,indicator_id,year,value,period_label,source_org,source_url,vintage\n"
    row = (
        "ITA,migrant_stock_total,2024,6600,2024,UN DESA,"
        "https://www.un.org/development/desa/pd/content/international-migrant-stock,IMS 2024\n"
    )
    contents = "data:text/csv;base64," + base64.b64encode((header + row).encode()).decode()
    body = {
        "output": output,
        "outputs": {"id": Partner.SUBMIT_RESULT, "property": "children"},
        "inputs": [{"id": Partner.SUBMIT, "property": "n_clicks", "value": 1}],
        "changedPropIds": [f"{Partner.SUBMIT}.n_clicks"],
        "state": [
            {"id": id_, "property": prop, "value": value}
            for (id_, prop), value in zip(state, [contents, "ita.csv", None], strict=True)
        ],
    }
    response = session.post(deployment.url("/_dash-update-component"), json=body, timeout=30)
    assert response.status_code == 200, response.text[:300]
    match = re.search(r"Submission (\d+) stored", json.dumps(response.json()))
    assert match, response.text[:300]
    path = f"/partner/submissions/{match.group(1)}.json"
    pids, statuses = _until_both_workers(session, deployment, path)
    assert len(pids) == 2 and statuses == {200}
    item = session.get(deployment.url(path), timeout=30).json()
    assert item["country"] == "ITA" and item["rows"][0]["value"] == 6600


def assert_callback(deps: list[dict], output: str, inputs: list[tuple[str, str]], state: list[tuple[str, str]]) -> None:
    """Fail (never skip) unless the app registers a callback for `output` with exactly these inputs and state.

    The test posts to that callback by id: a renamed id, a removed callback or a changed signature must
    show up as a failure naming what the app registers now, not as a silently skipped test.
    """
    found = [d for d in deps if d["output"] == output]
    assert found, f"no callback writes {output}; the app's outputs: {sorted(d['output'] for d in deps)}"
    registered_inputs = [(i["id"], i["property"]) for i in found[0]["inputs"]]
    registered_state = [(s["id"], s["property"]) for s in found[0]["state"]]
    assert (registered_inputs, registered_state) == (inputs, state), f"{output} is now wired as {found[0]}"


TUN_STOCK_2024 = "/api/v1/indicators/migrant_stock_total.json?iso3=TUN&year=2024"


def _until_every_worker_serves(
    deployment: Deployment, path: str, release: int, values: list[float], *, deadline_seconds: float = 20
) -> dict[str, tuple[int, list[float]]]:
    """GET `path` on new connections until both workers' latest answers are (`release`, `values`).

    Fails after `deadline_seconds` naming what each worker served last. Returns {pid: (release, values)}.
    """
    import time

    latest: dict[str, tuple[int, list[float]]] = {}
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        response = requests.get(deployment.url(path), timeout=30, headers={"Connection": "close"})
        assert response.status_code == 200, response.text[:300]
        body = response.json()
        latest[response.headers[WORKER_HEADER]] = (body["release"], [row["value"] for row in body["rows"]])
        if len(latest) == 2 and all(answer == (release, values) for answer in latest.values()):
            return latest
        time.sleep(0.05)
    pytest.fail(
        f"after {deadline_seconds} s not every worker serves release {release} with {values} for "
        f"{path}; last answers by worker pid: {latest}"
    )


def test_a_release_imported_by_the_cli_is_followed_by_both_workers_and_rolled_back(
    deployment: Deployment, tmp_path
) -> None:
    """`releases import DIR` makes a new current release, `releases activate N` rolls back; no restart."""
    import re
    import shutil
    from pathlib import Path

    from .conftest import FIXTURE_DATA

    log_path = Path(deployment.env["IMAPDASH_INSTANCE_DIR"]) / "gunicorn.log"
    log_start = log_path.stat().st_size
    engine = create_engine(deployment.env["IMAPDASH_DATABASE_URL"])
    try:
        with engine.connect() as conn:
            before = conn.execute(text("SELECT number FROM data_release_pointer")).scalar_one()
            latest = conn.execute(text("SELECT max(number) FROM data_releases")).scalar_one()
    finally:
        engine.dispose()
    _until_every_worker_serves(deployment, TUN_STOCK_2024, before, [60.0])

    build = tmp_path / "build"
    shutil.copytree(FIXTURE_DATA, build)
    values = build / "indicator_values.csv"
    original = values.read_text()
    assert original.count("TUN,migrant_stock_total,2024,60,") == 1
    values.write_text(original.replace("TUN,migrant_stock_total,2024,60,", "TUN,migrant_stock_total,2024,66,"))

    imported = deployment.cli("releases", "import", str(build), "--actor", "multiworker-test")
    assert imported.returncode == 0, imported.stderr
    created = re.search(r"Release (\d+) created", imported.stdout)
    assert created, imported.stdout
    number = int(created.group(1))
    assert number == latest + 1 and number != before
    answers = _until_every_worker_serves(deployment, TUN_STOCK_2024, number, [66.0])
    assert len(answers) == 2
    # a page pinned to the old release still gets the old value from either worker
    pinned = _until_every_worker_serves(deployment, TUN_STOCK_2024 + f"&release={before}", before, [60.0])
    assert len(pinned) == 2

    rolled_back = deployment.cli("releases", "activate", str(before), "--actor", "multiworker-test")
    assert rolled_back.returncode == 0, rolled_back.stderr
    assert f"Release {before} is now current" in rolled_back.stdout
    _until_every_worker_serves(deployment, TUN_STOCK_2024, before, [60.0])
    listing = deployment.cli("releases", "list")
    assert listing.returncode == 0, listing.stderr
    assert re.search(rf"^\*\s+{before}\s", listing.stdout, re.MULTILINE), listing.stdout
    assert re.search(rf"^\s+{number}\s", listing.stdout, re.MULTILINE), listing.stdout

    with log_path.open() as log:
        log.seek(log_start)
        written = log.read()
    assert "Traceback" not in written, written[-3000:]


def test_a_renamed_callback_id_fails_the_submission_test_instead_of_skipping_it() -> None:
    """assert_callback fails, naming the app's outputs, when the id the submission test posts to is gone."""
    wired = {
        "output": "partner-upload-outcome.children",  # SUBMIT_RESULT renamed in the app
        "inputs": [{"id": Partner.SUBMIT, "property": "n_clicks"}],
        "state": [],
    }
    with pytest.raises(AssertionError, match=r"partner-upload-outcome\.children"):
        assert_callback([wired], f"{Partner.SUBMIT_RESULT}.children", [(Partner.SUBMIT, "n_clicks")], [])
    with pytest.raises(AssertionError, match="now wired as"):
        assert_callback(
            [{**wired, "output": f"{Partner.SUBMIT_RESULT}.children"}],
            f"{Partner.SUBMIT_RESULT}.children",
            [(Partner.SUBMIT, "n_clicks")],
            [(Partner.UPLOAD, "contents")],
        )
