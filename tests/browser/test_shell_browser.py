"""The shell in real headless Chromium, with every host but 127.0.0.1 unresolvable."""

import pytest

from imapdash.ids import Shell, Sources
from tests.conftest import EXTERNAL_REQUESTS_JS, FIRST_DRAWN_JS, RECORD_CALLBACKS_JS, free_port, wait_until

pytestmark = pytest.mark.browser


def test_start_page_renders_offline_without_console_errors(app, start_app):
    duo = start_app(app, "/about")
    duo.wait_for_element("#overview-kpis .kpi-card")
    assert "Frontex" in duo.find_element("#overview-kpis").text
    assert duo.driver.execute_script(EXTERNAL_REQUESTS_JS) == []
    assert duo.get_logs() == []


def test_navbar_leads_to_the_sources_page(app, start_app):
    duo = start_app(app)
    duo.wait_for_element(f"#{Shell.NAV}")
    duo.find_element(f"#{Shell.NAV} a[href='/sources']").click()
    duo.wait_for_element(f"#{Sources.TABLE} #sources-card-flows")
    assert "detections, not persons" in duo.find_element("#sources-card-flows").get_attribute("innerHTML")
    assert duo.driver.current_url.endswith("/sources")
    assert duo.get_logs() == []


def test_unknown_path_shows_not_found(app, start_app):
    duo = start_app(app, "/no/such/page")
    duo.wait_for_text_to_equal(".view-not-found h1", "Page not found")


def test_arabic_switches_the_document_to_right_to_left_and_is_remembered(app, start_app):
    duo = start_app(app, "/sources?lang=ar")
    duo.wait_for_element(f"#{Shell.ROOT}[dir='rtl']")
    assert duo.driver.execute_script("return document.documentElement.getAttribute('dir')") == "rtl"
    assert duo.driver.execute_script("return document.documentElement.lang") == "ar"
    assert "المصادر والمنهجية" in duo.find_element(f"#{Shell.FOOTER}").text
    duo.driver.get(duo.server_url + "/about")  # no lang in the URL: the stored choice applies
    duo.wait_for_element(f"#{Shell.ROOT}[lang='ar']")
    assert "حول" in duo.find_element(f"#{Shell.LINKS}").text
    assert duo.get_logs() == []


def test_the_first_page_runs_without_babel_polyfill(app, start_app):
    """The index leaves out Dash's @babel/polyfill (shell.without_polyfill): the lazily loaded components
    (graph, dropdown, slider) still need `regeneratorRuntime`, which the dash-bootstrap-components bundle sets."""
    duo = start_app(app)
    duo.wait_for_element("#explorer-map path.choroplethlocation", timeout=30)
    # the lazily loaded dropdown shows its value (its Suspense fallback is empty), the slider its handle
    wait_until(
        duo.driver,
        lambda: duo.driver.execute_script("return document.getElementById('explorer-indicator').innerText.trim()"),
    )
    duo.wait_for_element("#explorer-year [role=slider]")
    scripts = duo.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => n.endsWith('.js') || n.includes('.js?'))"
    )
    assert scripts and not [s for s in scripts if "polyfill" in s]
    assert duo.driver.execute_script("return typeof regeneratorRuntime") == "object"
    assert duo.get_logs() == []


def test_the_first_explorer_page_asks_the_server_nothing_before_its_map_is_drawn(app, dash_duo):
    """The layout holds the page (no router round trip: shell.js boot); the per-user menu and the page-view
    count wait until the page's graphs are drawn (shell.js settled), then arrive."""
    dash_duo.start_server(app, port=free_port())
    for script in (RECORD_CALLBACKS_JS, FIRST_DRAWN_JS):
        dash_duo.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": script})
    dash_duo.driver.get(dash_duo.server_url + "/")
    wait_until(dash_duo.driver, lambda: dash_duo.find_elements(f"#{Shell.USER} a[href^='/login']"))
    wait_until(dash_duo.driver, lambda: True)  # nothing in flight
    sent = dash_duo.driver.execute_script("return window.__callbacks")
    drawn = dash_duo.driver.execute_script("return window.__firstDrawn")
    assert not [s for s in sent if f"{Shell.PAGE}.children" in s["output"]], sent
    user = [s for s in sent if f"{Shell.USER}.children" in s["output"]]
    count = [s for s in sent if "." not in s["output"]]  # the page-view count has no output (a hash)
    assert len(user) == 1 and len(count) == 1, sent
    # both sent once the map's shapes were in the page
    assert user[0]["at"] >= drawn["map"] and count[0]["at"] >= drawn["map"], (sent, drawn)
    assert dash_duo.get_logs() == []


XHR_OPENED_JS = """
window.__xhrOpened = [];
const open = XMLHttpRequest.prototype.open;
XMLHttpRequest.prototype.open = function (method, url) {
  window.__xhrOpened.push(String(url));
  return open.apply(this, arguments);
};
"""


def test_the_first_map_gets_its_geometry_from_the_preloads_not_from_plotly(app, dash_duo):
    """shell.js hands the preloaded geometry and base map to plotly.js (window.PlotlyGeoAssets): plotly.js
    asks for neither itself (d3.json, an XMLHttpRequest), so its choropleths do not wait for its request nor
    poll, 50 ms at a time, for the geometry a first choropleth is fetching."""
    dash_duo.start_server(app, port=free_port())
    dash_duo.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": XHR_OPENED_JS})
    dash_duo.driver.get(dash_duo.server_url + "/")
    dash_duo.wait_for_element("#explorer-map path.choroplethlocation", timeout=30)
    opened = dash_duo.driver.execute_script("return window.__xhrOpened")
    assert not [url for url in opened if "geojson" in url or "topojson" in url], opened
    held = dash_duo.driver.execute_script(
        "const a = window.PlotlyGeoAssets;"
        "return [Object.keys(a).filter(k => k.indexOf('countries.geojson') >= 0).map(k => a[k].type),"
        " Object.keys(a.topojson)];"
    )
    assert held == [["FeatureCollection"], ["world_110m"]], held
    assert dash_duo.get_logs() == []
