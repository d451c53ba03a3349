"""Presentation mode projected in headless Chromium at 1280×720, 1920×1080 and 3840×2160: every chart is drawn
(pixels, not a blank box), text is at least 18 px at 1920×1080 (in proportion at the other sizes: the room sees
the same picture), contrast holds, and nothing overlaps. One browser and one server serve every case."""

from __future__ import annotations

import pytest

from tests.browser import projection
from tests.conftest import wait_until

pytestmark = pytest.mark.browser

VIEWS = ["/", "/routes", "/country/TUN", "/news"]
MAPS = {"/": "explorer-map", "/routes": "routes-map"}
MAP_BOX_JS = "const r = document.getElementById(arguments[0]).getBoundingClientRect(); return [r.top, r.bottom];"
# Known overlaps inside these charts, named with what they are (texts outside them are still checked against
# everything). Empty: the last excuses (flows year axes, news term trends, profile remittances) were fixed.
KNOWN_CHART_DEFECTS: dict[str, str] = {}
# Horizontal bar charts whose drawn category names are fewer than their bars (plotly drops every other name
# when the figure has less than a line of room-size type per bar).
UNNAMED_BARS_JS = """
return Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap(function (g) {
  var names = new Set();
  (g.data || []).forEach(function (t) {
    if (t.orientation === 'h' && Array.isArray(t.y) && t.visible !== false) {
      t.y.forEach(function (y) { names.add(String(y)); });
    }
  });
  if (!names.size) { return []; }
  var shown = Array.from(g.querySelectorAll('.ytick text')).filter(function (t) { return t.textContent.trim(); });
  return shown.length < names.size ? [(g.id || g.parentElement.id) + ': ' + shown.length + ' of ' + names.size] : [];
});
"""


@pytest.fixture(scope="module")
def room(bundled_app):
    with projection.room_browser(bundled_app) as (driver, base):
        yield driver, base


def open_projected(driver, base: str, path: str, size: tuple[int, int]) -> None:
    projection.project(driver, size)
    separator = "&" if "?" in path else "?"
    driver.get(f"{base}{path}{separator}present=1&lang=en")
    projection.wait_until_drawn(driver)


@pytest.mark.parametrize("size", projection.ROOM_SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("path", VIEWS)
def test_presentation_mode_draws_every_chart_with_room_sized_text_and_no_overlap(room, path, size):
    driver, base = room
    open_projected(driver, base, path, size)
    coverage = projection.chart_coverage(driver)
    assert coverage, f"no chart visible on {path}"
    blank = [chart for chart in coverage if not chart[-1]]
    assert blank == [], f"blank or barely drawn charts on {path} at {size} (name, cells, ink span): {blank}"

    boxes = projection.text_boxes(driver)
    assert len(boxes) > 10
    least = projection.min_text_px(size)
    small = projection.small_text(boxes, least)
    assert small == [], f"{len(small)} texts under {least:.0f} px on {path} at {size}: {small[:40]}"
    dim = projection.low_contrast(boxes)
    assert dim == [], f"{len(dim)} texts under 4.5:1 contrast on {path} at {size}: {dim[:30]}"
    checked = [b for b in boxes if b["where"] not in KNOWN_CHART_DEFECTS]
    overlaps = projection.overlapping_text(checked)
    assert overlaps == [], f"{len(overlaps)} overlapping texts on {path} at {size}: {overlaps[:30]}"
    assert projection.overlapping_graphs(driver) == [], f"{path} at {size}"
    unnamed = driver.execute_script(UNNAMED_BARS_JS)
    assert unnamed == [], f"bars without their names on {path} at {size}: {unnamed}"
    if path in MAPS:  # the map fills the screen, its source line on it
        top, bottom = driver.execute_script(MAP_BOX_JS, MAPS[path])
        assert bottom - top >= 0.65 * size[1] and bottom <= size[1] + 2, f"{path} at {size}: map from {top} to {bottom}"
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == [], f"{path} at {size}"


YEAR_ROW_JS = """
const play = document.getElementById('explorer-play').getBoundingClientRect();
const marks = Array.from(document.querySelectorAll('#explorer-year-box .dash-slider-mark'))
  .map(m => m.getBoundingClientRect()).filter(r => r.width > 0);
const track = document.querySelector('#explorer-year-box .dash-slider-track');
return {play: [play.left, play.right, play.top, play.bottom],
        marks: marks.map(r => [r.left, r.right, r.top, r.bottom]),
        track: track ? getComputedStyle(track).backgroundColor : null,
        page: (function () {  // what the track is seen on: its first ancestor with a background
          for (let e = track && track.parentElement; e; e = e.parentElement) {
            const c = getComputedStyle(e).backgroundColor;
            if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { return c; }
          }
          return 'rgb(255, 255, 255)';
        })(),
        wide: document.documentElement.scrollWidth - document.documentElement.clientWidth};
"""


@pytest.mark.parametrize("size", projection.ROOM_SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_shown_year_slider_keeps_its_years_clear_of_play_and_on_screen(room, size):
    """`c` shows the explorer's controls while presenting: the first year ran under the Play button, the last
    one past the screen's right edge (a sideways scroll bar), and the slider's track was dark on the black page."""
    driver, base = room
    open_projected(driver, base, "/", size)
    driver.find_element("css selector", "body").send_keys("c")
    wait_until(driver, lambda: driver.execute_script(YEAR_ROW_JS)["marks"])
    row = driver.execute_script(YEAR_ROW_JS)
    _, play_right, play_top, play_bottom = row["play"]
    beside = [m for m in row["marks"] if m[2] < play_bottom and m[3] > play_top]  # marks level with the button
    assert all(m[0] >= play_right for m in beside), row
    assert all(m[1] <= size[0] for m in row["marks"]) and row["wide"] <= 0, row
    page = _rgba(row["page"])[:3]
    track = _rgba(row["track"])
    seen = [track[3] * c + (1 - track[3]) * p for c, p in zip(track[:3], page, strict=True)]  # over the page
    assert projection.contrast(seen, page) >= 3, row  # a control's part: 3:1 (WCAG 1.4.11)


def _rgba(css: str) -> list[float]:
    """'rgb(r, g, b)' or 'rgba(r, g, b, a)' as [r, g, b, a]."""
    values = [float(v) for v in css[css.index("(") + 1 : css.index(")")].split(",")]
    return values + [1.0] * (4 - len(values))
