"""The routes screen as a person sees it (real Chromium, bundled data): the map's toolbar clear of its legend and
source note, player icons drawn without a symbol font, every selected route side by side at desk and phone
size, one total for the period everywhere on the screen, and the composition chart's years across its width.

Pages are opened once per (size, language, path) and measured by ROUTES_JS; screenshots go where the visual
tier's other screenshots go (IMAPDASH_VISUAL_DIR).
"""

from __future__ import annotations

import itertools
import re

import pytest

from tests.visual.conftest import save_full_page, wait_ready
from tests.visual.geometry import luminance, overlap, parse_rgb

ROUTES_JS = """
return (function () {
  function box(el) {
    if (!el) { return null; }
    var r = el.getBoundingClientRect();
    return {l: r.left, t: r.top + window.scrollY, r: r.right, b: r.bottom + window.scrollY, w: r.width, h: r.height};
  }
  var map = document.getElementById('routes-map');
  var out = {viewport: {w: window.innerWidth, h: window.innerHeight},
             scrollWidth: document.documentElement.scrollWidth};
  out.modebar = box(map && map.querySelector('.modebar'));
  out.legend = box(map && map.querySelector('.infolayer .legend'));
  out.notes = Array.from(map ? map.querySelectorAll('.infolayer .annotation') : []).map(box)
    .filter(function (b) { return b && b.w > 0; });
  out.geo = box(map && map.querySelector('.geolayer .bg rect, .geo .bg rect'));
  out.icons = ['routes-step-back', 'routes-play', 'routes-pause', 'routes-step-forward'].map(function (id) {
    var button = document.getElementById(id);
    var icon = button && button.querySelector('.routes-icon');
    var style = icon ? getComputedStyle(icon) : null;
    return {id: id, button: box(button), icon: box(icon), text: button ? button.textContent : '',
            painted: !!style && (style.backgroundColor !== 'rgba(0, 0, 0, 0)' ||
                                 parseFloat(style.borderLeftWidth) > 0)};
  });
  out.columns = Array.from(document.querySelectorAll('.routes-source-route')).map(function (c) {
    var b = box(c); b.title = (c.querySelector('h3') || {}).textContent || ''; return b;
  });
  out.marks = Array.from(document.querySelectorAll('.routes-slider-box .dash-slider-mark'))
    .map(function (m) { var b = box(m); b.text = m.textContent; return b; });
  out.badges = Array.from(document.querySelectorAll('#routes-sources-panel .badge')).map(function (b) {
    var s = getComputedStyle(b); return {text: b.textContent, color: s.color, background: s.backgroundColor};
  });
  out.label = (document.getElementById('routes-period-label') || {}).textContent || '';
  out.summary = (document.getElementById('routes-map-summary') || {}).textContent || '';
  var comp = document.getElementById('flows-composition');
  var plot = comp && comp.querySelector('.cartesianlayer .bg, .draglayer .nsewdrag');
  out.compPlot = box(plot);
  out.compBars = Array.from(comp ? comp.querySelectorAll('.barlayer .point path') : []).map(box)
    .filter(function (b) { return b.w > 0 && b.h > 0; });
  out.compTicks = Array.from(comp ? comp.querySelectorAll('.xaxislayer-above .xtick text') : []).map(function (t) {
    return t.textContent;
  });
  return out;
})();
"""

THREE = "central-mediterranean&route=eastern-mediterranean&route=western-african"
PATHS = {
    "all": "/routes",
    "three": f"/routes?route={THREE}",
    "composition": "/routes?route=central-mediterranean&view=composition",
}


@pytest.fixture(scope="module")
def routes_page(live_url, browsers, shot_dir):
    cache: dict[tuple[str, str, str], dict] = {}

    def _open(size: str, lang: str, view: str) -> dict:
        key = (size, lang, view)
        if key not in cache:
            driver = browsers.get(size)
            path = PATHS[view]
            sep = "&" if "?" in path else "?"
            driver.get(f"{live_url}{path}{sep}lang={lang}")
            wait_ready(driver)
            cache[key] = driver.execute_script(ROUTES_JS)
            save_full_page(driver, shot_dir / f"{size}-{lang}-routes-{view}.png")
        return cache[key]

    return _open


def _number(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


@pytest.mark.parametrize("view", ["all", "three"])
@pytest.mark.parametrize("size", ["desk", "phone"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_map_toolbar_is_clear_of_the_legend_and_the_source_note(routes_page, size, lang, view):
    shot = routes_page(size, lang, view)
    bar = shot["modebar"]
    assert bar and bar["w"] > 0, "the route map has no toolbar"
    assert shot["legend"], "the route map has no legend"
    assert overlap(bar, shot["legend"]) == 0, f"toolbar {bar} covers the legend {shot['legend']}"
    covered = [note for note in shot["notes"] if overlap(bar, note) > 0]
    assert covered == [], f"toolbar {bar} covers the source note {covered}"


@pytest.mark.parametrize("size", ["desk", "phone"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_player_buttons_show_drawn_icons_in_one_row(routes_page, size, lang):
    shot = routes_page(size, lang, "all")
    for item in shot["icons"]:
        assert item["icon"] and item["icon"]["w"] >= 6 and item["icon"]["h"] >= 6, f"{item['id']}: no icon"
        assert item["painted"], f"{item['id']}: the icon is not painted"
        assert not re.search(r"[\u2190-\u2bff]", item["text"]), f"{item['id']} relies on a font glyph"
    tops = {round(item["button"]["t"]) for item in shot["icons"]}
    assert max(tops) - min(tops) <= 2, f"player buttons wrap onto two rows: {tops}"
    # time runs left to right in every language: "previous" on the left, "next" on the right
    lefts = [item["button"]["l"] for item in shot["icons"]]
    assert lefts == sorted(lefts), f"player buttons out of time order: {[i['id'] for i in shot['icons']]} at {lefts}"


@pytest.mark.parametrize("size", ["desk", "phone"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_period_slider_year_labels_do_not_overlap_or_leave_the_screen(routes_page, size, lang):
    shot = routes_page(size, lang, "all")
    marks = sorted(shot["marks"], key=lambda m: m["l"])
    assert len(marks) >= 3, marks
    crowded = [(a["text"], b["text"]) for a, b in itertools.pairwise(marks) if b["l"] < a["r"] + 4]
    assert crowded == [], f"year labels touch: {crowded}"
    outside = [m["text"] for m in marks if m["l"] < 0 or m["r"] > shot["viewport"]["w"]]
    assert outside == [], f"year labels cut by the screen edge: {outside}"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_selected_route_is_side_by_side_on_a_desk_and_stacked_on_a_phone(routes_page, lang):
    desk = routes_page("desk", lang, "three")["columns"]
    assert len(desk) == 3, f"{len(desk)} route columns for three selected routes"
    assert max(c["t"] for c in desk) - min(c["t"] for c in desk) <= 2, "the routes are not side by side"
    assert all(c["w"] >= 300 for c in desk), [round(c["w"]) for c in desk]
    phone = routes_page("phone", lang, "three")
    columns = phone["columns"]
    assert len(columns) == 3
    assert all(c["r"] <= phone["viewport"]["w"] + 1 for c in columns), "a route column is wider than the phone"
    assert len({round(c["t"]) for c in columns}) == 3, "route columns should stack on a phone"


@pytest.mark.parametrize("view", ["all", "three"])
def test_the_period_label_and_the_map_summary_give_one_total(routes_page, view):
    shot = routes_page("desk", "en", view)
    label = re.search(r": ([\d,]+) detections", shot["label"])
    summary = re.search(r"total ([\d,]+) detections", shot["summary"])
    assert label and summary, (shot["label"], shot["summary"])
    assert _number(label.group(1)) == _number(summary.group(1)), (shot["label"], shot["summary"])


@pytest.mark.parametrize("size", ["desk", "phone"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_composition_years_spread_across_the_plot(routes_page, size, lang):
    shot = routes_page(size, lang, "composition")
    plot, bars = shot["compPlot"], shot["compBars"]
    assert plot and bars, "no composition bars drawn"
    span = (max(b["r"] for b in bars) - min(b["l"] for b in bars)) / plot["w"]
    assert span >= 0.8, f"bars cover {span:.0%} of the plot's width"
    years = [t for t in shot["compTicks"] if t.strip()]
    assert years and all(re.fullmatch(r"\d{4}(-\d{2})?", t) for t in years), years


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_source_badges_are_readable(routes_page, lang):
    badges = routes_page("desk", lang, "three")["badges"]
    assert badges, "no source badges in the side-by-side panel"
    for badge in badges:
        text, ground = parse_rgb(badge["color"]), parse_rgb(badge["background"])
        lighter, darker = sorted((luminance(text[:3]), luminance(ground[:3])), reverse=True)
        ratio = (lighter + 0.05) / (darker + 0.05)
        assert ratio >= 4.5, f"badge {badge['text']!r}: {ratio:.1f}:1 ({badge['color']} on {badge['background']})"
