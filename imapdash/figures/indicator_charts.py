"""Charts beside the map and on the country profile: ranking bars, time series, sparklines.

All builders return JSON-ready dicts (no go.Figure on the hot path, notes §A4) and carry their
source note, except sparklines, which sit next to a linked source line on the profile card.
Texts are in the reader's language (`lang`, keyword-only); for Arabic the charts are mirrored with
theme.direction_layout: ranking bars grow from the right; time still runs left to right (one rule
for time in every view), only titles and legends move to the right.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from ..i18n import DEFAULT_LANGUAGE, format_value, t
from ..theme import CATEGORICAL, LAYOUT_BASE, TITLE_TOP, axes_automargin, direction_layout, fit_title, wrap_title
from ..transforms.indicators import IndicatorMeta
from .choropleth import period_text, unit_label
from .sources import reserve_note_space, source_annotation

RANK_COLOR = CATEGORICAL[0]
RANK_SELECTED_COLOR = CATEGORICAL[1]
AGGREGATE_COLOR = "#555555"


def _message(text: str) -> dict:
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0.5,
        "y": 0.5,
        "showarrow": False,
        "font": {"size": 13, "color": "#666"},
    }


def merge_layout(base: dict, overrides: dict) -> dict:
    """`base` with `overrides` merged in, nested dicts merged key by key (not replaced)."""
    merged = dict(base)
    for key, value in overrides.items():
        merged[key] = (
            merge_layout(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
        )
    return merged


# The source note sits this far under the plot area: below the tick labels and the axis title.
NOTE_BELOW = 62


def _layout(
    title: str,
    sources: Iterable[tuple[str, str]],
    vintage: str | None,
    lang: str,
    *,
    time_axis: bool = False,
    at_end: bool = False,
    **extra: Any,
) -> dict:
    layout = {
        **LAYOUT_BASE,
        "title": {"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 14}, **TITLE_TOP},
        "margin": {"l": 10, "r": 10, "t": 40, "b": NOTE_BELOW + 22},
        "annotations": [
            source_annotation(sources, vintage=vintage, lang=lang, at_end=at_end) | {"yshift": -NOTE_BELOW}
        ],
        **extra,
    }
    return axes_automargin(fit_title(merge_layout(layout, direction_layout(lang, time_axis=time_axis))))


def build_ranking(
    frame: pd.DataFrame,
    *,
    meta: IndicatorMeta,
    names: Mapping[str, str],
    title: str,
    selected: Sequence[str] = (),
    sources: Iterable[tuple[str, str]] = (),
    vintage: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> dict:
    """Horizontal bars, largest on top; selected countries highlighted; customdata = ISO3 for clicks.

    `names`, `meta` and `title` are in `lang` already; bars grow from the right for Arabic.
    """
    iso3 = frame["iso3"].astype(str).tolist()
    chosen = set(selected)
    bars = {
        "type": "bar",
        "orientation": "h",
        "y": [names.get(i, i) for i in iso3],
        "x": frame["value"].astype(float).tolist(),
        "customdata": iso3,
        "text": [format_value(float(v), lang, unit=meta.unit, decimals=meta.decimals) for v in frame["value"]],
        "textposition": "auto",
        "marker": {"color": [RANK_SELECTED_COLOR if i in chosen else RANK_COLOR for i in iso3]},
        "hovertemplate": "%{y}: %{text}<extra></extra>",
        "name": meta.label,
    }
    layout = _layout(
        title,
        sources,
        vintage,
        lang,
        at_end=True,
        height=max(220, 60 + 24 * len(iso3)) + 60,
        xaxis={"title": {"text": unit_label(meta.unit, lang)}, "automargin": True},
        yaxis={"autorange": "reversed", "automargin": True},
        showlegend=False,
    )
    if frame.empty:
        layout["annotations"].append(_message(t("figure.no_data_year", lang)))
        layout["xaxis"] = {"visible": False}
        layout["yaxis"] = {"visible": False}
    return {"data": [bars], "layout": reserve_note_space(layout)}


def build_time_series(
    series: pd.DataFrame,
    aggregate: pd.DataFrame,
    *,
    meta: IndicatorMeta,
    names: Mapping[str, str],
    title: str,
    sources: Iterable[tuple[str, str]] = (),
    vintage: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
    partners: str = "",
) -> dict:
    """One line per selected country, plus the dashed partner aggregate when it is meaningful.

    `partners`: what the region calls its partner states, in `lang` (the data's manifest), for the aggregate's name.
    """
    aggregate_name = (
        t("figure.partner_aggregate", lang, partners=partners)
        if partners
        else t("figure.partner_aggregate_generic", lang)
    )
    traces = []
    for n, (iso3, rows) in enumerate(series.groupby("iso3", sort=True)):
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": names.get(iso3, iso3),
                "x": rows["year"].astype(int).tolist(),
                "y": rows["value"].astype(float).tolist(),
                "text": [
                    t(
                        "figure.value_period",
                        lang,
                        value=format_value(float(v), lang, unit=meta.unit, decimals=meta.decimals),
                        period=period_text(r, lang),
                    )
                    for v, (_, r) in zip(rows["value"], rows.iterrows(), strict=True)
                ],
                "hovertemplate": "%{fullData.name}, %{x}: %{text}<extra></extra>",
                "line": {"color": CATEGORICAL[n % len(CATEGORICAL)]},
            }
        )
    if not aggregate.empty:
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": aggregate_name,
                "x": aggregate["year"].astype(int).tolist(),
                "y": aggregate["value"].astype(float).tolist(),
                "text": [
                    t(
                        "figure.reporting",
                        lang,
                        value=format_value(float(v), lang, unit=meta.unit, decimals=meta.decimals),
                        count=int(k),
                        total=int(p),
                    )
                    for v, k, p in zip(
                        aggregate["value"], aggregate["n_reporting"], aggregate["n_partners"], strict=True
                    )
                ],
                "hovertemplate": "%{fullData.name}, %{x}: %{text}<extra></extra>",
                "line": {"color": AGGREGATE_COLOR, "dash": "dash"},
            }
        )
    separate = separate_axis(series, aggregate) and meta.scale != "log"
    if separate and traces and not aggregate.empty:
        traces[-1]["yaxis"] = "y2"
    layout = _layout(
        title,
        sources,
        vintage,
        lang,
        time_axis=True,
        height=340,
        xaxis={"tickformat": "d", "tickangle": 0, "nticks": 8},
        yaxis={"title": {"text": unit_label(meta.unit, lang)}, "type": "log" if meta.scale == "log" else "linear"},
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom"},
        margin={"l": 10, "r": 10, "t": 70, "b": 50},
    )
    layout["annotations"][0]["yshift"] = -30
    if separate:
        # a country in thousands beside a regional sum in millions: the sum gets its own scale, on the
        # other side, titled with its name, so the country's line is not flattened against zero
        layout["yaxis2"] = {
            "title": {"text": aggregate_name},
            "overlaying": "y",
            "side": "left" if lang == "ar" else "right",
            "showgrid": False,
            "automargin": True,
            "rangemode": "tozero",
        }
        layout["yaxis"]["rangemode"] = "tozero"
    if not traces:
        layout["annotations"].append(_message(wrap_title(t("figure.select_to_compare", lang), 36)[0]))
        layout["xaxis"] = {"visible": False}
        layout["yaxis"] = {"visible": False}
        layout["showlegend"] = False
    return {"data": traces, "layout": reserve_note_space(layout)}


def separate_axis(series: pd.DataFrame, aggregate: pd.DataFrame, ratio: float = 10.0) -> bool:
    """True when the aggregate is `ratio` times larger than every selected country (one axis would flatten them)."""
    if series.empty or aggregate.empty:
        return False
    country_top = series.groupby("iso3")["value"].max().abs().max()
    return bool(country_top > 0 and aggregate["value"].abs().max() >= ratio * country_top)


def build_sparkline(series: pd.DataFrame, *, unit: str, decimals: int = 0, lang: str = DEFAULT_LANGUAGE) -> dict:
    """A tiny static line of one country's yearly values (no axes); time runs right to left for Arabic."""
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": series["year"].astype(int).tolist(),
                "y": series["value"].astype(float).tolist(),
                "text": [format_value(float(v), lang, unit=unit, decimals=decimals) for v in series["value"]],
                "hovertemplate": "%{x}: %{text}<extra></extra>",
                "line": {"color": CATEGORICAL[0], "width": 2},
                "marker": {"size": 4},
            }
        ],
        "layout": {
            **LAYOUT_BASE,
            "height": 60,
            "margin": {"l": 2, "r": 2, "t": 2, "b": 2},
            "xaxis": {"visible": False, **({"autorange": "reversed"} if lang == "ar" else {})},
            "yaxis": {"visible": False},
            "showlegend": False,
        },
    }
