"""Charts of the country profile and the comparison view: every chart has axis titles with units,
its period in the title, and its source note (figures/sources.py); JSON-ready dicts, no go.Figure.

`y_max` lets the comparison view give the same value axis to each country's chart of a section
(aligned scales). Texts arrive in the reader's language; Arabic charts are mirrored (theme.direction_layout).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..i18n import DEFAULT_LANGUAGE, format_value, t
from ..theme import CATEGORICAL, LAYOUT_BASE, direction_layout
from .indicator_charts import merge_layout
from .sources import source_annotation

HEIGHT = 300
SPARK_HEIGHT = 70


def period_span(years: Iterable[int]) -> str:
    """'2009–2024' (or '2024' for one year; '' for none)."""
    ys = sorted({int(y) for y in years})
    if not ys:
        return ""
    return str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}–{ys[-1]}"


def _layout(
    title: str,
    *,
    x_title: str,
    y_title: str,
    sources: Iterable[tuple[str, str]],
    vintage: str | None,
    lang: str,
    y_max: float | None = None,
    height: int = HEIGHT,
    legend: int = 0,
    **extra: Any,
) -> dict:
    """Title, axis titles, legend and source note stacked under the plot without overlapping.

    Below the plot area come the tick labels and x-axis title, then the legend (`legend` = its number of
    entries, 0 for none), then the source note: the bottom margin holds all of them, placed in pixels.
    """
    bottom = 113 + 22 * -(-legend // 2) if legend else 95  # room for the legend's rows (two entries a row)
    height += bottom - 95
    yaxis: dict = {"title": {"text": y_title}, "rangemode": "tozero", "automargin": True}
    if y_max is not None and y_max > 0:
        yaxis["range"] = [0, y_max * 1.05]
    layout = {
        **LAYOUT_BASE,
        "title": {"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 14}},
        "height": height,
        # room on the left for the value axis title and its tick labels (automargin alone let them overlap)
        "margin": {"l": 72, "r": 10, "t": 40, "b": bottom},
        "xaxis": {"title": {"text": x_title, "standoff": 6}, "automargin": True},
        "yaxis": yaxis,
        "showlegend": legend,
        "annotations": [source_annotation(sources, vintage=vintage, lang=lang)],
        **extra,
    }
    if legend:
        layout["legend"] = {
            "orientation": "h",
            "yref": "container",
            "y": (bottom - 62) / height,
            "yanchor": "top",
            "x": 0,
            "xanchor": "left",
        }
    layout["annotations"][0]["yshift"] = -(bottom - 25)
    if lang == "ar":  # the value axis moves to the right (direction_layout): room there, not on the left
        layout["margin"] = {**layout["margin"], "l": 10, "r": 72}
    return merge_layout(layout, direction_layout(lang))


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
    layout = _layout(
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
    layout = _layout(
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
    bar = {
        "type": "bar",
        "orientation": "h",
        "y": list(labels),
        "x": [float(v) for v in values],
        "text": _text(values, unit, lang),
        "textposition": "auto",
        "hovertemplate": "%{y}: %{text}<extra></extra>",
        "marker": {"color": CATEGORICAL[0]},
    }
    layout = _layout(
        title,
        x_title=x_title,
        y_title="",
        sources=sources,
        vintage=vintage,
        lang=lang,
        height=max(220, 120 + 28 * len(labels)),
    )
    layout["yaxis"] = merge_layout(
        {"autorange": "reversed", "automargin": True}, {"side": "right"} if lang == "ar" else {}
    )
    layout["xaxis"]["rangemode"] = "tozero"
    if lang == "ar":
        layout["xaxis"]["autorange"] = "reversed"
    if x_max is not None and x_max > 0:
        layout["xaxis"]["range"] = [x_max * 1.05, 0] if lang == "ar" else [0, x_max * 1.05]
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
            "margin": {"l": 16, "r": 16, "t": 4, "b": 18},
            "xaxis": {
                "tickvals": ticks,
                "ticktext": [str(x) for x in ticks],
                "tickfont": {"size": 10},
                "showgrid": False,
                "zeroline": False,
                **({"autorange": "reversed"} if lang == "ar" else {}),
            },
            "yaxis": {"visible": False},
            "showlegend": False,
        },
    }
