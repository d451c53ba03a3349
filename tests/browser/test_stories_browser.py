"""Stories in headless Chromium with every host but 127.0.0.1 unresolvable: the player steps through a
three-slide story with the keyboard, and an exported meeting pack draws its map from a file:// URL."""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from imapdash.ids import Routes, Stories
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
    WebDriverWait(duo.driver, 60).until(
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
    # the embedded routes view writes its state into its own URL (here: monthly steps picked in the frame);
    # that must not add a Back step to the player
    frame = duo.find_element(f"#{Stories.FRAME}")
    duo.driver.switch_to.frame(frame)
    try:
        WebDriverWait(duo.driver, 60).until(
            lambda d: d.execute_script(
                "const r = document.querySelector(arguments[0] + ' input[value=month]'); if (r) { r.click(); }"
                " return !!r;",
                f"#{Routes.GRANULARITY}",
            )
        )
    finally:
        duo.driver.switch_to.default_content()
    WebDriverWait(duo.driver, 60).until(
        lambda d: (
            "gran=month"
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
    WebDriverWait(driver, 60).until(
        lambda d: d.execute_script("return document.querySelectorAll('path.choroplethlocation').length") > 0
    )
    assert driver.execute_script("return document.getElementById('pack-counter').textContent") == "1 / 3"
    outside = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => !n.startsWith('file:') && !n.startsWith('data:'))"
    )
    assert outside == []
    ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
    WebDriverWait(driver, 60).until(
        lambda d: d.execute_script("return document.getElementById('pack-counter').textContent") == "2 / 3"
    )
    WebDriverWait(driver, 60).until(
        lambda d: d.execute_script("return document.querySelectorAll('#slide-2 .scattergeo path').length") > 0
    )
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_clicker_blanks_the_screen_and_n_opens_a_presenter_window_that_follows(app, start_app):
    story_id = save(app)
    duo = start_app(app, f"/story/{story_id}")
    driver = duo.driver
    wait_text(duo, f"#{Stories.COUNTER}", "1 / 3")
    hidden = "return document.getElementById(arguments[0]).hidden"
    ActionChains(driver).send_keys("b").perform()
    WebDriverWait(driver, 60).until(lambda d: d.execute_script(hidden, Stories.BLANK) is False)
    ActionChains(driver).send_keys("b").perform()
    WebDriverWait(driver, 60).until(lambda d: d.execute_script(hidden, Stories.BLANK) is True)

    player = driver.current_window_handle
    ActionChains(driver).send_keys("n").perform()
    WebDriverWait(driver, 60).until(lambda d: len(d.window_handles) == 2)
    presenter = next(h for h in driver.window_handles if h != player)
    driver.switch_to.window(presenter)
    assert "presenter=1" in driver.current_url
    wait_text(duo, f"#{Stories.NOTE}", "Stock grew in 2024")
    wait_text(duo, f"#{Stories.NEXT_TITLE}", "Routes")
    assert driver.execute_script(hidden, Stories.NOTE) is False
    assert "/routes?embed=1" in driver.find_element("css selector", f"#{Stories.NEXT_FRAME}").get_attribute("src")

    driver.switch_to.window(player)  # the clicker drives the projected window; the presenter's follows
    ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
    wait_text(duo, f"#{Stories.COUNTER}", "2 / 3")
    driver.switch_to.window(presenter)
    wait_text(duo, f"#{Stories.COUNTER}", "2 / 3")
    wait_text(duo, f"#{Stories.NOTE}", "Detections, not persons")
    wait_text(duo, f"#{Stories.NEXT_TITLE}", "Sources")
    ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()  # and the other way round
    wait_text(duo, f"#{Stories.NEXT_TITLE}", "—")
    driver.switch_to.window(player)
    wait_text(duo, f"#{Stories.COUNTER}", "3 / 3")
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


def test_pack_handout_prints_one_slide_per_page_with_chart_images_and_sources(app, dash_duo, tmp_path):
    story_id = save(app)
    path = tmp_path / "pack.html"
    path.write_bytes(app.server.test_client().get(f"/stories/{story_id}/pack.html").data)
    driver = dash_duo.driver
    driver.get(path.as_uri())
    WebDriverWait(driver, 60).until(
        lambda d: d.execute_script("return document.querySelectorAll('path.choroplethlocation').length") > 0
    )
    driver.set_script_timeout(60)
    driver.execute_async_script("const done = arguments[0]; window.imapdashPack.handout().then(() => done(true));")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    pages = driver.execute_script(
        """return Array.from(document.querySelectorAll('.pack-slide')).map(s => ({
             shown: getComputedStyle(s).display !== 'none', pageBreak: getComputedStyle(s).breakAfter,
             charts: s.querySelectorAll('.pack-chart').length,
             images: Array.from(s.querySelectorAll('img.pack-print')).filter(
               i => i.naturalWidth >= 1600 && getComputedStyle(i).display !== 'none').length,
             liveCharts: Array.from(s.querySelectorAll('.pack-chart')).filter(
               c => getComputedStyle(c).display !== 'none').length,
             sources: s.querySelector('.pack-sources').textContent}));"""
    )
    assert len(pages) == 3
    for page in pages:
        assert page["shown"] and page["pageBreak"] == "page"
        assert page["images"] == page["charts"] and page["liveCharts"] == 0
        assert page["sources"].startswith("Sources:")
    assert pages[0]["charts"] >= 1 and pages[1]["charts"] >= 1
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


def log_in_browser(duo, app, username: str = "agency", role: str = "partner_agency", next_path: str = "/") -> None:
    from tests.conftest import TEST_PASSWORD, add_user

    add_user(app.server, username, role)
    duo.driver.get(f"{duo.server_url}/login?next={next_path}")
    duo.wait_for_element("#username").send_keys(username)
    duo.find_element("#password").send_keys(TEST_PASSWORD)
    duo.find_element("form button[type=submit]").click()


def add_current_view(duo, *, story: str | None, slide_title: str) -> str:
    """Open the shell's "Add to story" dialog, fill it and confirm; returns the dialog's answer."""
    from selenium.webdriver.support.ui import Select

    duo.wait_for_element(f"#{Stories.ADD_OPEN}", timeout=30).click()
    duo.wait_for_element(f"#{Stories.ADD_CONFIRM}", timeout=20)
    if story is None:
        duo.find_element(f"#{Stories.ADD_NEW_TITLE}").send_keys("Briefing for the expert meeting")
    else:
        Select(duo.find_element(f"#{Stories.ADD_PICK}")).select_by_visible_text(story)
    box = duo.find_element(f"#{Stories.ADD_SLIDE_TITLE}")
    box.clear()
    box.send_keys(slide_title)
    duo.find_element(f"#{Stories.ADD_NOTE}").send_keys(f"Note for {slide_title}")
    duo.find_element(f"#{Stories.ADD_CONFIRM}").click()
    WebDriverWait(duo.driver, 60).until(lambda d: d.find_element("id", Stories.ADD_RESULT).text.strip())
    return duo.find_element(f"#{Stories.ADD_RESULT}").text


def test_a_partner_adds_the_routes_view_and_the_explorer_to_a_story_from_the_top_bar(app, start_app):
    duo = start_app(app, "/routes?measure=dead_missing")
    assert not duo.driver.find_element("id", Stories.ADD_OPEN).is_displayed(), "anonymous readers have no control"
    log_in_browser(duo, app, next_path="/routes?measure=dead_missing")
    duo.wait_for_element("#routes-map .main-svg", timeout=30)
    answer = add_current_view(duo, story=None, slide_title="Dead and missing")
    assert "Slide 1 added to “Briefing for the expert meeting”" in answer
    duo.driver.get(f"{duo.server_url}/?ind=migrant_stock_total&year=2024")
    duo.wait_for_element("#explorer-map .main-svg", timeout=30)
    answer = add_current_view(duo, story="Briefing for the expert meeting", slide_title="Migrant stock")
    assert "Slide 2 added" in answer
    saved = service.list_stories(app.server.extensions["imapdash.db"], include_private=True)
    assert len(saved) == 1 and saved[0]["owner"] == "agency"
    slides = saved[0]["slides"]
    assert [s["title"] for s in slides] == ["Dead and missing", "Migrant stock"]
    assert slides[0]["permalink"].startswith("/routes?") and "measure=dead_missing" in slides[0]["permalink"]
    assert slides[1]["permalink"].startswith("/?") and "ind=migrant_stock_total" in slides[1]["permalink"]
    assert "year=2024" in slides[1]["permalink"] and slides[1]["note"] == "Note for Migrant stock"
    assert duo.get_logs() == []


def press(duo, selector: str) -> None:
    """Click a button below the fold (a native click there lands on the page's footer)."""
    duo.driver.execute_script("arguments[0].click();", duo.find_element(selector))


def slide_titles_in_editor(duo) -> list[str]:
    return duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('.stories-slide input')).map(i => i.value)"
    )


def test_editor_reorders_with_the_keyboard_edits_notes_saves_and_duplicates_keeping_the_story_open(app, start_app):
    from tests.conftest import pick_dropdown_option

    story_id = save(app)
    duo = start_app(app, "/")
    log_in_browser(duo, app, username="tester", next_path="/stories")
    duo.wait_for_element(f"#{Stories.PICK}", timeout=30)
    pick_dropdown_option(duo, Stories.PICK, "Expert meeting")
    WebDriverWait(duo.driver, 60).until(lambda d: slide_titles_in_editor(duo) == ["Migrant stock", "Routes", "Sources"])

    # keyboard only: focus "Move slide 3 up", press Enter; focus follows the slide, Space moves it again
    up3 = duo.find_element("button[aria-label='Move slide 3 up']")
    duo.driver.execute_script("arguments[0].focus()", up3)
    ActionChains(duo.driver).send_keys(Keys.ENTER).perform()
    WebDriverWait(duo.driver, 60).until(lambda d: slide_titles_in_editor(duo) == ["Migrant stock", "Sources", "Routes"])
    WebDriverWait(duo.driver, 60).until(
        lambda d: d.execute_script("return document.activeElement.getAttribute('aria-label')") == "Move slide 2 up"
    )
    ActionChains(duo.driver).send_keys(Keys.SPACE).perform()
    WebDriverWait(duo.driver, 60).until(lambda d: slide_titles_in_editor(duo) == ["Sources", "Migrant stock", "Routes"])
    assert duo.driver.execute_script("return document.querySelector(\"button[aria-label='Move slide 1 up']\").disabled")

    note = duo.find_element("textarea[id*='stories-slide-note'][id*='\"index\":1']")
    note.send_keys(Keys.CONTROL, "a")
    note.send_keys("Stock grew again in 2024")
    press(duo, f"#{Stories.SAVE}")
    WebDriverWait(duo.driver, 60).until(lambda d: "saved" in d.find_element("id", Stories.RESULT).text)
    saved = service.get_story(app.server.extensions["imapdash.db"], story_id, include_private=True)
    assert [s["title"] for s in saved["slides"]] == ["Sources", "Migrant stock", "Routes"]
    assert saved["slides"][1]["note"] == "Stock grew again in 2024"
    # the story stays open after Save: same title, same slides, the dropdown still names it
    time.sleep(1)
    assert duo.find_element(f"#{Stories.TITLE}").get_attribute("value") == "Expert meeting"
    assert slide_titles_in_editor(duo) == ["Sources", "Migrant stock", "Routes"]
    assert "Expert meeting" in duo.find_element(f"#{Stories.PICK}").text

    press(duo, f"#{Stories.DUPLICATE}")
    WebDriverWait(duo.driver, 60).until(
        lambda d: d.find_element("id", Stories.TITLE).get_attribute("value") == "Copy of Expert meeting"
    )
    WebDriverWait(duo.driver, 60).until(lambda d: "Copy of Expert meeting" in d.find_element("id", Stories.PICK).text)
    stories = service.list_stories(app.server.extensions["imapdash.db"], include_private=True)
    copy = next(s for s in stories if s["title"] == "Copy of Expert meeting")
    assert copy["slides"] == saved["slides"] and copy["id"] != story_id
    assert slide_titles_in_editor(duo) == ["Sources", "Migrant stock", "Routes"]
    assert duo.get_logs() == []
