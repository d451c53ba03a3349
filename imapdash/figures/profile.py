"""Charts of the country profile and the comparison view: every chart has axis titles with units,
its period in the title, and its source note (figures/sources.py); JSON-ready dicts, no go.Figure.

`y_max` lets the comparison view give the same value axis to each country's chart of a section
(aligned scales). Texts arrive in the reader's language; Arabic charts are mirrored (theme.direction_layout).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..i18n import DEFAULT_LANGUAGE, format_value, t
from ..theme import CATEGORICAL, LAYOUT_BASE, TITLE_TOP, direction_layout, wrap_title
from .indicator_charts import merge_layout
from .sources import NOTE_LINE_PX, note_lines, source_annotation

SPARK_HEIGHT = 76


def period_span(years: Iterable[int]) -> str:
    """'2009–2024' (or '2024' for one year; '' for none)."""
    ys = sorted({int(y) for y in years})
    if not ys:
        return ""
    return str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}–{ys[-1]}"


# Pixel budget of a profile chart (and of the partner area's charts), top to bottom: the title (wrapped
# to fit a phone), the value axis's title written across above the plot (a rotated one was longer than the
# short plot and ran into the title), the plot, the tick labels and time-axis title, the legend (one entry
# a row: its height does not depend on the screen's width), then the source note (however many lines).
TITLE_CHARS = 40  # a 14 px title line that fits a 390 px phone
TITLE_LINE_PX = 19
TITLE_PAD = 30  # under the chart's toolbar (24 px at the top edge), which covered a phone-wide title
UNIT_ROW_PX = 22
BELOW_AXIS = 48  # tick labels and the axis title under the plot
LEGEND_ROW_PX = 21
PLOT_HEIGHT = 180
VALUE_AXIS_TITLE = "value-axis-title"
AR_LABEL_PX = 8.5  # width of an Arabic character at 13 px, generously (Noto Naskh Arabic)


def stacked_layout(
    title: str,
    *,
    x_title: str,
    y_title: str,
    sources: Iterable[tuple[str, str]],
    vintage: str | None,
    lang: str,
    y_max: float | None = None,
    plot_height: int = PLOT_HEIGHT,
    legend: int = 0,
    time_axis: bool = True,
    at_end: bool = False,
    **extra: Any,
) -> dict:
    """Title, value-axis title, plot, axis title, legend and source note stacked without overlapping.

    Every part's height is known here (`legend` = the number of legend entries, 0 for none), so the
    margins are set in pixels and the figure's height is their sum. Time runs left to right in every
    language (theme.direction_layout); only charts whose x axis is a value are mirrored for Arabic.
    """
    title_text, title_lines = wrap_title(title, TITLE_CHARS)
    unit_row = UNIT_ROW_PX if y_title else 0
    # plotly anchors a wrapped title half a line higher per extra line than its top: pad it back down
    title_pad = TITLE_PAD + TITLE_LINE_PX * (title_lines - 1) // 2
    top = TITLE_PAD + TITLE_LINE_PX * title_lines + 6 + unit_row
    legend_px = LEGEND_ROW_PX * legend + 8 if legend else 0
    note = source_annotation(sources, vintage=vintage, lang=lang, at_end=at_end)
    note["yshift"] = -(BELOW_AXIS + legend_px)
    bottom = BELOW_AXIS + legend_px + NOTE_LINE_PX * note_lines(note) + 4
    annotations = [note]
    if y_title:
        annotations.append(
            {
                "name": VALUE_AXIS_TITLE,
                "text": y_title,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 1,
                "xanchor": "left",
                "yanchor": "bottom",
                "yshift": 4,
                "showarrow": False,
                "font": {"size": 12, "color": "#444"},
            }
        )
    yaxis: dict = {"rangemode": "tozero", "automargin": True}
    if y_max is not None and y_max > 0:
        yaxis["range"] = [0, y_max * 1.05]
    layout = {
        **LAYOUT_BASE,
        "title": {
            "text": title_text,
            "x": 0.01,
            "xanchor": "left",
            "font": {"size": 14},
            **TITLE_TOP,
            "pad": {"t": title_pad},
        },
        "height": top + plot_height + bottom,
        "margin": {"l": 10, "r": 10, "t": top, "b": bottom},
        "xaxis": {"title": {"text": x_title, "standoff": 6}, "automargin": True},
        "yaxis": yaxis,
        "showlegend": bool(legend),
        "annotations": annotations,
        **extra,
    }
    if legend:
        # one entry a row, under the axis title: a row of entries would wrap into as many rows as the
        # screen is narrow, and the source note under it would not know where to start
        layout["legend"] = {
            "orientation": "v",
            "yref": "paper",
            "y": -BELOW_AXIS / plot_height,
            "yanchor": "top",
            "x": 0,
            "xanchor": "left",
            "tracegroupgap": 0,
            # all of it, never a scroll bar (presentation mode moves it beside a plot shorter than it)
            "maxheight": 2000,
        }
    return merge_layout(layout, direction_layout(lang, time_axis=time_axis))


def _text(values: Sequence[float], unit: str, lang: str, decimals: int = 0) -> list[str]:
    return [format_value(float(v), lang, unit=unit, decimals=decimals) for v in values]


def build_year_lines(
    lines: Sequence[tuple[str, Sequence[int], Sequence[float]]],
    *,
    title: str,
    y_title: str,
    unit: str = "persons",
    decimals: int = 0,
    sources: Iterable[tuple[str, str]] = (),
    vintage: str | None = None,
    y_max: float | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> dict:
    """One line per (name, years, values); x = year, y = `y_title` (the unit)."""
    traces = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": name,
            "x": [int(y) for y in years],
            "y": [float(v) for v in values],
            "text": _text(values, unit, lang, decimals),
            "hovertemplate": "%{fullData.name}, %{x}: %{text}<extra></extra>",
            "line": {"color": CATEGORICAL[n % len(CATEGORICAL)]},
        }
        for n, (name, years, values) in enumerate(lines)
    ]
    layout = stacked_layout(
        title,
        x_title=t("common.year", lang),
        y_title=y_title,
        sources=sources,
        vintage=vintage,
        lang=lang,
        y_max=y_max,
        legend=len(traces) if len(traces) > 1 else 0,
    )
    layout["xaxis"]["tickformat"] = "d"
    return {"data": traces, "layout": layout}


def build_year_bars(
    bars: Sequence[tuple[str, Sequence[int], Sequence[float]]],
    *,
    title: str,
    y_title: str,
    unit: str = "persons",
    stacked: bool = False,
    sources: Iterable[tuple[str, str]] = (),
    vintage: str | None = None,
    y_max: float | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> dict:
    """Vertical bars per year, one trace per (name, years, values), grouped or stacked."""
    traces = [
        {
            "type": "bar",
            "name": name,
            "x": [int(y) for y in years],
            "y": [float(v) for v in values],
            "text": _text(values, unit, lang),
            "textposition": "none",
            "hovertemplate": "%{fullData.name}, %{x}: %{text}<extra></extra>",
            "marker": {"color": CATEGORICAL[n % len(CATEGORICAL)]},
        }
        for n, (name, years, values) in enumerate(bars)
    ]
    layout = stacked_layout(
        title,
        x_title=t("common.year", lang),
        y_title=y_title,
        sources=sources,
        vintage=vintage,
        lang=lang,
        y_max=y_max,
        barmode="stack" if stacked else "group",
        legend=len(traces) if len(traces) > 1 else 0,
    )
    layout["xaxis"]["tickformat"] = "d"
    return {"data": traces, "layout": layout}


def build_ranked_bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    x_title: str,
    unit: str = "persons",
    sources: Iterable[tuple[str, str]] = (),
    vintage: str | None = None,
    x_max: float | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> dict:
    """Horizontal bars, largest on top; x = `x_title` (the unit), y = the categories."""
    names = [wrap_title(str(label), 18)[0] if lang == "ar" else str(label) for label in labels]
    bar = {
        "type": "bar",
        "orientation": "h",
        "y": names,
        "x": [float(v) for v in values],
        "text": _text(values, unit, lang),
        # values after the bar's end: inside a short bar a room-size value ran over the country's name
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{text}<extra></extra>",
        "marker": {"color": CATEGORICAL[0]},
    }
    layout = stacked_layout(
        title,
        x_title=x_title,
        y_title="",
        sources=sources,
        vintage=vintage,
        lang=lang,
        plot_height=max(60, 28 * len(labels) + 8),
        time_axis=False,
        at_end=True,
    )
    categories = {k: v for k, v in layout["yaxis"].items() if k not in ("range", "rangemode")}
    layout["yaxis"] = {**categories, "autorange": "reversed"}
    if lang == "ar":
        # plotly sizes the label margin with the Arabic web font not yet loaded (narrower fallback glyphs):
        # the drawn names ran past the figure's right edge. Room for the longest line, measured generously.
        longest = max((len(line) for name in names for line in name.split("<br>")), default=0)
        layout["margin"]["r"] = max(layout["margin"]["r"], 14 + round(AR_LABEL_PX * longest))
    layout["xaxis"]["rangemode"] = "tozero"
    top = x_max if x_max is not None and x_max > 0 else max((float(v) for v in values), default=0.0)
    if top > 0:  # room after the longest bar for its value
        layout["xaxis"]["range"] = [top * 1.3, 0] if lang == "ar" else [0, top * 1.3]
        layout["xaxis"].pop("autorange", None)
    return {"data": [bar], "layout": layout}


def build_sparkline(
    years: Sequence[int], values: Sequence[float], *, unit: str, decimals: int = 0, lang: str = DEFAULT_LANGUAGE
) -> dict:
    """A small line with its first and last years written on the time axis (no value axis)."""
    xs = [int(y) for y in years]
    ticks = sorted({xs[0], xs[-1]}) if xs else []
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": xs,
                "y": [float(v) for v in values],
                "text": _text(values, unit, lang, decimals),
                "hovertemplate": "%{x}: %{text}<extra></extra>",
                "line": {"color": CATEGORICAL[0], "width": 2},
                "marker": {"size": 4},
            }
        ],
        "layout": {
            **LAYOUT_BASE,
            "height": SPARK_HEIGHT,
            # over 20 px, the bottom margin grows with the type in presentation mode (room-size year labels)
            "margin": {"l": 16, "r": 16, "t": 4, "b": 24},
            "xaxis": {
                "tickvals": ticks,
                "ticktext": [str(x) for x in ticks],
                "tickfont": {"size": 10},
                "showgrid": False,
                "zeroline": False,
            },
            "yaxis": {"visible": False},
            "showlegend": False,
        },
    }
