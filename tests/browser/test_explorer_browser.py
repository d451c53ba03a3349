"""The map explorer in headless Chromium over the bundled data, every host but 127.0.0.1 unresolvable."""

import re

import pytest

from imapdash.ids import Explorer, Profile
from tests.conftest import (
    EXTERNAL_REQUESTS_JS,
    FIRST_DRAWN_JS,
    drawn_title_js,
    free_port,
    pick_dropdown_option,
    wait_until,
)

pytestmark = pytest.mark.browser

COUNT_PATHS_JS = f"""
const layers = document.querySelectorAll('#{Explorer.MAP} .choroplethlayer .trace');
return Array.from(layers).map(t => t.querySelectorAll('path.choroplethlocation').length);
"""


def _wait(duo, condition, timeout=20):
    # follows the renderer's readiness (no callback in flight), not a fixed clock: see wait_until
    try:
        return wait_until(duo.driver, condition, timeout)
    except TimeoutError as exc:
        pytest.fail(f"{exc} at {duo.driver.current_url} with map title {_map_title(duo)!r}")


def _pick(duo, dropdown_id, label):
    pick_dropdown_option(duo, dropdown_id, label)


def _map_title(duo):
    return duo.driver.execute_script(drawn_title_js(Explorer.MAP))


def test_map_draws_offline_every_country_with_data_and_the_grey_rest(bundled_app, start_app):
    duo = start_app(bundled_app)
    duo.wait_for_element(f"#{Explorer.MAP} path.choroplethlocation", timeout=20)
    # data/: migrant_stock_pct_population 2020 has a value for the 34 partner states; 235 polygons in all
    counts = _wait(duo, lambda: (c := duo.driver.execute_script(COUNT_PATHS_JS)) and sum(c) >= 235 and c)
    features = len(bundled_app.server.extensions["imapdash.datasets"].geometry["features"])
    assert counts == [features - 34, 34]  # no-data base, values (the empty selection outline draws nothing)
    assert duo.driver.execute_script("return document.querySelectorAll('path.choroplethlocation').length") == features
    assert _map_title(duo) == "Migrant stock as % of population (derived), 2020"
    # the figure's own height, not the height of whatever its tab already held (a collapsed 75 px map once)
    assert duo.driver.execute_script(f"return document.getElementById('{Explorer.MAP}').offsetHeight") >= 500
    assert duo.driver.execute_script(EXTERNAL_REQUESTS_JS) == []
    assert duo.get_logs() == []


def test_journey_indicator_play_select_profile_and_back(bundled_app, start_app):
    duo = start_app(bundled_app)
    duo.wait_for_element(f"#{Explorer.MAP} path.choroplethlocation", timeout=20)

    duo.select_dcc_dropdown(f"#{Explorer.INDICATOR}", value="International migrant stock")
    _wait(duo, lambda: "ind=migrant_stock_total&year=2020" in duo.driver.current_url)  # 2020 has data: kept
    _wait(duo, lambda: _map_title(duo) == "International migrant stock, 2020")

    duo.find_element(f"#{Explorer.PLAY}").click()  # plays 2020 -> 2024 and stops at the last year
    _wait(duo, lambda: _map_title(duo) == "International migrant stock, 2024")
    _wait(duo, lambda: duo.find_element(f"#{Explorer.PLAY}").text == "▶ Play")
    _wait(duo, lambda: "year=2024" in duo.driver.current_url)
    duo.find_element(f"#{Explorer.PLAY}").click()  # from the last year, play restarts at 1990
    _wait(duo, lambda: re.search(r", (199\d|200\d)$", _map_title(duo)))
    duo.find_element(f"#{Explorer.PLAY}").click()  # pause: the URL catches up with the slider
    _wait(duo, lambda: duo.find_element(f"#{Explorer.PLAY}").text == "▶ Play")
    year = _map_title(duo).rsplit(", ", 1)[1]
    _wait(duo, lambda: f"year={year}" in duo.driver.current_url)

    _pick(duo, Explorer.SELECTION, "Tunisia")
    _wait(duo, lambda: "sel=TUN" in duo.driver.current_url)
    map_url = duo.driver.current_url
    assert f"ind=migrant_stock_total&year={year}&region=mtm&sel=TUN&tab=map" in map_url

    _wait(duo, lambda: duo.find_element(f"#{Explorer.PROFILE_LINK}").text == "Open profile: Tunisia")
    duo.find_element(f"#{Explorer.PROFILE_LINK}").click()
    duo.wait_for_text_to_equal(f"#{Profile.TITLE}", "Tunisia", timeout=20)
    cards = duo.find_elements(".profile-card")
    assert len(cards) >= 10
    for card in cards:  # every figure names its period and links its publisher
        link = card.find_element("css selector", ".source-note a")
        assert link.get_attribute("href").startswith("https://")
    assert "Central Mediterranean" in duo.find_element(f"#{Profile.ROUTES}").text

    duo.driver.back()
    duo.wait_for_element(f"#{Explorer.MAP} path.choroplethlocation", timeout=20)
    assert duo.driver.current_url == map_url
    _wait(duo, lambda: _map_title(duo) == f"International migrant stock, {year}")
    assert "International migrant stock" in duo.find_element(f"#{Explorer.INDICATOR}").text
    assert "Tunisia" in duo.find_element(f"#{Explorer.SELECTION}").text
    outline = duo.driver.execute_script(COUNT_PATHS_JS)[2]
    assert outline == 1
    assert duo.driver.execute_script(EXTERNAL_REQUESTS_JS) == []
    assert duo.get_logs() == []


def test_the_side_charts_are_drawn_after_the_map_not_before(app, dash_duo):
    """The first page's ranking and series wait for the map (page.placeholder, explorer.js sideFirst), then show
    the same figures the server's side panel would."""
    dash_duo.start_server(app, port=free_port())
    dash_duo.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FIRST_DRAWN_JS})
    dash_duo.driver.get(dash_duo.server_url + "/")
    wait_until(dash_duo.driver, lambda: dash_duo.driver.execute_script("return window.__firstDrawn.ranking"))
    drawn = dash_duo.driver.execute_script("return window.__firstDrawn")
    assert drawn["map"] <= drawn["ranking"], drawn
    title = dash_duo.driver.execute_script(drawn_title_js(Explorer.RANKING))
    assert title.startswith("Top")
    wait_until(dash_duo.driver, lambda: dash_duo.find_elements(f"#{Explorer.SERIES} .main-svg"))  # drawn beside it
    assert dash_duo.get_logs() == []


CONTROLS_JS = """
window.__controls = {};
new MutationObserver(() => {
  const c = window.__controls, t = performance.now();
  const top = id => { const e = document.getElementById(id); return e ? e.getBoundingClientRect().top : null; };
  if (!c.map && document.querySelector('#explorer-map path.choroplethlocation')) {
    c.map = t;
    c.mapTopAtMap = top('explorer-map');
  }
  if (!c.standIns && document.querySelector('.after-graph')) {
    c.standInAt = t;
    c.standIns = Array.from(document.querySelectorAll('.after-graph')).map(e => ({
      kind: e.className, text: e.textContent, height: e.getBoundingClientRect().height,
      muted: !!e.querySelector('.after-graph-muted')}));
  }
  if (!c.slider && document.querySelector('#explorer-year [role=slider]')) { c.slider = t; }
  if (!c.ranking && document.querySelector('#explorer-ranking .bars path')) { c.ranking = t; }
  if (!c.dropdown && document.getElementById('explorer-indicator')) { c.dropdown = t; }
  if (c.slider && c.dropdown && !c.mapTopAfter && !document.querySelector('.after-graph')) {
    c.mapTopAfter = top('explorer-map');
  }
}).observe(document, {subtree: true, childList: true});
window.__controls.shifts = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) {
    // the controls' own rows and what follows them in the toolbar (dcc.Tabs' header may settle on its own)
    const moved = (e.sources || []).filter(
      s => s.node && s.node.closest && s.node.closest('.explorer-controls, .explorer-toolbar'));
    if (moved.length) {
      window.__controls.shifts.push({at: e.startTime, nodes: moved.map(s => s.node.id || s.node.className)});
    }
  }
}).observe({type: 'layout-shift', buffered: true});
"""


def test_the_controls_come_after_the_map_in_stand_ins_of_their_size(bundled_app, dash_duo):
    """The dropdowns, the year slider and the side charts wait for the map (components/after_graph.py):
    meanwhile a stand-in of each, of the control's height and with its text (a chart's: a blank box of its
    height), so the map does not move when they arrive; the side charts' figures come after the controls."""
    dash_duo.start_server(bundled_app, port=free_port())
    dash_duo.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CONTROLS_JS})
    dash_duo.driver.get(dash_duo.server_url + "/?sel=TUN,MAR")
    arrived = "return window.__controls.ranking && window.__controls.mapTopAfter"
    wait_until(dash_duo.driver, lambda: dash_duo.driver.execute_script(arrived))
    c = dash_duo.driver.execute_script("return window.__controls")
    assert c["map"] <= c["slider"] and c["map"] <= c["dropdown"], c
    assert max(c["slider"], c["dropdown"]) <= c["ranking"], c  # then the side charts (explorer.js sideFirst)
    charts = [s for s in c["standIns"] if s["kind"].endswith("after-graph-graph")]
    c["standIns"] = [s for s in c["standIns"] if s not in charts]
    stand_ins = [(s["kind"].split()[-1], s["text"], s["muted"]) for s in c["standIns"]]
    assert stand_ins == [
        ("after-graph-dropdown", "Migrant stock as % of population (derived)", False),
        ("after-graph-dropdown", "MTM region", False),
        ("after-graph-dropdown", "Tunisia, Morocco", False),
        ("after-graph-slider", "", False),
        ("after-graph-dropdown", "Find a country profile…", True),
    ]
    heights = {
        i: dash_duo.driver.execute_script(f"return document.getElementById('{i}').getBoundingClientRect().height")
        for i in (Explorer.INDICATOR, Explorer.REGION, Explorer.SELECTION, Explorer.SEARCH, Explorer.YEAR)
    }
    assert {round(s["height"]) for s in c["standIns"]} == {round(h) for h in heights.values()}, heights
    # the side charts (side_graph): blank boxes of the charts' own heights, ranking then series
    drawn = [
        dash_duo.driver.execute_script(f"return document.getElementById('{i}').getBoundingClientRect().height")
        for i in (Explorer.RANKING, Explorer.SERIES)
    ]
    assert [round(s["height"]) for s in charts] == [round(h) for h in drawn] == [360, 340], (charts, drawn)
    # the page did not move when the controls came (nor for a frame in between: layout-shift entries)
    assert c["mapTopAfter"] == c["mapTopAtMap"], c
    assert [s for s in c["shifts"] if s["at"] >= c["standInAt"]] == [], c["shifts"]
    assert not dash_duo.find_elements(".after-graph") and dash_duo.get_logs() == []


def test_the_controls_do_not_wait_on_the_table_tab(bundled_app, dash_duo):
    # no map on the page: the controls are drawn at once (after_graph.js drawnOrAbsent)
    dash_duo.start_server(bundled_app, port=free_port())
    dash_duo.driver.get(dash_duo.server_url + "/?tab=table")
    dash_duo.wait_for_element(f"#{Explorer.TABLE} table", timeout=20)
    wait_until(dash_duo.driver, lambda: dash_duo.find_elements(f"#{Explorer.YEAR} [role=slider]"))
    assert not dash_duo.find_elements(f"#{Explorer.MAP}") and not dash_duo.find_elements(".after-graph")
    assert dash_duo.get_logs() == []
