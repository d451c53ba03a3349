"""Profile charts lay out their texts in pixels they reserve: title, value-axis title, legend, source note."""

from __future__ import annotations

import re

from imapdash.figures import profile as charts
from imapdash.figures.sources import NOTE_LINE_CHARS, NOTE_LINE_CHARS_RTL, TAG, source_note_text

LONG_TITLE = "Dead and missing on the routes through the country, 2014–2024"
SOURCES = [("IOM Missing Migrants Project", "https://missingmigrants.iom.int/downloads")]


def _lines(lang: str = "en", n: int = 3) -> dict:
    return charts.build_year_lines(
        [(f"Route {i}", [2020, 2021], [1.0, 2.0]) for i in range(n)],
        title=LONG_TITLE,
        y_title="Dead and missing (persons per year)",
        sources=SOURCES,
        vintage="2025-06-04",
        lang=lang,
    )


def test_the_value_axis_title_is_written_across_above_the_plot_not_along_it():
    layout = _lines()["layout"]
    assert not layout["yaxis"].get("title")  # a rotated title was longer than the plot and ran into the title
    (unit,) = [a for a in layout["annotations"] if a.get("name") == charts.VALUE_AXIS_TITLE]
    assert unit["text"] == "Dead and missing (persons per year)" and unit["y"] == 1 and unit["yanchor"] == "bottom"
    title_lines = layout["title"]["text"].count("<br>") + 1
    assert title_lines == 2  # wrapped to fit a phone
    assert layout["margin"]["t"] >= charts.TITLE_PAD + charts.TITLE_LINE_PX * title_lines + charts.UNIT_ROW_PX


def test_legend_and_source_note_each_get_their_own_rows_under_the_plot():
    layout = _lines(n=3)["layout"]
    (note,) = [a for a in layout["annotations"] if a.get("name") == "source-note"]
    legend_px = charts.LEGEND_ROW_PX * 3
    assert -note["yshift"] >= charts.BELOW_AXIS + legend_px  # under the three legend rows
    note_px = 18 * (note["text"].count("<br>") + 1)
    assert layout["margin"]["b"] >= -note["yshift"] + note_px  # and inside the figure
    assert layout["legend"]["orientation"] == "v"  # rows that do not depend on the screen's width
    plot = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    assert plot == charts.PLOT_HEIGHT


def test_time_runs_left_to_right_in_arabic_profile_charts_too():
    layout = _lines("ar")["layout"]
    assert layout["xaxis"].get("autorange") != "reversed"
    assert layout["title"]["xanchor"] == "right"
    spark = charts.build_sparkline([2010, 2024], [1.0, 2.0], unit="persons", lang="ar")["layout"]
    assert spark["xaxis"].get("autorange") != "reversed"


def test_ranked_bars_stay_mirrored_in_arabic():
    layout = charts.build_ranked_bars(["A", "B"], [2.0, 1.0], title="t", x_title="x", lang="ar")["layout"]
    high, low = layout["xaxis"]["range"]
    assert high > low == 0 and layout["yaxis"]["side"] == "right"  # bars grow from the right
    assert layout["yaxis"]["autorange"] == "reversed"  # largest on top
    # room for the Arabic names on the right, measured generously: plotly measured them before the Arabic
    # web font was in and the drawn names ran past the figure's edge
    named = charts.build_ranked_bars(["الجزائر", "مالي"], [2.0, 1.0], title="t", x_title="x", lang="ar")["layout"]
    assert named["margin"]["r"] >= 14 + charts.AR_LABEL_PX * len("الجزائر")


def test_a_long_publisher_name_breaks_before_its_link_so_no_note_line_is_too_long():
    for lang, width in (("en", NOTE_LINE_CHARS), ("ar", NOTE_LINE_CHARS_RTL)):
        text = source_note_text(SOURCES, vintage="2025-06-04", lang=lang)
        assert "missingmigrants.iom.int</a>)" in text
        assert all(len(TAG.sub("", line)) <= width for line in text.split("<br>")), text


def test_one_publisher_on_one_site_is_named_once():
    text = source_note_text(
        [("World Bank", "https://data.worldbank.org/a"), ("World Bank", "https://data.worldbank.org/b")]
    )
    assert len(re.findall("World Bank", text)) == 1


def test_ranked_bar_values_sit_after_the_bars_with_room_for_them():
    """Inside a short bar a room-size value (presentation mode) ran over the country's name."""
    bar = charts.build_ranked_bars(["Niger", "Mali"], [1_350_950.0, 117_134.0], title="t", x_title="x")
    assert bar["data"][0]["textposition"] == "outside"
    assert bar["layout"]["xaxis"]["range"] == [0, 1_350_950.0 * 1.3]
