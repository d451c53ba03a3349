"""What a person sees, at desk (1600×900), projector (1920×1080) and phone (390×844) size, in en/fr/ar.

Every view is opened once per size and language (conftest.page caches the measurement and saves a
screenshot); each test below asserts one thing a reader would check by eye.
"""

from __future__ import annotations

import pytest

from tests.visual.conftest import LANGS, SIZES
from tests.visual.geometry import bar_span, clipped, contrast_on, misaligned_headers, overlap, overlapping_texts

VIEWS = {
    "explorer": "/",
    "explorer-selected": "/?sel=NER,ITA",
    "routes": "/routes",
    "routes-one": "/routes?route=central-mediterranean",
    "routes-composition": "/routes?route=central-mediterranean&view=composition",
    "routes-sankey": "/routes?view=sankey",
    "news": "/news",
    "profile": "/country/TUN",
    "profile-flows": "/country/NER",  # flow monitoring: stacked bars and ranked bars
}
# views whose charts this tier's newer checks cover (the explorer and routes charts are checked above)
CHART_VIEWS = ("news", "profile", "profile-flows")
WIDE = ("desk", "projector")
EVERY = [(s, lang, v) for s in SIZES for lang in LANGS for v in VIEWS]


def _id(case: tuple) -> str:
    return "-".join(case)


def _graphs(page, size, lang, view, *, ids=None):
    graphs = page(size, lang, VIEWS[view])["graphs"]
    return [g for g in graphs if ids is None or g["id"] in ids]


@pytest.mark.parametrize("size", WIDE)
@pytest.mark.parametrize("lang", LANGS)
def test_main_map_takes_at_least_half_the_width(page, size, lang):
    shot = page(size, lang, VIEWS["explorer"])
    (geo,) = [g["geo"] for g in shot["graphs"] if g["id"] == "explorer-map"]
    assert geo["w"] >= 0.5 * shot["viewport"]["w"], f"map drawn {geo['w']:.0f} px of {shot['viewport']['w']}"


@pytest.mark.parametrize("view", ["routes", "routes-one"])
@pytest.mark.parametrize("size", WIDE)
@pytest.mark.parametrize("lang", LANGS)
def test_routes_map_stays_large(page, size, lang, view):
    shot = page(size, lang, VIEWS[view])
    (geo,) = [g["geo"] for g in shot["graphs"] if g["id"] == "routes-map"]
    assert geo["w"] >= 0.5 * shot["viewport"]["w"], f"route map drawn {geo['w']:.0f}×{geo['h']:.0f} px"
    assert geo["h"] >= 0.45 * shot["viewport"]["h"], f"route map drawn {geo['w']:.0f}×{geo['h']:.0f} px"


@pytest.mark.parametrize("case", EVERY, ids=_id)
def test_bars_span_most_of_their_plot_area(page, case):
    for graph in _graphs(page, *case):
        span = bar_span(graph)
        assert span is None or span >= 0.6, f"{graph['id']}: bars cover {span:.0%} of the plot area"


@pytest.mark.parametrize(("size", "lang", "view"), EVERY)
def test_no_two_text_boxes_of_a_figure_overlap(page, size, lang, view):
    problems = {g["id"]: overlapping_texts(g["texts"]) for g in _graphs(page, size, lang, view)}
    assert not {k: v for k, v in problems.items() if v}


@pytest.mark.parametrize(("size", "lang", "view"), EVERY)
def test_no_text_is_clipped_by_the_figure_edge(page, size, lang, view):
    problems = {g["id"]: clipped(g["texts"], g["box"]) for g in _graphs(page, size, lang, view)}
    assert not {k: v for k, v in problems.items() if v}


@pytest.mark.parametrize("case", EVERY, ids=_id)
def test_a_chart_without_data_draws_no_empty_axes(page, case):
    for graph in _graphs(page, *case):
        if not any(t["n"] for t in graph["traces"]):
            assert not graph["ticks"], f"{graph['id']}: empty chart shows axes {[t['text'] for t in graph['ticks']]}"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_sankey_links_are_visible_against_the_background(page, size, lang):
    (graph,) = _graphs(page, size, lang, "routes-sankey", ids={"flows-sankey"})
    assert graph["sankeyLinks"], "no Sankey links drawn"
    weakest = min(contrast_on(link["fill"], link["opacity"]) for link in graph["sankeyLinks"])
    assert weakest >= 1.3, f"faintest Sankey link has contrast {weakest:.2f}:1 on white"


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("lang", LANGS)
def test_nothing_is_wider_than_a_phone(page, lang, view):
    shot = page("phone", lang, VIEWS[view])
    assert shot["scrollWidth"] <= shot["viewport"]["w"] + 1, shot["wide"]
    assert not shot["wide"]


@pytest.mark.parametrize("view", ["routes", "routes-one"])
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_route_map_legend_leaves_the_map_visible(page, size, lang, view):
    (graph,) = _graphs(page, size, lang, view, ids={"routes-map"})
    legend, geo, frame = graph["legend"], graph["geo"], graph["box"]
    if legend is None:
        return
    assert not clipped([{"kind": "legend", "text": "", **legend}], frame), "legend cut off"
    covered = max(0.0, min(legend["r"], geo["r"]) - max(legend["l"], geo["l"])) * max(
        0.0, min(legend["b"], geo["b"]) - max(legend["t"], geo["t"])
    )
    assert covered <= 0.1 * geo["w"] * geo["h"], f"legend covers {covered / (geo['w'] * geo['h']):.0%} of the map"


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_the_chart_toolbar_covers_no_title_or_note(page, size, lang, view):
    """The toolbar plotly draws over a chart's top corner hid the start (Arabic) or end of a phone-wide title."""
    covered = [
        f"{g['id']}: {x['kind']} {x['text']!r}"
        for g in _graphs(page, size, lang, view)
        if g["modebar"]
        for x in g["texts"]
        if x["kind"] in ("title", "annotation", "legend") and overlap(g["modebar"], x) > 4
    ]
    assert not covered


def band_under_title(graph: dict) -> float | None:
    """Pixels of empty space between a chart's title and the first thing drawn under it (None: no title)."""
    titles = [x for x in graph["texts"] if x["kind"] == "title"]
    if not titles:
        return None
    top, bottom = min(x["t"] for x in titles), max(x["b"] for x in titles)
    below = [x["t"] for x in graph["texts"] if x["kind"] != "title" and x["t"] > top]
    below += [area["t"] for area in (graph["plot"], graph["geo"]) if area and area["t"] > top]
    return max(0.0, min(below) - bottom) if below else None


@pytest.mark.parametrize("view", CHART_VIEWS)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_no_empty_band_under_a_chart_title(page, size, lang, view):
    """The news trend chart kept a phone's legend rows under its title on every screen (a blank band)."""
    bands = {g["id"]: band_under_title(g) for g in _graphs(page, size, lang, view)}
    assert not {k: round(v) for k, v in bands.items() if v is not None and v > 40}


@pytest.mark.parametrize("size", ["desk", "phone"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_partner_area_tables_and_charts_read_right(partner_page, size, lang):
    """Headers over their numbers (flows, usage, releases tables); the partner charts' texts apart and inside."""
    shot = partner_page(size, lang)
    classes = " ".join(tb["cls"] for tb in shot["tables"])
    assert "partner-usage-table" in classes and "partner-table" in classes, classes
    assert not [p for tb in shot["tables"] for p in misaligned_headers(tb)]
    problems = {g["id"]: overlapping_texts(g["texts"]) + clipped(g["texts"], g["box"]) for g in shot["graphs"]}
    assert not {k: v for k, v in problems.items() if v}
    assert shot["scrollWidth"] <= shot["viewport"]["w"] + 1 and not shot["wide"]


@pytest.mark.parametrize("path", ["/country/NER?present=1", "/news?present=1"])
def test_presentation_mode_keeps_profile_and_news_texts_apart_and_inside(page, path):
    """Room-size type (assets/js/present.js) on these charts: sparkline years fell under their figure, a
    room-size value inside a short bar ran over its country's name, the term legend ran off the figure."""
    graphs = page("projector", "en", path)["graphs"]
    problems = {g["id"]: overlapping_texts(g["texts"]) + clipped(g["texts"], g["box"]) for g in graphs}
    assert not {k: v for k, v in problems.items() if v}


PRESENT_PATHS = ["/?present=1", "/routes?present=1", "/news?present=1", "/country/NER?present=1"]


@pytest.mark.parametrize("path", PRESENT_PATHS)
def test_in_presentation_mode_the_chart_toolbar_covers_no_title(page, path):
    """Room-size type re-wraps the titles to the figure's width (assets/js/present.js): the explorer's ranking
    title ran under the toolbar in its top corner ("Top 10: … of population" with the icons over its end)."""
    graphs = page("projector", "en", path)["graphs"]
    covered = [
        f"{g['id']}: {x['kind']} {x['text']!r}"
        for g in graphs
        if g["modebar"]
        for x in g["texts"]
        if x["kind"] in ("title", "annotation", "legend") and overlap(g["modebar"], x) > 4
    ]
    assert not covered
