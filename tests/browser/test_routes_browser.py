"""The routes page in headless Chromium: the animation plays in the browser, filters link the charts."""

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
