"""Stories in headless Chromium with every host but 127.0.0.1 unresolvable: the player steps through a
three-slide story with the keyboard, and an exported meeting pack draws its map from a file:// URL."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from imapdash.ids import Stories
from imapdash.stories import service
from imapdash.views.stories import is_story_path
from tests.conftest import EXTERNAL_REQUESTS_JS

pytestmark = pytest.mark.browser

STORY = {
    "title": "Expert meeting",
    "slides": [
        {"permalink": "/?ind=migrant_stock_total&year=2024", "title": "Migrant stock", "note": "Stock grew in 2024"},
        {"permalink": "/routes", "title": "Routes", "note": "Detections, not persons"},
        {"permalink": "/sources", "title": "Sources", "note": ""},
    ],
}


def save(app) -> int:
    return service.save_story(
        app.server.extensions["imapdash.db"], service.validate_story(STORY, is_story_path), user="tester"
    )


def wait_text(duo, selector: str, text: str) -> None:
    """textContent, not .text: the player's bar fades out (opacity 0) while the presenter is idle."""
    WebDriverWait(duo.driver, 25).until(
        lambda d: d.execute_script("return document.querySelector(arguments[0])?.textContent", selector) == text
    )


def frame_src(duo) -> str:
    return duo.find_element(f"#{Stories.FRAME}").get_attribute("src")


def test_player_steps_through_three_slides_with_the_keyboard(app, start_app):
    story_id = save(app)
    duo = start_app(app, f"/story/{story_id}")
    wait_text(duo, f"#{Stories.COUNTER}", "1 / 3")
    assert "/?ind=migrant_stock_total&year=2024&embed=1&present=1&lang=en" in frame_src(duo)
    keys = ActionChains(duo.driver)
    keys.send_keys(Keys.ARROW_RIGHT).perform()
    wait_text(duo, f"#{Stories.COUNTER}", "2 / 3")
    assert "/routes?embed=1&present=1&lang=en" in frame_src(duo)
    assert duo.driver.current_url.endswith(f"/story/{story_id}?slide=2")
    wait_text(duo, f"#{Stories.SLIDE_TITLE}", "Routes")
    keys.send_keys(Keys.PAGE_DOWN).perform()
    wait_text(duo, f"#{Stories.COUNTER}", "3 / 3")
    assert "/sources?embed=1" in frame_src(duo)
    ActionChains(duo.driver).send_keys(Keys.ARROW_LEFT).perform()
    wait_text(duo, f"#{Stories.COUNTER}", "2 / 3")
    assert "/routes?embed=1" in frame_src(duo)
    ActionChains(duo.driver).send_keys("n").perform()
    wait_text(duo, f"#{Stories.NOTE}", "Detections, not persons")
    # the embedded routes view writes its state into its own URL; that must not add a Back step to the player
    WebDriverWait(duo.driver, 25).until(
        lambda d: (
            "measure="
            in d.execute_script(
                "return document.querySelector(arguments[0]).contentWindow.location.search", f"#{Stories.FRAME}"
            )
        )
    )
    duo.driver.back()
    wait_text(duo, f"#{Stories.COUNTER}", "3 / 3")
    duo.driver.refresh()
    wait_text(duo, f"#{Stories.COUNTER}", "3 / 3")
    assert duo.driver.execute_script(EXTERNAL_REQUESTS_JS) == []
    assert duo.get_logs() == []


def test_meeting_pack_draws_its_map_from_a_file_without_network(app, dash_duo, tmp_path):
    story_id = save(app)
    pack = app.server.test_client().get(f"/stories/{story_id}/pack.html")
    assert pack.status_code == 200
    path = tmp_path / "pack.html"
    path.write_bytes(pack.data)
    driver = dash_duo.driver
    driver.get(path.as_uri())
    WebDriverWait(driver, 20).until(
        lambda d: d.execute_script("return document.querySelectorAll('path.choroplethlocation').length") > 0
    )
    assert driver.execute_script("return document.getElementById('pack-counter').textContent") == "1 / 3"
    outside = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => !n.startsWith('file:') && !n.startsWith('data:'))"
    )
    assert outside == []
    ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("return document.getElementById('pack-counter').textContent") == "2 / 3"
    )
    WebDriverWait(driver, 20).until(
        lambda d: d.execute_script("return document.querySelectorAll('#slide-2 .scattergeo path').length") > 0
    )
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
