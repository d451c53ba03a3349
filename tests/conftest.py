"""Shared fixtures: settings and apps over tiny fixture data or the bundled data, and Chromium options."""

from __future__ import annotations

import re
import shutil
import socket
import time
from pathlib import Path

import pytest
from selenium.webdriver.chrome.options import Options

from imapdash import create_app
from imapdash.settings import Settings

REPO = Path(__file__).resolve().parent.parent
FIXTURE_DATA = REPO / "tests" / "fixtures" / "data"
BUNDLED_DATA = REPO / "data"
CHROMIUM = "/usr/bin/chromium"


def make_settings(tmp_path: Path, data_dir: Path = FIXTURE_DATA, **overrides) -> Settings:
    """Settings for a test app: its own instance dir and SQLite file under tmp_path."""
    values = {
        "data_dir": data_dir,
        "instance_dir": tmp_path / "instance",
        "secret_key": "test-secret-key",
        "database_url": f"sqlite:///{tmp_path / 'test.db'}",
        "argon2_profile": "test",  # cheap password hashes keep the suite fast
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def app(settings: Settings):
    return create_app(settings)


@pytest.fixture
def client(app):
    return app.server.test_client()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture data directory, for tests that break a file."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


@pytest.fixture(scope="session")
def bundled_app(tmp_path_factory):
    """The app over the real bundled data/ (built from the reference data), shared by a session."""
    tmp = tmp_path_factory.mktemp("bundled")
    return create_app(make_settings(tmp, BUNDLED_DATA))


@pytest.fixture
def bundled_client(bundled_app):
    return bundled_app.server.test_client()


TEST_PASSWORD = "correct horse battery"
CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def add_user(server, username: str, role: str, country: str | None = None, password: str = TEST_PASSWORD) -> None:
    """An account in the app's database (cheap `test` hash profile to keep tests fast)."""
    from imapdash.auth.models import User
    from imapdash.auth.passwords import hash_password
    from imapdash.db import session_scope

    with session_scope(server) as db:
        db.add(
            User(
                username=username,
                role=role,
                country_iso3=country,
                password_hash=hash_password(password, profile="test"),
            )
        )


def log_in(client, username: str, password: str = TEST_PASSWORD):
    """Log `client` in through the real form (CSRF token included); returns the client."""
    token = CSRF_FIELD.search(client.get("/login").get_data(as_text=True))[1]
    response = client.post("/login", data={"csrf_token": token, "username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def logged_in(app, username: str, role: str, country: str | None = None):
    """A new test client logged in as a new account with `role`."""
    add_user(app.server, username, role, country)
    return log_in(app.server.test_client(), username)


def free_port() -> int:
    """A TCP port nobody listens on right now (so parallel browser tests do not collide)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Tiers that share one costly session fixture (the visual tier's live app and one Chromium per screen size;
# PostgreSQL, Redis and gunicorn of the multi-worker tests) run on one pytest-xdist worker each
# (scripts/test.sh runs `-n 2 --dist loadgroup`); every other test goes to whichever worker is free.
XDIST_GROUPS = {"tests/visual/": "visual", "tests/multiworker/": "multiworker"}


def pytest_collection_modifyitems(items):
    for item in items:
        path = item.path.as_posix()
        for folder, group in XDIST_GROUPS.items():
            if f"/{folder}" in path:
                item.add_marker(pytest.mark.xdist_group(group))


def pytest_setup_options():
    """Chromium for dash_duo: headless, and unable to resolve any host but 127.0.0.1 (offline room)."""
    options = Options()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1000",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
    ):
        options.add_argument(flag)
    return options


@pytest.fixture
def start_app(dash_duo):
    """Start an app in a thread on a free port and open it; returns the dash_duo driver."""

    def _start(app, path: str = "/"):
        dash_duo.start_server(app, port=free_port())
        if path != "/":
            dash_duo.driver.get(dash_duo.server_url + path)
        return dash_duo

    return _start


EXTERNAL_REQUESTS_JS = """
return performance.getEntriesByType('resource').map(e => e.name)
  .filter(n => !n.startsWith(location.origin) && !n.startsWith('data:') && !n.startsWith('blob:'));
"""


# Records every callback request the page sends (install before the page's scripts run:
# Page.addScriptToEvaluateOnNewDocument), so a test can say which callbacks an interaction fired.
RECORD_CALLBACKS_JS = """
window.__callbacks = [];
const original = window.fetch;
window.fetch = function (url, init) {
  if (String(url).indexOf('_dash-update-component') >= 0 && init && init.body) {
    try {
      const body = JSON.parse(init.body);
      window.__callbacks.push({output: body.output, changed: body.changedPropIds || [], at: performance.now()});
    } catch (e) { /* not JSON: not a callback */ }
  }
  return original.apply(this, arguments);
};
"""


# When the explorer map's first country shape and the ranking's first bar appeared (performance.now()).
FIRST_DRAWN_JS = """
window.__firstDrawn = {};
new MutationObserver(() => {
  const d = window.__firstDrawn, t = performance.now();
  if (!d.map && document.querySelector('#explorer-map path.choroplethlocation')) d.map = t;
  if (!d.ranking && document.querySelector('#explorer-ranking .bars path')) d.ranking = t;
}).observe(document, {subtree: true, childList: true});
"""


# The renderer's own readiness signal: the page is loaded and no callback is queued or in flight.
APP_BUSY_JS = """
const state = window.store && window.store.getState();
if (!state || document.readyState !== 'complete') { return true; }
const callbacks = Object.assign({}, state.callbacks || {});
delete callbacks.stored; delete callbacks.completed;
return [].concat(...Object.values(callbacks)).length > 0 || !!state.isLoading;
"""


def wait_until(driver, condition, timeout: float = 20, hard_limit: float = 300, poll: float = 0.2):
    """Wait for `condition()` to be truthy and return it; raise TimeoutError otherwise.

    `timeout` counts only the time the app is idle (no callback in flight): on a loaded two-core machine a
    slow callback extends the wait instead of failing it (issue 16: one explorer journey timed out in a
    fresh clone), while a condition that stays false once the app has settled still fails after `timeout`.
    `hard_limit` bounds the whole wait.
    """
    started = last = time.monotonic()
    idle = 0.0
    while True:
        try:
            value = condition()
        except Exception:  # a stale element or a page in the middle of a render: try again
            value = None
        if value:
            return value
        now = time.monotonic()
        try:
            busy = bool(driver.execute_script(APP_BUSY_JS))
        except Exception:
            busy = True
        if not busy:
            idle += now - last
        last = now
        if idle > timeout or now - started > hard_limit:
            raise TimeoutError(f"condition still false after {idle:.0f} s idle ({now - started:.0f} s in all)")
        time.sleep(poll)


def pick_dropdown_option(duo, dropdown_id: str, label: str, timeout: int = 20) -> None:
    """Open a dcc.Dropdown, type to search, and choose the option whose text is `label`.

    The option is clicked through JavaScript after scrolling it into view: Dash 4 renders the menu in a
    popover that can open above the viewport, where a native click is intercepted.
    """
    from selenium.webdriver.support.ui import WebDriverWait

    selector = ".dash-dropdown-options .dash-dropdown-option"
    dropdown = duo.find_element(f"#{dropdown_id}")
    trigger = dropdown.find_elements("css selector", "button, [role=combobox]") or [dropdown]
    duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", trigger[0])
    duo.driver.switch_to.active_element.send_keys(label)
    WebDriverWait(duo.driver, timeout).until(lambda _: any(o.text == label for o in duo.find_elements(selector)))
    option = next(o for o in duo.find_elements(selector) if o.text == label)
    duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", option)


def drawn_title_js(graph_id: str) -> str:
    """JavaScript returning a graph's drawn title; a long title wraps into <tspan class="line"> elements,
    which are joined with the space the wrap replaced."""
    return (
        f"const el = document.querySelector('#{graph_id} .gtitle'); if (!el) return '';"
        "const lines = Array.from(el.querySelectorAll('tspan.line')).map(t => t.textContent);"
        "return lines.length ? lines.join(' ') : el.textContent;"
    )


def find_component(tree, wanted_id):
    """The component with id `wanted_id` in a serialised Dash layout or callback answer (None if absent)."""
    if isinstance(tree, dict):
        if tree.get("props", {}).get("id") == wanted_id:
            return tree
        for value in [*tree.get("props", {}).values(), *tree.values()]:
            if isinstance(value, dict | list):
                found = find_component(value, wanted_id)
                if found:
                    return found
    if isinstance(tree, list):
        for item in tree:
            found = find_component(item, wanted_id)
            if found:
                return found
    return None


def post_router(client, pathname: str, search: str = "", **extra):
    """POST the router callback the way the browser does when the address changes (shell.js boot writes
    Shell.ROUTE; the router reads the address as state); `extra` goes into the body. Returns the response."""
    deps = client.get("/_dash-dependencies").get_json()
    router = next(d for d in deps if "page-content.children" in d["output"])
    outputs = [
        {"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]} for o in router["output"].strip(".").split("...")
    ]
    values = {"url.pathname": pathname, "url.search": search, "shell-route.data": {"pathname": pathname, "at": 1}}
    payload = {
        "output": router["output"],
        "outputs": outputs,
        "inputs": [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in router["inputs"]],
        "state": [{**st, "value": values.get(f"{st['id']}.{st['property']}")} for st in router["state"]],
        "changedPropIds": ["shell-route.data"],
        **extra,
    }
    return client.post("/_dash-update-component", json=payload)


def post_page_view(client, path: str, lang: str = "en", headers: dict | None = None):
    """POST the page-view counter the way the browser does once a page has settled (Shell.SETTLED)."""
    deps = client.get("/_dash-dependencies").get_json()
    counter = next(d for d in deps if d["no_output"] and d["inputs"] == [{"id": "shell-settled", "property": "data"}])
    body = {
        "output": counter["output"],
        "outputs": [],
        "inputs": [{"id": "shell-settled", "property": "data", "value": {"pathname": path, "at": 1}}],
        "state": [
            {"id": "url", "property": "pathname", "value": path},
            {"id": "app-root", "property": "lang", "value": lang},
        ],
        "changedPropIds": ["shell-settled.data"],
    }
    return client.post("/_dash-update-component", json=body, headers=headers or {})
