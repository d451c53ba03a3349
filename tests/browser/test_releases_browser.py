"""A page pinned to a data release in headless Chromium: banner, navbar and every callback stay on it.

One app over the fixture data with two releases: release 1 is the bundled build (TUN migrant stock
2024 = 60, UN DESA); release 2 is a focal point's approved value (65, INS Tunisia). The browser never
talks to anything but 127.0.0.1.
"""

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.ui import WebDriverWait

from imapdash.datasets import load_datasets
from imapdash.db import get_engine
from imapdash.figures.choropleth import VALUES_TRACE
from imapdash.ids import Explorer, Profile, Shell
from imapdash.partner import submissions as sub
from imapdash.releases.provider import get_provider
from tests.conftest import EXTERNAL_REQUESTS_JS, FIXTURE_DATA, drawn_title_js, pick_dropdown_option

pytestmark = pytest.mark.browser

UPLOAD = (
    "iso3,indicator_id,year,value,period_label,source_org,source_url,vintage\n"
    "TUN,migrant_stock_total,2024,65,2024,INS Tunisia,https://www.ins.tn/,2025-05\n"
)
CARD = f"#{Profile.CARDS} #profile-card-migrant_stock_total"
BANNER = f"#{Shell.RELEASE}"

# The Tunisia row of the explorer's table tab: [country, value, period, source].
TABLE_ROW_JS = f"""
const row = Array.from(document.querySelectorAll('#{Explorer.TABLE} tbody tr'))
  .find(tr => tr.cells[0] && tr.cells[0].textContent.trim() === arguments[0]);
return row ? Array.from(row.cells).map(c => c.textContent.trim()) : null;
"""
# The values trace of the map as the browser holds it: {iso3: [name, formatted value, period, source]}.
MAP_VALUES_JS = f"""
const plot = document.querySelector('#{Explorer.MAP} .js-plotly-plot');
const trace = plot && plot.data && plot.data[{VALUES_TRACE}];
if (!trace || !trace.locations) return null;
const out = {{}};
Array.from(trace.locations).forEach((iso, i) => {{ out[iso] = Array.from(trace.customdata[i]); }});
return out;
"""


@pytest.fixture
def two_releases(app):
    """The fixture app after approving TUN migrant_stock_total 2024 = 65 (INS Tunisia) as release 2."""
    datasets = load_datasets(FIXTURE_DATA)
    engine = get_engine(app.server)
    result = sub.validate_upload("tun.csv", UPLOAD.encode(), country="TUN", datasets=datasets)
    submission = sub.create_submission(engine, result, user="fp-tun", country="TUN")
    with app.server.app_context():
        sub.approve_submission(engine, submission, admin="boss", datasets=datasets)
    provider = get_provider(app.server)
    assert provider.current_number() == 2
    assert [r["number"] for r in provider.list_releases()] == [2, 1]
    return app


def _wait(duo, condition, what: str, timeout: float = 60):
    try:
        return WebDriverWait(duo.driver, timeout).until(lambda _: condition())
    except TimeoutException:
        banner = duo.driver.execute_script(f"return document.querySelector('{BANNER}')?.innerText || ''")
        pytest.fail(f"timed out waiting for {what} at {duo.driver.current_url} (banner: {banner!r})")


def _text(duo, selector: str) -> str:
    return duo.driver.execute_script("return document.querySelector(arguments[0])?.innerText || ''", selector)


def _map_title(duo) -> str:
    return duo.driver.execute_script(drawn_title_js(Explorer.MAP))


def _banner_links(duo) -> dict[str, str]:
    return duo.driver.execute_script(
        "return Object.fromEntries(Array.from(document.querySelectorAll(arguments[0] + ' a'))"
        ".map(a => [a.textContent.trim(), a.getAttribute('href')]));",
        BANNER,
    )


def _click(duo, element) -> None:
    duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element)


def _tab(duo, label: str):
    return next(t for t in duo.find_elements(f"#{Explorer.TABS} .tab") if t.text.strip() == label)


def _row(duo, country: str) -> list[str] | None:
    return duo.driver.execute_script(TABLE_ROW_JS, country)


def _query(duo) -> str:
    return duo.driver.execute_script("return window.location.search")


def test_a_pinned_page_stays_on_its_release_through_callbacks_and_navigation(two_releases, start_app):
    duo = start_app(two_releases, "/country/TUN?release=1")

    # a. the pinned profile: banner, and the figure and source of release 1
    _wait(duo, lambda: "You are viewing data release 1 of" in _text(duo, BANNER), "the release banner")
    duo.wait_for_text_to_equal(f"#{Profile.TITLE}", "Tunisia", timeout=20)
    assert "pinned" in _text(duo, BANNER)
    links = _banner_links(duo)
    assert links.get("What changed since") == "/releases?from=1&to=2", links
    assert links.get("Show the current figures") == "/country/TUN", links
    card = _text(duo, CARD)
    assert "International migrant stock" in card and "\n60\n" in f"\n{card}\n", card
    assert "UN DESA" in card
    assert "INS Tunisia" not in _text(duo, f"#{Profile.PAGE}")
    # links inside the pinned page keep the pin (here: "Show on map" and the country's CSV)
    assert duo.find_element(f"#{Profile.MAP_LINK}").get_attribute("href").endswith("/?sel=TUN&release=1")

    # c. a navbar link keeps the pin: client-side navigation to the map, still release 1, banner shown
    nav_map = duo.find_element(f"#{Shell.LINKS} a[href='/?release=1']")
    _click(duo, nav_map)
    duo.wait_for_element(f"#{Explorer.PAGE}", timeout=20)
    assert duo.driver.execute_script("return window.location.pathname") == "/"
    _wait(duo, lambda: "You are viewing data release 1 of" in _text(duo, BANNER), "the banner on the map")
    # the explorer renders the state of the URL as it is (no URL round trip on load); its first change
    # writes its state and keeps the pin (b. below)
    _wait(duo, lambda: _map_title(duo).startswith("International migrant stock, "), "the pinned map")
    assert _query(duo) == "?release=1", _query(duo)
    assert all(
        a.get_attribute("href").endswith("?release=1")
        for a in duo.find_elements(f"#{Shell.LINKS} .nav-link:not(.shell-lang-link)")
    )

    # b. controls answered from release 1: another indicator and back, the map and the table rebuilt by
    # callbacks each time (the map first, on its tab; then the table tab)
    pick_dropdown_option(duo, Explorer.INDICATOR, "Refugees hosted")
    _wait(duo, lambda: "ind=refugees_hosted" in _query(duo), "the URL to follow the indicator")
    assert "release=1" in _query(duo), _query(duo)
    _wait(duo, lambda: _map_title(duo).startswith("Refugees hosted, "), "the refugees map")
    values = _wait(
        duo, lambda: (v := duo.driver.execute_script(MAP_VALUES_JS)) and "LBY" in v and v, "LBY on the refugees map"
    )
    assert "TUN" not in values, values
    _click(duo, _tab(duo, "Table"))
    _wait(duo, lambda: "tab=table" in _query(duo), "the URL to record the table tab")
    assert "release=1" in _query(duo), _query(duo)
    libya = _wait(duo, lambda: _row(duo, "Libya"), "the refugees table")
    assert libya[1] == "44" and libya[3] == "UNHCR", libya
    assert _row(duo, "Tunisia") is None

    pick_dropdown_option(duo, Explorer.INDICATOR, "International migrant stock")
    _wait(duo, lambda: "ind=migrant_stock_total" in _query(duo), "the URL to follow the indicator back")
    row = _wait(duo, lambda: _row(duo, "Tunisia"), "Tunisia back in the table")
    assert row[1:] == ["60", "2024", "UN DESA"], row
    assert _row(duo, "Libya") is None
    query = _query(duo)
    assert "ind=migrant_stock_total" in query and "year=2024" in query and "release=1" in query, query

    _click(duo, _tab(duo, "Map"))
    _wait(duo, lambda: "tab=map" in _query(duo), "the URL to record the map tab")
    _wait(duo, lambda: _map_title(duo) == "International migrant stock, 2024", "the migrant stock map")
    values = _wait(duo, lambda: (v := duo.driver.execute_script(MAP_VALUES_JS)) and "TUN" in v and v, "TUN on the map")
    assert values["TUN"][1] == "60" and values["TUN"][3] == "UN DESA", values["TUN"]
    assert "release=1" in _query(duo), _query(duo)
    assert "INS Tunisia" not in _text(duo, f"#{Explorer.PAGE}")
    assert "You are viewing data release 1 of" in _text(duo, BANNER)
    # the banner's way out keeps the view's state and drops only the pin
    unpinned = _wait(
        duo,
        lambda: (h := _banner_links(duo).get("Show the current figures", "")) != "/" and h,
        "the banner link to follow the explorer state",
    )
    assert "ind=migrant_stock_total" in unpinned and "year=2024" in unpinned and "release" not in unpinned, unpinned

    # a. (the other half) the unpinned profile: the approved figure and source, no banner
    duo.driver.get(duo.server_url + "/country/TUN")
    _wait(duo, lambda: "INS Tunisia" in _text(duo, CARD), "the current release's source on the profile")
    card = _text(duo, CARD)
    assert "\n65\n" in f"\n{card}\n" and "UN DESA" not in card, card
    assert duo.find_elements(f"{BANNER} .shell-release") == []
    assert _text(duo, BANNER) == ""

    assert duo.driver.execute_script(EXTERNAL_REQUESTS_JS) == []
    assert duo.get_logs() == []
