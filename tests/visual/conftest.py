"""The visual tier: the app over the bundled data in one live server, one headless Chromium per screen size.

Pages are opened once per (size, language, view) and measured with measure.js; every test reads the cached
measurement, so adding an assertion costs no page load. Screenshots go to IMAPDASH_VISUAL_DIR (default: a
temporary folder); the run prints the folder at the end so CI can keep it as an artefact.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
import time
from pathlib import Path

import pytest
from selenium import webdriver
from werkzeug.serving import make_server

from imapdash import create_app
from tests.conftest import BUNDLED_DATA, free_port, make_settings, pytest_setup_options

SIZES = {"desk": (1600, 900), "projector": (1920, 1080), "phone": (390, 844)}
LANGS = ("en", "fr", "ar")
MEASURE_JS = (Path(__file__).parent / "measure.js").read_text(encoding="utf-8")

# A page is ready when Dash has no callback in flight, every graph has drawn, web fonts are in, and the
# drawn figures have not changed between two looks (a callback chain can start a new round of drawing).
READY_JS = """
if (document.readyState !== 'complete' || !document.fonts || document.fonts.status !== 'loaded') { return null; }
if (!document.querySelector('#react-entry-point *')) { return null; }
if (document.querySelector('[data-dash-is-loading="true"]')) { return null; }
var graphs = Array.from(document.querySelectorAll('.js-plotly-plot'));
if (graphs.some(function (g) { return !g.querySelector('.main-svg') || !g._fullLayout; })) { return null; }
return graphs.map(function (g) {
  return (g.id || '') + (g._fullData || []).length + ':' + g.querySelectorAll('path, text').length;
}).join('|') + '#' + document.body.innerText.length;
"""

_SHOTS: list[Path] = []


def pytest_configure(config):
    config.addinivalue_line("markers", "visual: real-Chromium screenshots and geometry checks (tests/visual)")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/visual" in str(item.path):
            item.add_marker(pytest.mark.visual)


def pytest_terminal_summary(terminalreporter):
    if _SHOTS:
        terminalreporter.write_line(f"visual tier: {len(_SHOTS)} screenshots in {_SHOTS[0].parent}")


@pytest.fixture(scope="session")
def shot_dir() -> Path:
    folder = Path(os.environ.get("IMAPDASH_VISUAL_DIR") or tempfile.mkdtemp(prefix="imapdash-visual-"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    return create_app(make_settings(tmp_path_factory.mktemp("visual"), BUNDLED_DATA))


@pytest.fixture(scope="session")
def live_url(live_app):
    """The app over data/ in a threaded server on a free port, for the whole session."""
    app = live_app
    port = free_port()
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


class Browsers:
    """One Chromium per screen size, started on first use and kept for the session."""

    def __init__(self):
        self.drivers: dict[str, webdriver.Chrome] = {}

    def get(self, size: str) -> webdriver.Chrome:
        if size not in self.drivers:
            width, height = SIZES[size]
            options = pytest_setup_options()
            options.add_argument(f"--window-size={width},{height}")
            driver = webdriver.Chrome(options=options)
            driver.set_window_size(width, height)
            # the window size includes no browser chrome in headless mode; make the viewport exact
            inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
            driver.set_window_size(width + width - inner[0], height + height - inner[1])
            self.drivers[size] = driver
        return self.drivers[size]

    def close(self):
        for driver in self.drivers.values():
            driver.quit()


@pytest.fixture(scope="session")
def browsers():
    pool = Browsers()
    yield pool
    pool.close()


def wait_ready(driver: webdriver.Chrome, timeout: float = 45.0) -> None:
    """Poll the page's own readiness (see READY_JS) until it holds twice in a row."""
    end = time.monotonic() + timeout
    last = None
    while time.monotonic() < end:
        state = driver.execute_script(READY_JS)
        if state is not None and state == last:
            return
        last = state
        time.sleep(0.25)
    raise AssertionError(f"page not ready after {timeout:.0f} s: {driver.current_url}")


def save_full_page(driver: webdriver.Chrome, path: Path) -> None:
    """The whole page as one PNG, captured beyond the viewport (no window resize, so no re-layout)."""
    import base64

    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    # captured beyond the viewport the page has no scroll bar, so it is laid out the window's full width:
    # clipped to the content width measured with the bar, a right-aligned (Arabic) page lost its right edge
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    if size["height"] <= inner[1]:  # fits the window: as it is on screen (a clip shifted a short Arabic page)
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
        path.write_bytes(base64.b64decode(shot["data"]))
        return
    width = max(size["width"], inner[0])
    clip = {"x": 0, "y": 0, "width": width, "height": min(size["height"], 8000), "scale": 1}
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
    )
    path.write_bytes(base64.b64decode(shot["data"]))


@pytest.fixture(scope="session")
def page(live_url, browsers, shot_dir):
    """page(size, lang, path) -> measurement dict (measure.js), screenshot saved; cached per session."""
    cache: dict[tuple[str, str, str], dict] = {}

    def _open(size: str, lang: str, path: str) -> dict:
        key = (size, lang, path)
        if key not in cache:
            driver = browsers.get(size)
            sep = "&" if "?" in path else "?"
            driver.get(f"{live_url}{path}{sep}lang={lang}")
            wait_ready(driver)
            data = driver.execute_script(MEASURE_JS)
            slug = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "explorer"
            shot = shot_dir / f"{size}-{lang}-{slug}.png"
            save_full_page(driver, shot)
            _SHOTS.append(shot)
            data["url"] = driver.current_url
            cache[key] = data
        return cache[key]

    return _open


PARTNER_USER = "visual-admin"


@pytest.fixture(scope="session")
def partner_page(live_app, live_url, shot_dir):
    """partner_page(size, lang) -> measurement of /partner seen by a logged-in admin, with usage counted.

    Its own browsers (a logged-in session would change the public pages' navigation bar).
    """
    from datetime import date, timedelta

    from imapdash.partner import usage
    from tests.conftest import TEST_PASSWORD, add_user

    add_user(live_app.server, PARTNER_USER, "admin")
    engine = live_app.server.extensions["imapdash.db"]
    groups = ("public", "partner agency", "partner state (north)", "partner state (south)")
    for n, (page_path, group) in enumerate((p, g) for p in ("/", "/routes", "/country/TUN") for g in groups):
        usage.record_visit(engine, day=date(2026, 11, 2) + timedelta(days=n), page=page_path, group=group, lang="ar")
    pool, cache, logged = Browsers(), {}, set()

    def _open(size: str, lang: str) -> dict:
        if (size, lang) not in cache:
            driver = pool.get(size)
            if size not in logged:
                driver.get(f"{live_url}/login")
                driver.find_element("name", "username").send_keys(PARTNER_USER)
                driver.find_element("name", "password").send_keys(TEST_PASSWORD)
                driver.find_element("css selector", "form button[type=submit]").click()
                end = time.monotonic() + 30  # the login POST must land before the next navigation
                while "/login" in driver.current_url and time.monotonic() < end:
                    time.sleep(0.2)
                logged.add(size)
            driver.get(f"{live_url}/partner?lang={lang}")
            end = time.monotonic() + 60
            tables = ("table.partner-usage-table", "table.partner-table")  # both filled by their callbacks
            while not all(driver.find_elements("css selector", t) for t in tables) and time.monotonic() < end:
                time.sleep(0.25)
            wait_ready(driver)
            data = driver.execute_script(MEASURE_JS)
            shot = shot_dir / f"{size}-{lang}-partner.png"
            save_full_page(driver, shot)
            _SHOTS.append(shot)
            cache[(size, lang)] = data
        return cache[(size, lang)]

    yield _open
    pool.close()
