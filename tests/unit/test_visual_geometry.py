"""The visual tier's pure checks (tests/visual/geometry.py) say what they claim, on hand-made boxes."""

from tests.visual.geometry import bar_span, clipped, contrast_on, overlapping_texts


def _box(kind, text, left, top, right, bottom):
    return {"kind": kind, "text": text, "l": left, "t": top, "r": right, "b": bottom}


def test_overlap_found_between_a_title_and_a_note_but_not_between_ticks_or_neighbours():
    title = _box("title", "T", 0, 0, 100, 20)
    note = _box("annotation", "N", 50, 10, 150, 30)
    beside = _box("annotation", "B", 101, 0, 200, 20)
    ticks = [_box("tick", "1", 0, 40, 20, 50), _box("tick", "2", 10, 40, 30, 50)]
    assert overlapping_texts([title, note]) == ["title 'T' × annotation 'N'"]
    assert overlapping_texts([title, beside, *ticks]) == []


def test_clipped_text_is_reported_against_the_figure_box():
    frame = {"l": 0, "t": 0, "r": 300, "b": 200}
    assert clipped([_box("tick", "1M", -20, 10, 5, 20)], frame)
    assert not clipped([_box("tick", "1M", 2, 10, 25, 20)], frame)


def test_bar_span_along_the_category_axis():
    plot = {"l": 0, "t": 0, "w": 1000, "h": 300}
    sliver = {
        "bars": [{"l": 0, "r": 8, "t": 0, "b": 300}],
        "plot": plot,
        "traces": [{"type": "bar", "orientation": "v"}],
    }
    wide = {"bars": [{"l": 10, "r": 60, "t": 0, "b": 300}, {"l": 900, "r": 990, "t": 0, "b": 300}], "plot": plot}
    wide["traces"] = [{"type": "bar", "orientation": "v"}]
    assert bar_span(sliver) < 0.05 and bar_span(wide) > 0.95


def test_white_links_have_no_contrast_coloured_ones_do():
    assert contrast_on("rgb(255, 255, 255)", 0.6) == 1.0
    assert contrast_on("rgba(86, 180, 233, 0.4)", 1.0) > 1.3


def test_a_regional_sum_in_millions_gets_its_own_axis_beside_a_country_in_thousands():
    import pandas as pd

    from imapdash.figures.indicator_charts import separate_axis

    country = pd.DataFrame({"iso3": ["TUN", "TUN"], "year": [2020, 2024], "value": [60_000.0, 62_000.0]})
    region = pd.DataFrame({"year": [2020, 2024], "value": [9_000_000.0, 9_500_000.0]})
    assert separate_axis(country, region)
    assert not separate_axis(country, region.assign(value=[100_000.0, 120_000.0]))


def _col(head_l, head_r, cells, name="n"):
    return {
        "name": name,
        "head": {"l": head_l, "r": head_r},
        "headBox": {"l": 0, "r": 100},
        "cells": [{"text": {"l": a, "r": b}, "box": {"l": 0, "r": 100}} for a, b in cells],
    }


def test_a_header_left_over_right_aligned_numbers_is_reported():
    from tests.visual.geometry import misaligned_headers

    numbers = [(80, 100), (60, 100)]
    left = {"cls": "t", "dir": "ltr", "cols": [_col(0, 40, numbers)]}
    right = {"cls": "t", "dir": "ltr", "cols": [_col(60, 100, numbers)]}
    assert misaligned_headers(left) and not misaligned_headers(right)
    words = {"cls": "t", "dir": "ltr", "cols": [_col(0, 40, [(0, 30), (0, 70)])]}  # start-aligned text: fine
    assert not misaligned_headers(words)
    arabic = {"cls": "t", "dir": "rtl", "cols": [_col(0, 40, [(0, 20), (0, 35)])]}  # numbers at the end = left
    assert not misaligned_headers(arabic)
    assert misaligned_headers({"cls": "t", "dir": "rtl", "cols": [_col(60, 100, [(0, 20), (0, 35)])]})


def test_an_empty_band_under_a_title_is_measured():
    from tests.visual.test_charts_visual import band_under_title

    graph = {
        "texts": [{"kind": "title", "t": 10, "b": 30}, {"kind": "legend", "t": 150, "b": 200}],
        "plot": {"t": 210},
        "geo": None,
    }
    assert band_under_title(graph) == 120
    graph["texts"][1]["t"] = 34
    assert band_under_title(graph) == 4
