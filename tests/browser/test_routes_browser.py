"""The routes page in headless Chromium: the animation plays in the browser, filters link the charts."""

import time

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from imapdash.ids import Flows, Routes
from tests.conftest import EXTERNAL_REQUESTS_JS, pick_dropdown_option

pytestmark = pytest.mark.browser

UPDATE_REQUESTS_JS = """
return performance.getEntriesByType('resource').map(e => e.name)
  .filter(n => n.includes('_dash-update-component')).length;
"""


def _label(duo) -> str:
    return duo.find_element(f"#{Routes.LABEL}").text


def test_animation_plays_in_the_browser_without_server_requests(bundled_app, start_app):
    duo = start_app(bundled_app, "/routes?route=central-mediterranean&measure=detections&from=2014&to=2024")
    duo.wait_for_contains_text(f"#{Routes.LABEL}", "2024")
    duo.wait_for_element(f"#{Routes.MAP} .scattergeo")
    # the period slider moves over indexes: no number box showing an index instead of a year
    assert duo.driver.find_elements("css selector", f"#{Routes.SLIDER} input[type=number]") == []
    WebDriverWait(duo.driver, 60).until(lambda d: d.execute_script(UPDATE_REQUESTS_JS) >= 5)
    settled = duo.driver.execute_script(UPDATE_REQUESTS_JS)
    duo.find_element(f"#{Routes.STEP_BACK}").click()
    duo.wait_for_contains_text(f"#{Routes.LABEL}", "2023")
    assert "158,026 detections" in _label(duo)
    # a step commits the period: the three period panels (sources+Sankey, composition, Africa) update once
    WebDriverWait(duo.driver, 60).until(lambda d: d.execute_script(UPDATE_REQUESTS_JS) >= settled + 3)
    WebDriverWait(duo.driver, 60).until(
        lambda d: d.execute_script(
            "return performance.getEntriesByType('resource').filter(e => e.name.includes('_dash-update-component'))"
            ".every(e => e.responseEnd > 0)"
        )
    )
    before = duo.driver.execute_script(UPDATE_REQUESTS_JS)
    duo.find_element(f"#{Routes.PLAY}").click()
    seen = set()
    WebDriverWait(duo.driver, 30, poll_frequency=0.05).until(lambda d: seen.add(_label(duo)[:4]) or len(seen) >= 4)
    during = duo.driver.execute_script(UPDATE_REQUESTS_JS)
    duo.find_element(f"#{Routes.PAUSE}").click()
    assert len(seen) >= 4
    assert during == before
    assert duo.driver.execute_script(EXTERNAL_REQUESTS_JS) == []
    assert duo.get_logs() == []


def _open_tab(duo, label: str) -> None:
    tab = next(t for t in duo.find_elements(f"#{Flows.TABS} .tab") if t.text.startswith(label))
    duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", tab)


def _wait_for_title(duo, graph_id: str, words: str) -> None:
    """A figure title holds `words` (a long title wraps into lines whose text joins without spaces)."""
    WebDriverWait(duo.driver, 60).until(
        lambda d: words.replace(" ", "") in d.find_element("css selector", f"#{graph_id} .gtitle").text.replace(" ", "")
    )


def test_filtering_to_one_route_changes_composition_and_nationalities(bundled_app, start_app):
    duo = start_app(bundled_app, "/routes?measure=detections&to=2023&view=composition")
    duo.wait_for_contains_text(f"#{Flows.COMPOSITION_NOTE}", "Select a route")
    _open_tab(duo, "Top nationalities")
    _wait_for_title(duo, Flows.NATIONALITIES, "all routes")
    pick_dropdown_option(duo, Routes.ROUTE, "Central Mediterranean")
    _wait_for_title(duo, Flows.NATIONALITIES, "Central Mediterranean")
    WebDriverWait(duo.driver, 60).until(lambda d: "route=central-mediterranean" in d.current_url)
    _open_tab(duo, "Composition")
    duo.wait_for_contains_text(f"#{Flows.COMPOSITION_NOTE}", "Italy")
    duo.wait_for_contains_text(f"#{Flows.COMPOSITION} .gtitle", "Italy")
    assert duo.get_logs() == []


COUNT_ANIMATE_JS = """
// count the animation callback's calls (Dash looks the clientside function up at each call)
var ns = window.dash_clientside.routes, animate = ns.animate;
window.__animateCalls = 0;
ns.animate = function () { window.__animateCalls += 1; return animate.apply(this, arguments); };
"""

WATCH_EVENTS_JS = """
// the plotly events dcc.Graph turns into a prop update (restyleData, relayoutData): a Dash update each
var ids = arguments[0];
window.__graphEvents = [];
ids.forEach(function (id) {
  var gd = document.querySelector("#" + id + " .js-plotly-plot");
  ["plotly_restyle", "plotly_relayout"].forEach(function (name) {
    if (gd && gd.on) { gd.on(name, function () { window.__graphEvents.push(id + " " + name); }); }
  });
});
"""


def test_frames_play_without_dash_updates_and_pause_commits_the_period(bundled_app, start_app):
    """While playing no Dash callback runs per frame; pausing writes the shown period back to Dash."""
    duo = start_app(bundled_app, "/routes?route=central-mediterranean&measure=detections&from=2014&to=2024")
    duo.wait_for_contains_text(f"#{Routes.LABEL}", "2024")
    duo.wait_for_element(f"#{Routes.MAP} .scattergeo")
    duo.wait_for_contains_text(f"#{Routes.MAP}-summary", "2024")
    duo.driver.execute_script(COUNT_ANIMATE_JS)
    duo.driver.execute_script("window.dash_clientside.set_props(arguments[0], {value: 200});", Routes.SPEED)
    duo.find_element(f"#{Routes.PLAY}").click()
    seen = set()
    WebDriverWait(duo.driver, 30, poll_frequency=0.05).until(lambda d: seen.add(_label(duo)[:4]) or len(seen) >= 2)
    time.sleep(0.5)  # the play click's callback settles
    duo.driver.execute_script(WATCH_EVENTS_JS, [Routes.MAP, Flows.NATIONALITIES])
    WebDriverWait(duo.driver, 30, poll_frequency=0.05).until(lambda d: seen.add(_label(duo)[:4]) or len(seen) >= 5)
    # the play click is the only call: frames are drawn by the player's timer, not by Dash callbacks,
    # and no Dash update at all (a Plotly.restyle made dcc.Graph write restyleData on every frame)
    assert duo.driver.execute_script("return window.__animateCalls") == 1
    assert duo.driver.execute_script("return window.__graphEvents") == []
    duo.find_element(f"#{Routes.PAUSE}").click()
    shown = _label(duo)[:4]
    for _ in range(20):  # paused: the label stays (a frame may land between the click and the callback)
        time.sleep(0.6)
        shown, before = _label(duo)[:4], shown
        if shown == before:
            break
    assert shown == before
    # the committed period reaches the server-side text alternative and the slider
    duo.wait_for_contains_text(f"#{Routes.MAP}-summary", shown)
    thumb = duo.find_element(f"#{Routes.SLIDER} [role=slider]")
    assert thumb.get_attribute("aria-valuenow") == str(int(shown) - 2014)
    assert duo.get_logs() == []
