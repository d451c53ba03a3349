"""WCAG 2.1 AA audit of every view: axe-core, injected into the page in headless Chromium.

axe-core is fetched from the npm registry by scripts/fetch_axe.sh into .cache/axe (pinned release,
never vendored). Without it the audit cannot run: locally the tests skip with the command to fix it,
in CI (`CI` set) they fail, so a missing download never passes as "no violations".

Each view is opened with the real bundled data, its main content is awaited, then axe runs on the
whole document with the WCAG 2.0/2.1 A and AA rules. Serious and critical violations fail the test;
moderate/minor ones are logged (run with `-o log_cli=true --log-cli-level=INFO` to see them).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from imapdash.ids import Explorer, News, Partner, Profile, Routes, Shell, Sources

pytestmark = pytest.mark.browser
log = logging.getLogger(__name__)

AXE_JS = Path(__file__).resolve().parents[2] / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# path -> CSS selector of content that exists only once the view has rendered its data
VIEWS = {
    "/": f"#{Explorer.MAP} .choroplethlayer path",
    "/?lang=ar": f"#{Explorer.MAP} .choroplethlayer path",
    "/country/TUN": f"#{Profile.CARDS} .profile-card",
    "/routes": f"#{Routes.MAP} .scattergeo",
    "/routes?lang=ar": f"#{Routes.MAP} .scattergeo",
    "/news": f"#{News.PAGE} h1",
    "/partner": f"#{Partner.PAGE} h1",
    "/sources": f"#{Sources.TABLE} .dataset-card",
    "/about": "#overview-kpis .kpi-card",
}

RUN_AXE_JS = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag', values: arguments[0]}})
  .then(r => done(r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: '
        + (n.failureSummary || '').split('\\n').slice(1, 2).join('')),
      count: v.nodes.length}))))
  .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), targets: [], count: 1}]));
"""


def axe_source() -> str:
    """The axe-core bundle, or a skip (fail in CI) telling how to fetch it."""
    if not AXE_JS.is_file():
        message = f"axe-core is missing ({AXE_JS}); run: bash scripts/fetch_axe.sh"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(driver, source: str) -> list[dict]:
    """Inject axe into the current page and return its violations (id, impact, help, targets, count)."""
    driver.execute_script(source)
    driver.set_script_timeout(60)
    return driver.execute_async_script(RUN_AXE_JS, WCAG_TAGS)


def report(path: str, violations: list[dict]) -> str:
    """One line per violation (rule, impact, count, help) followed by the first targets."""
    lines = [f"axe on {path}: {len(violations)} rule(s) violated"]
    for v in sorted(violations, key=lambda v: (v["impact"] not in FAILING_IMPACTS, v["id"])):
        lines.append(f"  [{v['impact']}] {v['id']} x{v['count']}: {v['help']}")
        lines += [f"      {target}" for target in v["targets"]]
    return "\n".join(lines)


def settle(duo) -> None:
    """Wait until no Dash callback is pending, so axe sees the final DOM."""
    WebDriverWait(duo.driver, 60).until(
        lambda d: d.execute_script("return !document.querySelector('[data-dash-is-loading=\"true\"]')")
    )
    duo.wait_for_element(f"#{Shell.ROOT}[lang]")


@pytest.mark.parametrize("path", list(VIEWS))
def test_view_has_no_serious_or_critical_axe_violation(path, bundled_app, start_app):
    source = axe_source()
    duo = start_app(bundled_app, path)
    duo.wait_for_element(VIEWS[path], timeout=30)
    settle(duo)
    violations = run_axe(duo.driver, source)
    log.info(report(path, violations))
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert failing == [], report(path, failing)


def test_login_page_has_no_serious_or_critical_axe_violation(bundled_app, start_app):
    source = axe_source()
    duo = start_app(bundled_app, "/")
    duo.driver.get(duo.server_url + "/login")
    duo.wait_for_element("form #username")
    violations = run_axe(duo.driver, source)
    log.info(report("/login", violations))
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert failing == [], report("/login", failing)


def test_dcc_controls_are_keyboard_reachable_and_named(app, start_app):
    """assets/js/a11y.js: dropdown buttons are the Tab stop, dcc tabs are focusable tabs, sliders are named."""
    duo = start_app(app, "/")
    duo.wait_for_element(f"#{Explorer.MAP} .choroplethlayer path", timeout=30)
    settle(duo)
    state = duo.driver.execute_script(
        """
      const button = document.getElementById(arguments[0]);
      const proxy = button.previousElementSibling;
      const tabs = [...document.querySelectorAll('.tab-container > .tab')];
      const thumb = document.querySelector('#' + arguments[1] + ' [role=slider]');
      return {buttonTab: button.tabIndex, proxyTab: proxy.tabIndex,
              named: button.getAttribute('aria-labelledby').split(' ')
                .map(id => document.getElementById(id)).filter(Boolean)[0].textContent,
              tabs: tabs.map(t => ['role', 'tabindex', 'aria-selected'].map(a => t.getAttribute(a))),
              thumb: document.getElementById(thumb.getAttribute('aria-labelledby')).textContent};
    """,
        Explorer.INDICATOR,
        Explorer.YEAR,
    )
    assert (state["buttonTab"], state["proxyTab"], state["named"]) == (0, -1, "Indicator")
    assert state["tabs"] == [["tab", "0", "true"], ["tab", "0", "false"]]
    assert state["thumb"] == "Year"
    second = duo.find_elements(".tab-container > .tab")[1]
    duo.driver.execute_script("arguments[0].focus()", second)
    second.send_keys("\n")
    duo.wait_for_element(f"#{Explorer.TABLE} table")
    duo.wait_for_element(".tab-container > .tab[aria-selected='true']:nth-child(2)")
    assert duo.get_logs() == []


def test_a_charts_data_table_opens_with_its_header_cells_scoped(app, start_app):
    """The map's "Show data table" (a TextTable drawn by assets/js/tables.js): a real <table> whose column
    headers have scope=col and whose rows start with a header cell of scope=row, in the reader's language."""
    duo = start_app(app, "/?lang=fr")
    duo.wait_for_element(f"#{Explorer.MAP} path.choroplethlocation", timeout=30)
    details = duo.find_element(f"#{Explorer.MAP}-alt-table").find_element("xpath", "..")
    summary = details.find_element("css selector", "summary")
    duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", summary)
    table = duo.find_element(f"#{Explorer.MAP}-alt-table table.chart-alt-table")
    heads = table.find_elements("css selector", "thead th[scope=col]")
    rows = table.find_elements("css selector", "tbody tr")
    assert len(heads) >= 2 and heads[0].text == "Pays"
    assert len(rows) >= 2
    assert all(r.find_element("css selector", "th").get_attribute("scope") == "row" for r in rows)
    assert table.is_displayed() and duo.get_logs() == []
