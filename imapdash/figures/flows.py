"""Flow charts: top nationalities over time, the nationality → route → arrival-area Sankey, and
intra-African movements. Pure: frames in, plain figure dicts out, each with its source note."""

from __future__ import annotations

import pandas as pd

from ..theme import CATEGORICAL, LAYOUT_BASE
from ..transforms.flows import SankeyData
from .sources import distinct_sources, source_annotation

CURSOR_NAME = "period-cursor"
NODE_COLORS = {"nationality": "#56B4E9", "route": "#D55E00", "arrival": "#009E73"}


def cursor_shape(period: str | None) -> dict:
    """A vertical line at the current animation period (moved in the browser by routes.js)."""
    return {"name": CURSOR_NAME, "type": "line", "xref": "x", "yref": "paper", "x0": period, "x1": period,
            "y0": 0, "y1": 1, "line": {"color": "#111", "width": 2, "dash": "dot"}, "visible": period is not None}


def empty_figure(message: str, *, height: int = 320) -> dict:
    """A figure that says why there is nothing to draw ('no data', never a zero)."""
    return {"data": [], "layout": {**LAYOUT_BASE, "height": height, "xaxis": {"visible": False},
                                   "yaxis": {"visible": False},
                                   "annotations": [{"text": message, "showarrow": False, "xref": "paper",
                                                    "yref": "paper", "x": 0.5, "y": 0.5, "font": {"size": 14}}]}}


def build_nationality_chart(
    rows: pd.DataFrame, *, unit: str, title: str, period: str | None = None, vintage: str | None = None,
) -> dict:
    """Stacked bars of the top nationalities per period (summed over the selected routes of one source)."""
    if rows.empty:
        return empty_figure("No nationality breakdown published for this selection")
    by = rows.groupby(["nationality_iso3", "period"], as_index=False)["value"].sum()
    order = by.groupby("nationality_iso3")["value"].sum().sort_values(ascending=False, kind="stable").index
    periods = sorted(rows["period"].astype(str).unique())
    traces = []
    for i, nat in enumerate(order):
        sub = by[by["nationality_iso3"] == nat]
        traces.append({"type": "bar", "name": str(nat), "x": sub["period"].astype(str).tolist(),
                       "y": sub["value"].astype(int).tolist(), "marker": {"color": CATEGORICAL[i % len(CATEGORICAL)]},
                       "hovertemplate": f"{nat} · %{{x}}<br>%{{y:,}} {unit}<extra></extra>"})
    layout = {**LAYOUT_BASE, "barmode": "stack", "height": 380, "title": {"text": title, "font": {"size": 14}},
              "xaxis": {"type": "category", "categoryorder": "array", "categoryarray": periods},
              "yaxis": {"title": {"text": unit}}, "shapes": [cursor_shape(period)],
              "legend": {"title": {"text": "Nationality"}},
              "annotations": [source_annotation(distinct_sources(rows), vintage=vintage)]}
    return {"data": traces, "layout": layout}


def build_sankey(data: SankeyData, *, unit: str, title: str, vintage: str | None = None) -> dict:
    """Sankey nationality → route → arrival area; link hovers say what each link is."""
    if not data.value:
        return empty_figure("No route totals for this period and measure")
    trace = {
        "type": "sankey", "arrangement": "snap",
        "node": {"label": list(data.labels), "color": [NODE_COLORS.get(k, "#999") for k in data.kinds],
                 "pad": 12, "thickness": 14,
                 "hovertemplate": f"%{{label}}<br>%{{value:,}} {unit}<extra></extra>"},
        "link": {"source": list(data.source), "target": list(data.target), "value": list(data.value),
                 "customdata": list(data.link_label),
                 "hovertemplate": f"%{{source.label}} → %{{target.label}}<br>%{{value:,}} {unit}"
                                  "<br>%{customdata}<extra></extra>"},
    }
    layout = {**LAYOUT_BASE, "height": 520, "title": {"text": title, "font": {"size": 14}},
              "annotations": [source_annotation(data.sources, vintage=vintage)]}
    return {"data": [trace], "layout": layout}


def build_pairs_chart(pairs: pd.DataFrame, names: dict[str, str], *, unit: str, title: str,
                      vintage: str | None = None) -> dict:
    """Horizontal bars of the largest origin → destination pairs."""
    if pairs.empty:
        return empty_figure("No data for this selection")
    label = [f"{names.get(a, a)} → {names.get(b, b)}" for a, b in zip(pairs["from_iso3"], pairs["to_iso3"],
                                                                    strict=True)]
    trace = {"type": "bar", "orientation": "h", "x": pairs["value"].astype(int).tolist()[::-1], "y": label[::-1],
             "marker": {"color": "#882255"}, "hovertemplate": f"%{{y}}<br>%{{x:,}} {unit}<extra></extra>"}
    layout = {**LAYOUT_BASE, "height": 460, "title": {"text": title, "font": {"size": 14}},
              "margin": {"l": 220, "r": 10, "t": 40, "b": 60}, "xaxis": {"title": {"text": unit}},
              "annotations": [source_annotation(distinct_sources(pairs), vintage=vintage)]}
    return {"data": [trace], "layout": layout}

