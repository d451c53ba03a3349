"""The explorer's load, year slider, Play, indicator menu and profile picker in headless Chromium (issues 13, 20).

Every callback the page sends is recorded in the browser (a fetch wrapper installed before the page's own
scripts), so a test can say which callbacks an interaction fired, not only what it drew.
"""

import pytest
from plotly.offline import get_plotlyjs_version
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from imapdash.ids import Explorer, Profile
from tests.conftest import (
    EXTERNAL_REQUESTS_JS,
    RECORD_CALLBACKS_JS,
    drawn_title_js,
    free_port,
    pick_dropdown_option,
    wait_until,
)

pytestmark = pytest.mark.browser

HANDLE = f"#{Explorer.YEAR} [role=slider]"
SIDE_PANEL = "..explorer-map-summary.children"


def _open(duo, app, path):
    """Start the app, then load `path` afresh with the callback recorder in place."""
    duo.start_server(app, port=free_port())
    duo.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_CALLBACKS_JS})
    duo.driver.get(duo.server_url + path)
    _wait(duo, lambda: len(duo.driver.find_elements("css selector", f"#{Explorer.MAP} path.choroplethlocation")) > 50)
    _settle(duo)


def _wait(duo, condition, timeout=20):
    try:
        return wait_until(duo.driver, condition, timeout)
    except TimeoutError as exc:
        pytest.fail(f"{exc} at {duo.driver.current_url} with map title {_title(duo)!r}")


def _settle(duo):
    """Wait until the renderer has nothing in flight (wait_until follows its readiness)."""
    _wait(duo, lambda: True)


def _title(duo):
    return duo.driver.execute_script(drawn_title_js(Explorer.MAP))


def _callbacks(duo, since=0):
    return duo.driver.execute_script("return window.__callbacks || []")[since:]


def _explorer_callbacks(calls):
    return [c for c in calls if "explorer-" in c["output"] or any("explorer-" in p for p in c["changed"])]


def _handle(duo):
    return duo.find_element(HANDLE)


def test_first_load_runs_no_explorer_callback_and_draws_with_the_partial_plotly_bundle(bundled_app, dash_duo):
    _open(dash_duo, bundled_app, "/?year=2019")
    # the page comes from the URL in the first layout (shell.first_page): no URL <-> controls round trip after it
    assert _explorer_callbacks(_callbacks(dash_duo)) == []
    assert dash_duo.find_element(HANDLE).get_attribute("aria-valuenow") == "6"  # 2019 snapped to 2020, the 7th year
    assert _title(dash_duo) == "Migrant stock as % of population (derived), 2020"
    # plotly.js from assets/js/plotly-partial.min.js, the version plotly.py expects; the full bundle never loads
    assert dash_duo.driver.execute_script("return window.Plotly.version") == get_plotlyjs_version()
    scripts = dash_duo.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name.split('?')[0].split('/').pop())"
    )
    assert "plotly-partial.min.js" in scripts and "plotly.min.js" not in scripts
    assert dash_duo.driver.execute_script(EXTERNAL_REQUESTS_JS) == []
    assert dash_duo.get_logs() == []


def test_the_map_still_draws_when_the_partial_plotly_bundle_fails_to_load(bundled_app, dash_duo):
    # plotly.js loads asynchronously and dcc.Graph waits on shell.js `pendingPlotly`: should the file fail,
    # the graphs already waiting get dcc's own fallback (the plotly package's plotly.js, served by Dash)
    dash_duo.start_server(bundled_app, port=free_port())
    dash_duo.driver.execute_cdp_cmd("Network.enable", {})
    dash_duo.driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*plotly-partial.min.js*"]})
    try:
        dash_duo.driver.get(dash_duo.server_url + "/?year=2019")
        _wait(dash_duo, lambda: len(dash_duo.find_elements(f"#{Explorer.MAP} path.choroplethlocation")) > 50)
        scripts = dash_duo.driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name.split('?')[0].split('/').pop())"
        )
        assert "plotly.min.js" in scripts
        assert _title(dash_duo) == "Migrant stock as % of population (derived), 2020"
    finally:
        dash_duo.driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})


def test_year_keys_move_one_year_with_data_and_the_map_follows_without_the_server(bundled_app, dash_duo):
    _open(dash_duo, bundled_app, "/?ind=migrant_stock_total&year=2020")  # 1990, 1995 … 2015, 2020, 2024
    before = len(_callbacks(dash_duo))
    dash_duo.driver.execute_script("arguments[0].focus()", _handle(dash_duo))
    _handle(dash_duo).send_keys(Keys.ARROW_LEFT)
    _wait(dash_duo, lambda: _title(dash_duo) == "International migrant stock, 2015")
    assert _handle(dash_duo).get_attribute("aria-valuenow") == "5"
    _wait(dash_duo, lambda: _handle(dash_duo).get_attribute("aria-valuetext") == "2015")  # read as a year
    for expected in ("2020", "2024", "2024"):  # exactly one year per key, and the last year stays the last
        _handle(dash_duo).send_keys(Keys.ARROW_RIGHT)
        _wait(dash_duo, lambda e=expected: _title(dash_duo) == f"International migrant stock, {e}")
    _wait(dash_duo, lambda: "year=2024" in dash_duo.driver.current_url)
    # the ranking and the map's text alternative follow (the server's one side-panel callback)
    _wait(dash_duo, lambda: dash_duo.driver.execute_script(drawn_title_js(Explorer.RANKING)).endswith("2024"))
    calls = _callbacks(dash_duo, before)
    # the map is redrawn in the browser: no callback returns its figure; the server fills the side panel
    assert not [c for c in calls if f"{Explorer.MAP}.figure" in c["output"]]
    assert [c for c in calls if f"{Explorer.RANKING}.figure" in c["output"]]
    # the explorer's own address writes do not come back as "URL -> controls" round trips
    assert not [c for c in calls if f"{Explorer.INDICATOR}.value" in c["output"]], calls
    # the address is written in the browser, not by a server callback
    assert not [c for c in calls if f"{Explorer.URL}.search" in c["output"]], calls


# What the map shows after each change of its fills: every country's visible fill (the topmost path with an
# opaque fill), the title, and how many times plotly.js had been asked to draw the map by then.
PAINT_RECORDER_JS = f"""
window.__paints = [];
window.__mapReacts = 0;
const gd = document.querySelector('#{Explorer.MAP} .js-plotly-plot');
const react = window.Plotly.react;
window.Plotly.react = function (target) {{
  if (target === gd || (target && target.contains && target.contains(gd))) {{ window.__mapReacts += 1; }}
  return react.apply(this, arguments);
}};
window.__snapshot = function () {{
  const fills = {{}};
  gd.querySelectorAll('.choroplethlayer path.choroplethlocation').forEach(function (p) {{
    const fill = p.getAttribute('fill') || '';
    if (p.__data__ && p.__data__.loc && !/rgba\\(.*,\\s*0\\)$/.test(fill)) {{ fills[p.__data__.loc] = fill; }}
  }});
  const title = gd.querySelector('.g-gtitle text.gtitle');
  return {{reacts: window.__mapReacts, fills: fills, title: title ? title.textContent : null}};
}};
new MutationObserver(function () {{ window.__paints.push(window.__snapshot()); }})
  .observe(gd, {{subtree: true, attributes: true, attributeFilter: ['fill']}});
"""


@pytest.mark.parametrize(
    ("indicator", "year", "earlier"),
    [("migrant_stock_total", 2020, 2015), ("remittances_received_pct_gdp", 2023, 2022)],  # log and linear scales
)
def test_a_year_change_paints_the_new_colours_before_plotly_redraws_and_plotly_agrees(
    bundled_app, dash_duo, indicator, year, earlier
):
    # one year back: many countries change colour; plotly's own redraw comes a frame later
    _open(dash_duo, bundled_app, f"/?ind={indicator}&year={year}")
    dash_duo.driver.execute_script(PAINT_RECORDER_JS)
    before = dash_duo.driver.execute_script("return window.__snapshot()")
    dash_duo.driver.execute_script("arguments[0].focus()", _handle(dash_duo))
    _handle(dash_duo).send_keys(Keys.ARROW_LEFT)
    _wait(dash_duo, lambda: dash_duo.driver.execute_script("return window.__mapReacts") >= 1)
    _settle(dash_duo)
    _wait(dash_duo, lambda: dash_duo.driver.execute_script(drawn_title_js(Explorer.RANKING)).endswith(str(earlier)))
    paints = dash_duo.driver.execute_script("return window.__paints")
    first, final = paints[0], paints[-1]
    # painted in the browser before plotly.js was asked to redraw the map ...
    assert first["reacts"] == 0, "the year's colours came only with plotly's redraw"
    assert final["reacts"] >= 1 and final["title"].endswith(str(earlier))
    # ... with the title and the very fills plotly's redraw then gives every country (values and no data)
    assert first["title"] == final["title"]
    assert len(final["fills"]) > 200
    differ = {
        iso3: (first["fills"].get(iso3), fill)
        for iso3, fill in final["fills"].items()
        if first["fills"].get(iso3) != fill
    }
    assert not differ, f"{len(differ)} countries painted otherwise than plotly draws them: {list(differ.items())[:5]}"
    # and it was a change: many countries had another colour the year before
    changed = [iso3 for iso3, fill in final["fills"].items() if before["fills"].get(iso3) != fill]
    assert len(changed) > 20, changed
    assert dash_duo.get_logs() == []


def test_the_browser_writes_the_address_the_server_would(bundled_app, dash_duo):
    # language and shell parameters kept, a selection, a non-default region: the query BINDER.query_for gives
    _open(dash_duo, bundled_app, "/?ind=migrant_stock_total&year=2020&region=mtm&sel=TUN,ITA&lang=fr&embed=1")
    before = len(_callbacks(dash_duo))
    dash_duo.driver.execute_script("arguments[0].focus()", _handle(dash_duo))
    _handle(dash_duo).send_keys(Keys.ARROW_LEFT)
    expected = "?ind=migrant_stock_total&year=2015&region=mtm&sel=TUN,ITA&tab=map&lang=fr&embed=1"
    _wait(dash_duo, lambda: dash_duo.driver.execute_script("return location.search") == expected)
    _settle(dash_duo)
    calls = _callbacks(dash_duo, before)
    assert not [c for c in calls if f"{Explorer.URL}.search" in c["output"]], calls
    # nor does the shell's router answer the explorer's own address change: the page keeps the language
    # links current itself, and a language link opens the state as it is now
    assert not [c for c in calls if "page-content.children" in c["output"]], calls
    assert [c["output"].split("...")[0] for c in calls] == [SIDE_PANEL], calls
    english = dash_duo.find_element(".shell-lang-link span[lang=en]").find_element("xpath", "..")
    assert english.get_attribute("href").endswith(expected.replace("lang=fr", "lang=en"))
    dash_duo.driver.execute_script("arguments[0].click()", english)  # a DOM click: embed=1 hides the navbar
    _wait(dash_duo, lambda: _title(dash_duo) == "International migrant stock, 2015")
    assert dash_duo.driver.execute_script("return location.search") == expected.replace("lang=fr", "lang=en")


def test_a_hover_label_does_not_outlive_its_year_during_play(bundled_app, dash_duo):
    # an indicator with many years (remittances: over twenty), so Play is still going while the pointer rests
    values = bundled_app.server.extensions["imapdash.datasets"].indicator_values
    first = int(values.loc[values["indicator_id"] == "remittances_received_usd", "year"].min())
    _open(dash_duo, bundled_app, f"/?ind=remittances_received_usd&year={first}")
    start = _title(dash_duo)
    dash_duo.find_element(f"#{Explorer.PLAY}").click()
    _wait(dash_duo, lambda: _title(dash_duo) != start)
    # the pointer rests on Italy (a country with a value every year) while Play goes on
    italy_js = (
        f"const gd = document.querySelector('#{Explorer.MAP} .js-plotly-plot');"
        "const paths = gd.querySelectorAll('.choroplethlayer .trace')[1].querySelectorAll('path.choroplethlocation');"
        "return Array.from(paths).find(p => p.__data__ && p.__data__.loc === 'ITA');"
    )
    shown = None
    hovered_title = "if (!document.querySelector('.hoverlayer .hovertext')) { return null; }" + drawn_title_js(
        Explorer.MAP
    )
    for _ in range(10):  # hover between two frames: each new frame may close a label opened just before it
        ActionChains(dash_duo.driver).move_to_element(dash_duo.driver.execute_script(italy_js)).perform()
        shown = dash_duo.driver.execute_script(hovered_title)  # the label and the title it opened under
        if shown:
            break
        ActionChains(dash_duo.driver).move_to_element(dash_duo.find_element(f"#{Explorer.PLAY}")).perform()
    assert shown, "no hover label opened on Italy"
    _wait(dash_duo, lambda: _title(dash_duo) != shown, timeout=10)
    labels = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('.hoverlayer .hovertext')).map(e => e.textContent)"
    )
    assert labels == [], f"a hover label of {shown!r} stayed under {_title(dash_duo)!r}: {labels}"
    dash_duo.find_element(f"#{Explorer.PLAY}").click()  # pause


def test_indicator_menu_shows_every_indicator_under_its_layer(bundled_app, dash_duo):
    _open(dash_duo, bundled_app, "/")
    dash_duo.find_element(f"#{Explorer.INDICATOR}").click()
    _wait(dash_duo, lambda: dash_duo.driver.find_elements("css selector", "[role=option]"))
    hidden = dash_duo.driver.execute_script(
        """
        const options = Array.from(document.querySelectorAll('[role=option]'));
        let menu = options[0].parentElement;  // the element that scrolls the list, if one does
        while (menu && menu !== document.body && !(/auto|scroll/.test(getComputedStyle(menu).overflowY)
                                                  && menu.scrollHeight > menu.clientHeight + 1)) {
          menu = menu.parentElement;
        }
        const box = menu.getBoundingClientRect();
        return options.filter(o => { const r = o.getBoundingClientRect();
          return r.top < box.top - 1 || r.bottom > box.bottom + 1 || r.bottom > window.innerHeight; })
          .map(o => o.textContent);
        """
    )
    count = len(bundled_app.server.extensions["imapdash.datasets"].indicators)
    assert len(dash_duo.driver.find_elements("css selector", "[role=option]")) >= count
    assert hidden == [], f"options hidden until scrolled: {hidden}"


def test_profile_picker_opens_a_profile_and_the_open_link_shows_only_with_a_selection(bundled_app, dash_duo):
    _open(dash_duo, bundled_app, "/")
    assert not dash_duo.find_element(f"#{Explorer.PROFILE_LINK}").is_displayed()  # no dead "button"
    pick_dropdown_option(dash_duo, Explorer.SEARCH, "Tunisia")
    dash_duo.wait_for_text_to_equal(f"#{Profile.TITLE}", "Tunisia", timeout=20)
    assert dash_duo.driver.current_url.endswith("/country/TUN")
    dash_duo.driver.back()
    _wait(dash_duo, lambda: len(dash_duo.driver.find_elements("css selector", f"#{Explorer.MAP} path")) > 50)

    pick_dropdown_option(dash_duo, Explorer.SELECTION, "Morocco")
    link = f"#{Explorer.PROFILE_LINK}"
    _wait(dash_duo, lambda: dash_duo.find_element(link).is_displayed())
    assert dash_duo.find_element(link).text == "Open profile: Morocco"
    dash_duo.find_element(link).click()
    dash_duo.wait_for_text_to_equal(f"#{Profile.TITLE}", "Morocco", timeout=20)


def test_indicator_change_keeps_the_year_and_back_restores_both(bundled_app, dash_duo):
    _open(dash_duo, bundled_app, "/?ind=migrant_stock_total&year=2015")
    pick_dropdown_option(dash_duo, Explorer.INDICATOR, "Refugees hosted")
    _wait(dash_duo, lambda: _title(dash_duo) == "Refugees hosted, 2015")
    _wait(dash_duo, lambda: "ind=refugees_hosted&year=2015" in dash_duo.driver.current_url)
    dash_duo.driver.back()
    _wait(dash_duo, lambda: _title(dash_duo) == "International migrant stock, 2015")
    _wait(dash_duo, lambda: _handle(dash_duo).get_attribute("aria-valuenow") == "5")
    assert _handle(dash_duo).get_attribute("aria-valuetext") == "2015"


def test_a_year_change_on_the_table_tab_updates_the_table_and_the_address(bundled_app, dash_duo):
    # the side panel and the address follow the year once the map is redrawn (explorer.js); on the table
    # tab there is no map to redraw: they still follow (both were skipped while the map was unmounted)
    _open(dash_duo, bundled_app, "/?ind=migrant_stock_total&year=2020")
    table_tab = dash_duo.driver.find_element("xpath", f"//*[@id='{Explorer.TABS}']//*[normalize-space(text())='Table']")
    dash_duo.driver.execute_script("arguments[0].click()", table_tab)
    _wait(dash_duo, lambda: "tab=table" in dash_duo.driver.current_url)
    _wait(dash_duo, lambda: "2020" in dash_duo.find_element(f"#{Explorer.TABLE}").text)
    dash_duo.driver.execute_script("arguments[0].focus()", _handle(dash_duo))
    _handle(dash_duo).send_keys(Keys.ARROW_LEFT)
    _wait(dash_duo, lambda: "year=2015" in dash_duo.driver.current_url and "tab=table" in dash_duo.driver.current_url)
    _wait(dash_duo, lambda: "2015" in dash_duo.find_element(f"#{Explorer.TABLE}").text)
    assert "2020" not in dash_duo.find_element(f"#{Explorer.TABLE}").text
