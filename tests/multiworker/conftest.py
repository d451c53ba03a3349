"""Real services for the multi-worker tests: PostgreSQL, Redis and `gunicorn -w 2 app:server`.

Each service is started from its Debian binaries in a temporary directory on a free loopback port
and stopped at the end of the session; when a binary is missing the tests are skipped (failed under CI=true) with the
package to install (Debian: `postgresql redis-server`). PostgreSQL refuses to run as root, so as
root `initdb`/`pg_ctl` run through `runuser -u postgres`.

Gunicorn runs with IMAPDASH_EXPOSE_WORKER=1 so every response names the worker pid that answered
(`X-Imapdash-Worker`); sync workers close the connection after each response, so consecutive
requests from one `requests.Session` land on either worker.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
FIXTURE_DATA = REPO / "tests" / "fixtures" / "data"
PASSWORD = "correct horse battery staple 42"
PARTNER = "partner.one"
WORKER_HEADER = "X-Imapdash-Worker"
USER_LIMIT = 5

pytestmark = pytest.mark.multiworker


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_port(port: int, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before listening on {port}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def _pg_bin() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def unavailable(reason: str) -> NoReturn:
    """Skip on a developer's machine without the service; fail in CI, where scripts/test.sh installs it."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must run the multi-worker tests")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throw-away PostgreSQL cluster on a free loopback port; yields its SQLAlchemy URL."""
    bindir = _pg_bin()
    if bindir is None:
        unavailable("PostgreSQL binaries not found (Debian: apt-get install postgresql)")
    as_root = os.geteuid() == 0
    if as_root and shutil.which("runuser") is None:
        unavailable("running as root without runuser: cannot start PostgreSQL as an unprivileged user")
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    base = Path(tempfile.mkdtemp(prefix="imapdash-pg-"))
    if as_root:
        shutil.chown(base, "postgres")
    data, port = base / "data", free_port()
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "imapdash", "-E", "UTF8", "--no-sync"],
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "log"), "-w", "start"],
        check=True,
        capture_output=True,
    )
    try:
        subprocess.run(
            [*prefix, str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "imapdash", "imapdash"],
            check=True,
            capture_output=True,
        )
        yield f"postgresql+psycopg://imapdash@127.0.0.1:{port}/imapdash"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A redis-server without persistence on a free loopback port."""
    binary = shutil.which("redis-server")
    if binary is None:
        unavailable("redis-server not found (Debian: apt-get install redis-server)")
    port = free_port()
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--protected-mode",
            "yes",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_port(port, 15, proc)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)


@dataclass(frozen=True)
class Deployment:
    """A running `gunicorn -w 2` over PostgreSQL and Redis."""

    base_url: str
    env: dict[str, str]
    master_pid: int

    def url(self, path: str) -> str:
        return self.base_url + path

    def cli(self, *args: str, password: str | None = None) -> subprocess.CompletedProcess:
        env = dict(self.env)
        if password is not None:
            env["IMAPDASH_PASSWORD"] = password
        return subprocess.run(
            [sys.executable, "-m", "imapdash", *args], cwd=REPO, env=env, capture_output=True, text=True, check=False
        )


@pytest.fixture(scope="session")
def deployment(postgres_url: str, redis_url: str, tmp_path_factory) -> Iterator[Deployment]:
    """Two gunicorn workers sharing PostgreSQL and Redis, with one partner account created by the CLI."""
    instance = tmp_path_factory.mktemp("multiworker")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMAPDASH_")}
    env.update(
        {
            "IMAPDASH_DATABASE_URL": postgres_url,
            "IMAPDASH_REDIS_URL": redis_url,
            "IMAPDASH_SECRET_KEY": "multiworker-test-secret-key-0123456789",
            "IMAPDASH_ARGON2_PROFILE": "test",
            "IMAPDASH_DATA_DIR": str(FIXTURE_DATA),
            "IMAPDASH_INSTANCE_DIR": str(instance),
            "IMAPDASH_EXPOSE_WORKER": "1",
            "IMAPDASH_RELEASE_POLL_SECONDS": "1",
            "IMAPDASH_LOGIN_LIMIT_IP": "1000 per 15 minutes",
            "IMAPDASH_LOGIN_LIMIT_USER": f"{USER_LIMIT} per 15 minutes",
        }
    )
    probe = Deployment("", env, 0)
    # The CLI creates the tables (the "migrate" step of docs/deployment.md) before any worker starts.
    added = probe.cli(
        "users", "add", PARTNER, "--role", "partner_agency", "--organisation", "Test agency", password=PASSWORD
    )
    assert added.returncode == 0, added.stderr
    log = (instance / "gunicorn.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "60", "app:server"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_port(port, 90, proc)
        deployment = Deployment(f"http://127.0.0.1:{port}", env, proc.pid)
        _wait_for_workers(deployment)
        yield deployment
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _wait_for_workers(deployment: Deployment, timeout: float = 90) -> None:
    """Block until both workers answer /healthz (each builds the app after the fork)."""
    seen: set[str] = set()
    deadline = time.monotonic() + timeout
    while len(seen) < 2 and time.monotonic() < deadline:
        try:
            response = requests.get(deployment.url("/healthz"), timeout=30)
        except requests.ConnectionError:
            time.sleep(0.2)
            continue
        if response.ok:
            seen.add(response.headers[WORKER_HEADER])
        time.sleep(0.05)
    assert len(seen) == 2, f"only workers {seen} answered within {timeout} s"


def csrf_token(session: requests.Session, url: str) -> str:
    """The CSRF token of the form at `url`, fetched with `session`'s cookies."""
    page = session.get(url, timeout=30)
    page.raise_for_status()
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page.text
    )
    assert match, "no CSRF token in the form"
    return match.group(1)


def login(deployment: Deployment, username: str = PARTNER, password: str = PASSWORD) -> requests.Session:
    """A session logged in through the form (the token and the POST may hit different workers)."""
    session = requests.Session()
    token = csrf_token(session, deployment.url("/login"))
    response = session.post(
        deployment.url("/login"),
        data={"csrf_token": token, "username": username, "password": password, "next": "/"},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:500]
    return session
