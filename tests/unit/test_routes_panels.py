"""Routes screen panels over the bundled data: every selected route side by side, Arabic sentences with
isolated Latin names and numbers, and player buttons that need no symbol font."""

from __future__ import annotations

import pytest
from dash.development.base_component import Component

from imapdash.datasets import load_datasets
from imapdash.ids import Routes
from imapdash.views.context import view_context
from imapdash.views.routes import charts, page
from imapdash.views.routes.state import RoutesState
from tests.conftest import BUNDLED_DATA

FSI, PDI = "\u2068", "\u2069"


@pytest.fixture(scope="module")
def datasets():
    return load_datasets(BUNDLED_DATA)


def _walk(node):
    if isinstance(node, Component):
        yield node
        yield from _walk(getattr(node, "children", None))
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _walk(item)


def _text(node) -> str:
    if isinstance(node, str | int | float):
        return str(node)
    if isinstance(node, list | tuple):
        return " ".join(_text(n) for n in node)
    if isinstance(node, Component):
        return _text(getattr(node, "children", None))
    return ""


def test_side_by_side_shows_every_selected_route(datasets):
    vc = view_context(datasets, "en")
    routes = ["central-mediterranean", "eastern-mediterranean", "western-african"]
    panel = charts.sources_panel(vc, routes, "2024")
    text = _text(panel)
    for name in ("Central Mediterranean", "Eastern Mediterranean", "Western African"):
        assert name in text, f"{name} missing from the side-by-side panel"
    columns = [n for n in _walk(panel) if "routes-source-route" in (getattr(n, "className", "") or "")]
    assert len(columns) == 3
    # one route: the full cards, with why each publisher's figure differs
    single = _text(charts.sources_panel(vc, routes[:1], "2024"))
    assert "Central Mediterranean" in single and "Counts detections" in single


def test_arabic_label_and_summary_isolate_latin_names_and_numbers(datasets):
    vc = view_context(datasets, "ar")
    state = RoutesState(routes=("central-mediterranean",), measure="detections")
    summary, _ = charts.map_text(vc, state, "2024")
    assert f"{FSI}حالات الرصد لدى Frontex{PDI}" in summary
    assert f"{FSI}66,855{PDI}" in summary
    store, _ = charts.animation(vc, state)
    assert f"{FSI}66,855{PDI}" in store["labels"][-1]
    english, _ = charts.map_text(view_context(datasets, "en"), state, "2024")
    assert FSI not in english


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_player_buttons_draw_icons_without_a_symbol_font(datasets, lang):
    layout = page.page(view_context(datasets, lang), RoutesState())
    buttons = {
        n.id: n
        for n in _walk(layout)
        if getattr(n, "id", None) in {Routes.STEP_BACK, Routes.PLAY, Routes.PAUSE, Routes.STEP_FORWARD}
    }
    assert len(buttons) == 4
    for ident, button in buttons.items():
        text = _text(button)
        glyphs = [c for c in text if 0x2190 <= ord(c) <= 0x2BFF]  # arrows, technical and geometric symbols
        assert glyphs == [], f"{ident} draws {glyphs} from a font"
        icons = [n for n in _walk(button) if "routes-icon" in (getattr(n, "className", "") or "")]
        assert len(icons) == 1 and icons[0].style, f"{ident} has no drawn icon"
        assert text.strip(), f"{ident} has no words for a screen reader"
