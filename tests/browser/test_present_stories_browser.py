"""Every example story projected at 1920×1080: in the player (each slide's view in presentation mode) and as
its meeting pack opened from file:// with no network. On every slide the charts are drawn (pixels), text
is at least 18 px and no two texts overlap. One browser and one server serve every case."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from imapdash.ids import Stories
from tests.browser import projection
from tests.conftest import BUNDLED_DATA

pytestmark = pytest.mark.browser

EXAMPLES = sorted(path.stem for path in (BUNDLED_DATA / "stories").glob("*.json"))
from tests.browser.test_present_browser import KNOWN_CHART_DEFECTS  # noqa: E402


def check_projected(driver, where: str) -> None:
    """Charts drawn, text large enough, no overlaps, in the current document (page or frame)."""
    projection.wait_until_drawn(driver)
    coverage = projection.chart_coverage(driver)
    assert coverage, f"{where}: no chart"
    assert [c for c in coverage if not c[-1]] == [], f"{where}: blank charts {coverage}"
    boxes = projection.text_boxes(driver)
    small = projection.small_text(boxes)
    assert small == [], f"{where}: {len(small)} texts under {projection.MIN_TEXT_PX} px: {small[:20]}"
    overlaps = projection.overlapping_text([b for b in boxes if b["where"] not in KNOWN_CHART_DEFECTS])
    assert overlaps == [], f"{where}: overlapping texts {overlaps[:20]}"
    assert projection.overlapping_graphs(driver) == [], where


@pytest.fixture(scope="module")
def room(bundled_app):
    with projection.room_browser(bundled_app) as (driver, base):
        yield driver, base


def counter(driver, selector: str) -> str:
    return driver.execute_script("return document.querySelector(arguments[0]).textContent", selector)


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_story_projects_in_the_player(bundled_app, room, name):
    driver, base = room
    projection.project(driver)
    story = next(s for s in bundled_app.server.extensions["imapdash.story_examples"] if s["id"].endswith(name))
    count = len(story["slides"])
    driver.get(f"{base}/story/example/{name}")
    for number in range(1, count + 1):
        WebDriverWait(driver, 60).until(lambda d, n=number: counter(d, f"#{Stories.COUNTER}") == f"{n} / {count}")
        bar = projection.text_boxes(driver)
        assert projection.small_text(bar) == [], f"player bar, slide {number}"
        frame = driver.find_element("css selector", f"#{Stories.FRAME}")
        driver.switch_to.frame(frame)
        try:
            WebDriverWait(driver, 90).until(lambda d: d.execute_script("return !!document.querySelector('.view')"))
            check_projected(driver, f"{name} slide {number}")
            page = driver.execute_script("return document.body.innerText")
            assert "Source" in page, f"{name} slide {number}: no source shown"
        finally:
            driver.switch_to.default_content()
        ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_story_pack_projects_from_a_file_offline(bundled_app, room, tmp_path, name):
    response = bundled_app.server.test_client().get(f"/stories/example/{name}/pack.html")
    assert response.status_code == 200
    path = tmp_path / f"{name}.html"
    path.write_bytes(response.data)
    driver, _ = room
    projection.project(driver)
    driver.get(path.as_uri())
    count = driver.execute_script("return document.querySelectorAll('.pack-slide').length")
    assert count >= 3
    for number in range(1, count + 1):
        WebDriverWait(driver, 60).until(lambda d, n=number: counter(d, "#pack-counter") == f"{n} / {count}")
        check_projected(driver, f"{name} pack slide {number}")
        sources = driver.execute_script(f"return document.querySelector('#slide-{number} .pack-sources').textContent")
        assert "https://" in sources, f"{name} pack slide {number}: {sources!r}"
        ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
    outside = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => !n.startsWith('file:') && !n.startsWith('data:') && !n.startsWith('blob:'))"
    )
    assert outside == []
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


def test_the_route_animation_plays_in_the_pack(bundled_app, room, tmp_path):
    """The routes slide carries plotly frames and a play button: pressing it steps through the years offline."""
    path = tmp_path / "pack.html"
    path.write_bytes(bundled_app.server.test_client().get("/stories/example/central-mediterranean/pack.html").data)
    driver, _ = room
    projection.project(driver)
    driver.get(path.as_uri())
    chart = "document.querySelector('#slide-1 .pack-chart')"
    WebDriverWait(driver, 90).until(
        lambda d: d.execute_script(
            f"const g = {chart}; return !!(g._transitionData && g._transitionData._frames.length)"
        )
    )
    frames = driver.execute_script(f"return {chart}._transitionData._frames.length")
    assert frames >= 10, "one frame per year, 2014-2024"
    title = f"return {chart}.querySelector('.gtitle').textContent"
    before = driver.execute_script(title)
    driver.execute_script(f"{chart}.querySelector('.updatemenu-button').dispatchEvent(new MouseEvent('click'))")
    WebDriverWait(driver, 60).until(lambda d: d.execute_script(title) != before)
    seen = {driver.execute_script(title)}
    WebDriverWait(driver, 60).until(lambda d: seen.add(d.execute_script(title)) or len(seen) >= 3)
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


SANKEY_STORY = {
    "format": "imapdash-story",
    "version": 1,
    "title": "Nationality, route, arrival area",
    "lang": "en",
    "public": True,
    "slides": [
        # every route: each route's own ten largest nationalities would make some forty names in one column
        {"permalink": "/routes?measure=detections&from=2024&to=2024&view=sankey", "title": "All routes", "note": ""},
        {
            "permalink": "/routes?route=central-mediterranean&measure=detections&from=2014&to=2024&view=sankey",
            "title": "Central Mediterranean",
            "note": "",
        },
    ],
}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_sankey_slide_of_a_pack_reads_without_overlapping_names(bundled_app, room, tmp_path, lang):
    from imapdash.views.stories import build_pack

    datasets = bundled_app.server.extensions["imapdash.datasets"]
    assets = BUNDLED_DATA.parent / "assets"
    path = tmp_path / "sankey.html"
    path.write_text(build_pack(datasets, SANKEY_STORY, lang=lang, assets_dir=assets, restricted=False), "utf-8")
    driver, _ = room
    projection.project(driver)
    driver.get(path.as_uri())
    for number in (1, 2):
        WebDriverWait(driver, 60).until(lambda d, n=number: counter(d, "#pack-counter") == f"{n} / 2")
        check_projected(driver, f"sankey pack ({lang}) slide {number}")
        ActionChains(driver).send_keys(Keys.PAGE_DOWN).perform()  # the next slide in either direction of reading
