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


FRAME_STATE_JS = """
// what the map shows now: the period label, each route line's drawn width, the incident circles drawn over
// the map while playing (routes.js) and the incident points plotly draws itself
var gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
var widths = {};
gd.calcdata.forEach(function (cd) {
  var trace = cd[0].trace, node = cd[0].node3 && cd[0].node3.node();
  var line = node && node.querySelector('path.js-line');
  if (line && trace.customdata && trace.customdata.length) {
    widths[trace.customdata[0]] = parseFloat(line.style.strokeWidth);
  }
});
return {
  label: document.getElementById(arguments[1]).textContent,
  widths: widths,
  overlay: document.querySelectorAll('#' + arguments[0] + ' g.routes-incident-overlay circle').length,
  plotted: gd.querySelectorAll('.scattergeo path.point').length,
  afterplots: window.__afterplots || 0
};
"""


def test_playing_frames_are_drawn_without_redrawing_the_map(bundled_app, start_app):
    """A playing frame writes the route widths and the incidents straight into the map (no plotly redraw:
    each redraw reprojects every border and coast), and pausing hands the frame back to plotly."""
    from imapdash.datasets import load_datasets
    from imapdash.views.context import view_context
    from imapdash.views.routes import charts
    from imapdash.views.routes.state import RoutesState
    from tests.conftest import BUNDLED_DATA

    path = "/routes?measure=detections&gran=month&from=2009&to=2024"
    store, _ = charts.animation(
        view_context(load_datasets(BUNDLED_DATA), "en"),
        RoutesState(measure="detections", granularity="month", start="2009", end="2024"),
    )
    duo = start_app(bundled_app, path)
    duo.wait_for_contains_text(f"#{Routes.LABEL}", "2024-12")
    duo.wait_for_element(f"#{Routes.MAP} .scattergeo")
    start = store["periods"].index("2016-01")
    duo.driver.execute_script(
        "window.dash_clientside.set_props(arguments[0], {value: 200});"
        "window.dash_clientside.set_props(arguments[1], {value: arguments[2]});",
        Routes.SPEED,
        Routes.SLIDER,
        start,
    )
    duo.wait_for_contains_text(f"#{Routes.LABEL}", "2016-01")
    duo.find_element(f"#{Routes.PLAY}").click()
    WebDriverWait(duo.driver, 30, poll_frequency=0.05).until(lambda d: "2016-03" <= _label(duo)[:7] < "2023")
    duo.driver.execute_script(
        "window.__afterplots = 0; document.querySelector('#' + arguments[0] + ' .js-plotly-plot')"
        ".on('plotly_afterplot', function () { window.__afterplots += 1; });",
        Routes.MAP,
    )
    seen = []
    for _ in range(6):  # frames as they are drawn: the widths and circles of the period the label names
        time.sleep(0.25)
        shown = duo.driver.execute_script(FRAME_STATE_JS, Routes.MAP, Routes.LABEL)
        index = store["periods"].index(shown["label"][:7])
        expected = {
            route: store["widths"][k][index] for k, route in enumerate(store["routes"]) if route in shown["widths"]
        }
        assert shown["widths"] == pytest.approx(expected), shown["label"]  # one script: one frame's state
        assert shown["overlay"] == len(store["incidents"]["lon"][index]), shown["label"]
        seen.append(shown["label"][:7])
    assert len(set(seen)) >= 4
    assert duo.driver.execute_script("return window.__afterplots") == 0
    duo.find_element(f"#{Routes.PAUSE}").click()
    time.sleep(1.0)
    paused = duo.driver.execute_script(FRAME_STATE_JS, Routes.MAP, Routes.LABEL)
    index = store["periods"].index(paused["label"][:7])
    # plotly draws the paused frame itself again: route markers and the frame's incidents, no overlay left
    route_markers = sum(len(t["lon"]) for t in store["figure"]["data"][: len(store["routes"])])
    assert paused["overlay"] == 0
    assert paused["plotted"] == route_markers + len(store["incidents"]["lon"][index])
    assert duo.get_logs() == []


def test_a_data_table_is_built_when_its_reader_opens_it(bundled_app, start_app):
    """The "Show data table" under the nationality chart: no rows before it opens; opened (by keyboard, as a
    screen-reader user would), a real table with the chart's numbers; a filter change while open refills it."""
    duo = start_app(bundled_app, "/routes?measure=detections&from=2014&to=2024")
    table = f"#{Flows.NATIONALITIES}-alt-table"
    duo.wait_for_contains_text(f"#{Flows.NATIONALITIES}-summary", "Highest")
    assert duo.driver.find_elements("css selector", f"{table} tbody tr") == []
    summary = duo.find_element(f"#{Flows.NATIONALITIES}-alt-details summary")
    duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", summary)
    summary.send_keys(" ")  # the space bar opens a <details> from its focused <summary>
    WebDriverWait(duo.driver, 30).until(lambda d: len(d.find_elements("css selector", f"{table} tbody tr")) > 10)
    heads = duo.driver.find_elements("css selector", f"{table} thead th[scope=col]")
    assert [h.text for h in heads] == ["Nationality", "Period", "Value"]
    cells = f"{table} tbody tr td"
    first = duo.driver.find_elements("css selector", cells)[1].text  # the first row's value
    assert first
    pick_dropdown_option(duo, Routes.ROUTE, "Central Mediterranean")
    _wait_for_title(duo, Flows.NATIONALITIES, "Central Mediterranean")
    WebDriverWait(duo.driver, 30).until(lambda d: d.find_elements("css selector", cells)[1].text not in ("", first))
    duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", summary)
    # closed again: the rows go (a table nobody reads costs every later update)
    WebDriverWait(duo.driver, 30).until(lambda d: d.find_elements("css selector", f"{table} tbody tr") == [])
    assert duo.get_logs() == []
