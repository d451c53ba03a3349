"""The News Centre in headless Chromium: filters change the trend and term charts and the URL."""

import re

import pytest
from dash.testing.wait import until

from imapdash import create_app
from imapdash.ids import News, Shell
from tests.conftest import BUNDLED_DATA, EXTERNAL_REQUESTS_JS, RECORD_CALLBACKS_JS, make_settings, wait_until

pytestmark = pytest.mark.browser

FIGURE_JS = """
const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
if (!gd || !gd.data) { return null; }
return gd.data.map(t => [t.name || '', (t.y || []).reduce((a, b) => a + b, 0)]);
"""


@pytest.fixture
def news_app(tmp_path):
    return create_app(make_settings(tmp_path, BUNDLED_DATA))


def _figure(duo, graph_id):
    return duo.driver.execute_script(FIGURE_JS, graph_id)


def _total(traces):
    return sum(y for _, y in traces)


def test_theme_and_language_filters_change_trend_and_term_charts(news_app, start_app):
    duo = start_app(news_app, "/news")
    duo.wait_for_element(f"#{News.TREND} .main-svg", timeout=30)
    duo.wait_for_contains_text(f"#{News.COUNT}", "2463 of 2463 items match")
    assert _total(_figure(duo, News.TREND)) == 2463
    all_terms = {name for name, _ in _figure(duo, News.TERM_TRENDS)}
    assert "irregular (English)" in all_terms and "غير شرعية (Arabic)" in all_terms

    duo.select_dcc_dropdown(f"#{News.LANGUAGE}", value="French")
    duo.wait_for_contains_text(f"#{News.COUNT}", "46 of 2463 items match")
    duo.wait_for_element(f"#{News.TERM_TRENDS} .main-svg")
    until(lambda: _total(_figure(duo, News.TREND)) == 46, timeout=10)
    assert {name for name, _ in _figure(duo, News.TERM_TRENDS) if not name.startswith("too few")} == {
        "clandestin(s) (French)",
        "irrégulier(s) (French)",
        "sans-papiers (French)",
    }
    assert "ilang=fr" in duo.driver.current_url  # items in French; `lang` is the interface

    duo.select_dcc_dropdown(f"#{News.THEME}", value="Deaths and rescue")
    until(lambda: "theme=deaths" in duo.driver.current_url, timeout=10)
    # the URL is written by its own callback, which may answer before the charts and the list do
    until(lambda: not duo.find_element(f"#{News.COUNT}").text.startswith("46 of "), timeout=10)
    count = duo.find_element(f"#{News.COUNT}").text
    matched = int(count.split(" of ")[0])
    assert 0 < matched < 46
    until(lambda: _total(_figure(duo, News.TREND)) == matched, timeout=10)
    # every listed item shows "Deaths and rescue" among its themes, with the keywords that matched
    themes = [e.text for e in duo.find_elements(f"#{News.LIST} .news-item-themes")]
    assert len(themes) == matched and all("Deaths and rescue (" in t for t in themes)

    assert duo.driver.execute_script(EXTERNAL_REQUESTS_JS) == []
    assert duo.get_logs() == []


def test_arabic_items_render_right_to_left_and_back_restores_filters(news_app, start_app):
    duo = start_app(news_app, "/news?ilang=ar")
    duo.wait_for_contains_text(f"#{News.COUNT}", "101 of 2463 items match")
    titles = duo.find_elements(f"#{News.LIST} .news-item-title a")
    assert titles and all(t.get_attribute("dir") == "rtl" and t.get_attribute("lang") == "ar" for t in titles)
    assert all(t.get_attribute("target") == "_blank" and "noopener" in t.get_attribute("rel") for t in titles)
    assert all(t.get_attribute("href").startswith(("http://", "https://")) for t in titles)

    duo.select_dcc_dropdown(f"#{News.LANGUAGE}", value="English")
    duo.wait_for_contains_text(f"#{News.COUNT}", "2316 of 2463 items match")
    duo.driver.back()
    duo.wait_for_contains_text(f"#{News.COUNT}", "101 of 2463 items match")
    assert duo.get_logs() == []


def test_a_filter_change_asks_the_server_for_the_content_and_the_query_only(news_app, start_app):
    """One filter change: the content callback and the URL writer; the query it wrote goes neither back to the
    controls nor to the router (both did a server round trip per change before)."""
    duo = start_app(news_app, "/news")
    duo.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_CALLBACKS_JS})
    duo.driver.get(duo.server_url + "/news")
    duo.wait_for_contains_text(f"#{News.COUNT}", "2463 of 2463 items match")
    wait_until(duo.driver, lambda: True)  # nothing in flight
    before = len(duo.driver.execute_script("return window.__callbacks"))

    duo.select_dcc_dropdown(f"#{News.LANGUAGE}", value="French")
    duo.wait_for_contains_text(f"#{News.COUNT}", "46 of 2463 items match")
    until(lambda: "ilang=fr" in duo.driver.current_url, timeout=10)
    wait_until(duo.driver, lambda: True)
    outputs = [c["output"] for c in duo.driver.execute_script("return window.__callbacks")[before:]]
    assert len(outputs) == 2, outputs
    assert sum(o.startswith(f"..{Shell.URL}.search@") for o in outputs) == 1, outputs
    assert not any(f"{News.LANGUAGE}.value" in o or f"{Shell.PAGE}.children" in o for o in outputs), outputs
    # the navbar's language links follow the new query without the router
    hrefs = [a.get_attribute("href") for a in duo.find_elements(".shell-lang-link")]
    assert hrefs and all("ilang=fr" in h for h in hrefs), hrefs

    # a language link goes to the address as it is now, in that language
    duo.driver.execute_script("document.querySelector('.shell-lang-link span[lang=fr]').click()")
    url = lambda: duo.driver.current_url  # noqa: E731
    until(lambda: re.search(r"[?&]lang=fr", url()) and "ilang=fr" in url(), timeout=10)
    until(lambda: duo.driver.execute_script("return document.documentElement.lang") == "fr", timeout=10)
    duo.wait_for_contains_text(f"#{News.COUNT}", "46 ")
    assert duo.get_logs() == []


PLACEHOLDERS_CUT_JS = """
const canvas = document.createElement('canvas').getContext('2d');
return Array.from(document.querySelectorAll('input[placeholder]')).filter(i => i.offsetParent).map(i => {
  const style = getComputedStyle(i);
  canvas.font = style.font;
  const room = i.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [i.id, i.placeholder, Math.round(canvas.measureText(i.placeholder).width), Math.round(room)];
}).filter(p => p[2] > p[3]);
"""


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_the_search_box_shows_its_whole_placeholder(news_app, start_app, lang):
    # Dash 4's dcc.Input wraps its <input> in a container: with Bootstrap's form-control the container took the
    # column's width and the input kept ~20 characters ("Rechercher dans les tit")
    duo = start_app(news_app, f"/news?lang={lang}")
    duo.wait_for_element(f"#{News.SEARCH}")
    assert duo.driver.execute_script(PLACEHOLDERS_CUT_JS) == []
