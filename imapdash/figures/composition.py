"""Composition charts: groups stacked over time and a breakdown for one period.

Counts or shares; the unknown group is always drawn; unaccompanied children are their own segment
where the source splits children, and an "of which" line where it does not; periods without data
are listed in an annotation, never drawn as zeros.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..theme import LAYOUT_BASE
from ..transforms.composition import GROUP_LABELS, PARTITION_PLAIN, PARTITION_SPLIT, compress_periods
from .flows import cursor_shape, empty_figure
from .sources import distinct_sources, source_annotation

GROUP_COLORS = {
    "men": "#0072B2",
    "women": "#CC79A7",
    "children": "#E69F00",
    "children_accompanied": "#E69F00",
    "children_unaccompanied": "#D55E00",
    "unknown": "#999999",
}


def _partition(series: pd.DataFrame) -> tuple[str, ...]:
    return PARTITION_SPLIT if (series["group"] == "children_accompanied").any() else PARTITION_PLAIN


def _gap_annotation(gaps: Sequence[str]) -> dict:
    return {"text": f"No data for: {compress_periods(gaps)}" if gaps else "", "showarrow": False,
            "xref": "paper", "yref": "paper", "x": 0, "y": 1.0, "yanchor": "bottom", "xanchor": "left",
            "font": {"size": 11, "color": "#8a4b00"}, "name": "coverage-gaps"}


def build_composition_over_time(
    series: pd.DataFrame, *, mode: str = "count", title: str, gaps: Sequence[str] = (), period: str | None = None,
    vintage: str | None = None,
) -> dict:
    """Stacked bars of the groups per period (counts or shares), unknown included, gaps annotated."""
    if series.empty:
        return empty_figure("No composition data for this selection" + (
            f" — no data for {compress_periods(gaps)}" if gaps else ""))
    field = "share_pct" if mode == "share" else "count"
    unit = "% of total" if mode == "share" else "persons"
    periods = sorted(series["period"].astype(str).unique())
    parts = _partition(series)
    traces = []
    for group in parts:
        sub = series[(series["group"] == group) & series[field].notna()]
        if sub.empty:
            continue
        basis = sub["share_basis"].astype(str).tolist() if mode == "share" else [""] * len(sub)
        traces.append({"type": "bar", "name": GROUP_LABELS[group], "x": sub["period"].astype(str).tolist(),
                       "y": [round(float(v), 2) for v in sub[field]], "customdata": basis,
                       "marker": {"color": GROUP_COLORS[group]},
                       "hovertemplate": f"{GROUP_LABELS[group]} · %{{x}}<br>%{{y:,}} {unit}"
                                        + ("<br>share %{customdata}" if mode == "share" else "") + "<extra></extra>"})
    if "children" in parts:
        sub = series[(series["group"] == "children_unaccompanied") & series[field].notna()]
        if not sub.empty:
            traces.append({"type": "scatter", "mode": "lines+markers", "name": "of which: children, unaccompanied",
                           "x": sub["period"].astype(str).tolist(), "y": [round(float(v), 2) for v in sub[field]],
                           "line": {"color": GROUP_COLORS["children_unaccompanied"], "dash": "dot"},
                           "hovertemplate": "Unaccompanied children · %{x}<br>%{y:,} " + unit + "<extra></extra>"})
    if not traces:
        return empty_figure("Only totals published for this selection")
    layout = {**LAYOUT_BASE, "barmode": "stack", "height": 380, "title": {"text": title, "font": {"size": 14}},
              "xaxis": {"type": "category", "categoryorder": "array", "categoryarray": periods},
              "yaxis": {"title": {"text": unit}}, "shapes": [cursor_shape(period)],
              "annotations": [_gap_annotation(gaps), source_annotation(distinct_sources(series), vintage=vintage)]}
    return {"data": traces, "layout": layout}


def build_composition_breakdown(series: pd.DataFrame, period: str | None, *, mode: str = "count",
                                title: str, vintage: str | None = None) -> dict:
    """Horizontal bars of every group published for one period, unknown included."""
    rows = series[series["period"] == period] if period else series.iloc[0:0]
    rows = rows[rows["group"] != "total"]
    if rows.empty:
        return empty_figure(f"No composition data for {period or 'this period'}", height=300)
    field = "share_pct" if mode == "share" else "count"
    unit = "% of total" if mode == "share" else "persons"
    order = [g for g in (*PARTITION_SPLIT, "children", "unknown") if g in set(rows["group"])]
    order = list(dict.fromkeys(order))
    rows = rows.set_index("group").loc[order].reset_index()
    known = rows[rows[field].notna()]
    labels = [GROUP_LABELS[g] + (" (of which)" if g == "children_unaccompanied" and "children" in order else "")
              for g in known["group"]]
    basis = known["share_basis"].astype(str).tolist()
    trace = {"type": "bar", "orientation": "h", "y": labels[::-1],
             "x": [round(float(v), 2) for v in known[field]][::-1],
             "marker": {"color": [GROUP_COLORS.get(g, "#999") for g in known["group"]][::-1]},
             "customdata": basis[::-1],
             "hovertemplate": "%{y}<br>%{x:,} " + unit + ("<br>share %{customdata}" if mode == "share" else "")
                              + "<extra></extra>"}
    missing = [GROUP_LABELS[g] for g in rows.loc[rows[field].isna(), "group"]]
    notes = [source_annotation(distinct_sources(rows), vintage=vintage)]
    if missing:
        notes.append({"text": "Not published: " + ", ".join(missing), "showarrow": False, "xref": "paper",
                      "yref": "paper", "x": 0, "y": 1.0, "yanchor": "bottom", "xanchor": "left",
                      "font": {"size": 11, "color": "#8a4b00"}})
    layout = {**LAYOUT_BASE, "height": 300, "title": {"text": title, "font": {"size": 14}},
              "margin": {"l": 190, "r": 10, "t": 50, "b": 60}, "xaxis": {"title": {"text": unit}},
              "annotations": notes}
    return {"data": [trace], "layout": layout}
