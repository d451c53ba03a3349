"""What a projector shows, measured in headless Chromium: charts drawn (pixels, not DOM), type size, overlaps.

Used by the presentation-mode and meeting-pack tests. A chart is measured on a screenshot of its box:
pixels that differ from the box's dominant (background) colour are ink. It counts as drawn when its ink
spans most of the box (`ink_span`: at least 75 % of the width and 60 % of the height) and reaches a
good share of a 6×6 grid laid over it (`cells_drawn`). A blank white or black rectangle has no ink at
all; a map, a bar chart, a line chart with its grid, even a profile sparkline spread ink across the box.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from contextlib import contextmanager

from PIL import Image, ImageChops

PROJECTOR = (1920, 1080)
# The room sizes presentation mode is checked at: a 720p projector, a 1080p one, a 4K screen.
ROOM_SIZES = ((1280, 720), PROJECTOR, (3840, 2160))
MIN_TEXT_PX = 18
GRID = 6
# a cell is drawn when this share of its pixels is not the background colour
CELL_INK = 0.004


def project(driver, size: tuple[int, int] = PROJECTOR) -> None:
    """Make the page's viewport exactly `size` CSS pixels at device scale 1 (a 1080p projector)."""
    width, height = size
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


def min_text_px(size: tuple[int, int] = PROJECTOR) -> float:
    """The smallest text allowed at `size`: 18 px at 1920 wide, in proportion elsewhere (a projector shows
    the same picture at any resolution: 12 px on a 1280x720 one is as tall on the wall as 18 px on 1080p)."""
    return MIN_TEXT_PX * size[0] / PROJECTOR[0]


@contextmanager
def room_browser(app) -> Iterator[tuple[object, str]]:
    """One headless Chromium (the test suite's options, offline) and `app` served once: (driver, base URL).

    For module-scoped fixtures: many projected pages share one browser and one server instead of
    starting both per test (the suite's time budget)."""
    from selenium import webdriver

    from tests.conftest import pytest_setup_options
    from tests.integration.served import served

    options = pytest_setup_options()
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    with served(app) as base:
        driver = webdriver.Chrome(options=options)
        try:
            yield driver, base
        finally:
            driver.quit()


VISIBLE_GRAPHS_JS = """
const shown = (el) => {
  for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) < 0.05) return false;
  }
  const r = el.getBoundingClientRect();
  return r.width > 40 && r.height > 40;
};
return Array.from(document.querySelectorAll('.js-plotly-plot')).filter(shown);
"""

READY_JS = (
    VISIBLE_GRAPHS_JS.replace("return Array", "const graphs = Array")
    + """
;
if (document.querySelector('[data-dash-is-loading="true"]')) return false;
return graphs.every(g => g._fullLayout && g.querySelector('.main-svg') && !g._transitioning);
"""
)


def wait_until_drawn(driver, timeout: float = 60, settle: float = 1.0) -> None:
    """Until Dash is idle and every visible graph has been drawn by plotly, twice in a row `settle` apart."""
    end = time.monotonic() + timeout
    ready_since = None
    while time.monotonic() < end:
        if driver.execute_script(READY_JS):
            ready_since = ready_since or time.monotonic()
            if time.monotonic() - ready_since >= settle:
                return
        else:
            ready_since = None
        time.sleep(0.2)
    raise AssertionError(f"graphs not drawn after {timeout} s")


def _image(png: bytes) -> tuple[Image.Image, tuple[int, int, int]]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=image.width * image.height)
    return image, max(colours)[1]


def ink_span(png: bytes) -> tuple[float, float]:
    """(share of the width, share of the height) covered by the bounding box of non-background pixels."""
    image, background = _image(png)
    mask = Image.new("RGB", image.size, background)
    box = ImageChops.difference(image, mask).getbbox()
    if box is None:
        return 0.0, 0.0
    return (box[2] - box[0]) / image.width, (box[3] - box[1]) / image.height


def cells_drawn(png: bytes, grid: int = GRID) -> float:
    """Share of the grid's cells that hold non-background pixels (background = the dominant colour)."""
    image, background = _image(png)
    width, height = image.size
    drawn = 0
    for row in range(grid):
        for col in range(grid):
            box = (col * width // grid, row * height // grid, (col + 1) * width // grid, (row + 1) * height // grid)
            cell = image.crop(box)
            pixels = cell.getcolors(maxcolors=cell.width * cell.height) or []
            total = cell.width * cell.height
            same = sum(count for count, colour in pixels if colour == background)
            if total and (total - same) / total >= CELL_INK:
                drawn += 1
    return drawn / (grid * grid)


def drawn(png: bytes) -> bool:
    """The chart in this screenshot is drawn (see the module docstring for the thresholds)."""
    width, height = ink_span(png)
    return width >= 0.75 and height >= 0.6 and cells_drawn(png) >= 0.3


def chart_coverage(driver) -> list[tuple[str, float, tuple[float, float], bool]]:
    """(label, share of grid cells drawn, ink span, drawn) for every visible graph, scrolled into view."""
    graphs = driver.execute_script(VISIBLE_GRAPHS_JS)
    result = []
    for graph in graphs:
        if driver.execute_script("return !(arguments[0].data || []).length", graph):
            continue  # a figure that only says why there is nothing to draw: its text is checked with the rest
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", graph)
        time.sleep(0.2)
        label = graph.get_attribute("id") or graph.find_element("xpath", "..").get_attribute("id") or "graph"
        png = graph.screenshot_as_png
        # a large screen on a loaded machine can still be painting the chart just scrolled into view: look
        # again for a while before calling it blank (a blank chart stays blank and still fails)
        deadline = time.monotonic() + 15
        while not drawn(png) and time.monotonic() < deadline:
            time.sleep(0.5)
            png = graph.screenshot_as_png
        result.append((label, round(cells_drawn(png), 2), tuple(round(v, 2) for v in ink_span(png)), drawn(png)))
    driver.execute_script("window.scrollTo(0, 0);")
    return result


TEXT_BOXES_JS = r"""
const minPx = arguments[0];
const shown = (el) => {
  for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) < 0.05) return false;
    if (e.hidden) return false;
  }
  return true;
};
const rgba = (text) => (text.match(/[\d.]+/g) || [0, 0, 0, 0]).map(Number).concat([1]).slice(0, 4);
const backdrop = (el) => {
  for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor);
    if (c[3] > 0.5) return c.slice(0, 3);
  }
  return [255, 255, 255];
};
const boxes = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const seenSvg = new Set();
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const text = node.textContent.trim();
  if (!text) continue;
  let el = node.parentElement;
  if (!el || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TITLE', 'OPTION'].includes(el.tagName)) continue;
  if (el.closest('.visually-hidden, .sr-only, .hoverlayer, .modebar, [aria-hidden="true"]')) continue;
  if (el.closest('.visually-hidden-focusable:not(:focus-within)')) continue;  // skip links until focused
  const svgText = el.closest('svg text');
  if (svgText) {
    if (seenSvg.has(svgText)) continue;
    seenSvg.add(svgText);
    el = svgText;
  }
  if (!shown(el)) continue;
  const closed = el.closest('details:not([open])');
  if (closed && !el.closest('summary')) continue;  // a closed <details> shows only its summary
  let size = parseFloat(getComputedStyle(el).fontSize);
  if (svgText && el.getScreenCTM()) {  // plotly shrinks text that does not fit (bar labels) with a transform
    const m = el.getScreenCTM();
    size *= Math.sqrt(m.a * m.a + m.b * m.b);
  }
  let rects;
  if (svgText) {
    rects = [el.getBoundingClientRect()];
  } else {
    const range = document.createRange();
    range.selectNodeContents(node);
    rects = Array.from(range.getClientRects());
  }
  rects = rects.filter(r => r.width > 1 && r.height > 1);
  if (!rects.length) continue;
  const label = (svgText ? svgText.textContent : text).slice(0, 60);
  const where = el.closest('[id]') ? el.closest('[id]').id : el.tagName;
  const graph = svgText ? el.closest('.js-plotly-plot') : null;
  let outside = false;
  if (graph) {  // chart text cut off by the edge of its figure
    const g = graph.getBoundingClientRect();
    outside = rects.some(r => r.left < g.left - 3 || r.right > g.right + 3 ||
                              r.top < g.top - 3 || r.bottom > g.bottom + 3);
  }
  const colour = rgba(getComputedStyle(el)[svgText ? 'fill' : 'color']).slice(0, 3);
  boxes.push({text: label, size: size, where: where, svg: !!svgText, colour: colour, outside: outside,
              background: svgText ? null : backdrop(el),
              rects: rects.map(r => [r.left + scrollX, r.top + scrollY, r.right + scrollX, r.bottom + scrollY])});
}
return boxes;
"""


def text_boxes(driver, min_px: int = MIN_TEXT_PX) -> list[dict]:
    """Every visible piece of text: its content, computed font size (px), nearest id and page boxes."""
    return driver.execute_script(TEXT_BOXES_JS, min_px)


def small_text(boxes: list[dict], min_px: float = MIN_TEXT_PX) -> list[str]:
    """Texts rendered below `min_px` (0.5 px tolerance for rounding)."""
    return [f"{b['where']}: {b['text']!r} {b['size']:.1f}px" for b in boxes if b["size"] < min_px - 0.5]


def cut_off(boxes: list[dict]) -> list[str]:
    """Chart texts that run past the edge of their figure (clipped on screen)."""
    return [f"{b['where']}: {b['text']!r}" for b in boxes if b.get("outside")]


def _luminance(rgb: list[float]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(a: list[float], b: list[float]) -> float:
    """WCAG contrast ratio of two sRGB colours."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def low_contrast(boxes: list[dict], ratio: float = 4.5) -> list[str]:
    """Page texts (not chart SVG, which sits on its own white card) below `ratio` against their background."""
    return [
        f"{b['where']}: {b['text']!r} {contrast(b['colour'], b['background']):.1f}:1"
        for b in boxes
        if b["background"] is not None and contrast(b["colour"], b["background"]) < ratio
    ]


def _overlap(a: list[float], b: list[float]) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def overlapping_text(boxes: list[dict], share: float = 0.25) -> list[str]:
    """Pairs of distinct texts whose boxes cover more than `share` of the smaller one."""
    flat = [(b["text"], b["where"], r) for b in boxes for r in b["rects"]]
    found = []
    for i, (text_a, where_a, a) in enumerate(flat):
        for text_b, where_b, b in flat[i + 1 :]:
            area = _overlap(a, b)
            if not area:
                continue
            smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
            if text_a == text_b and smaller and area / smaller > 0.9:
                continue  # one text twice on the same spot (a widget's value and its sizer) draws the same glyphs
            if smaller and area / smaller > share:
                found.append(f"{where_a}: {text_a!r} over {where_b}: {text_b!r}")
    return found


GRAPH_BOXES_JS = (
    VISIBLE_GRAPHS_JS.replace("return Array", "const graphs = Array")
    + """
;
return graphs.map(g => { const r = g.getBoundingClientRect();
  return [g.id || g.parentElement.id, [r.left + scrollX, r.top + scrollY, r.right + scrollX, r.bottom + scrollY]]; });
"""
)


def overlapping_graphs(driver) -> list[str]:
    """Pairs of visible graphs whose boxes overlap by more than a few pixels."""
    graphs = driver.execute_script(GRAPH_BOXES_JS)
    found = []
    for i, (name_a, a) in enumerate(graphs):
        for name_b, b in graphs[i + 1 :]:
            if _overlap([a[0] + 2, a[1] + 2, a[2] - 2, a[3] - 2], b):
                found.append(f"{name_a} over {name_b}")
    return found
