"""Figure of the partner area: preliminary monthly detections per route (restricted data).

Pure: a frame in, a plotly figure out. The caller passes rows it obtained through the guarded
accessors; the figure names the status ("preliminary") in its title and carries its source note.
Every text is in the reader's language (`lang`): title, axes, hover (numbers formatted with
`format_value`, so French gets narrow-space thousands) and "no data"; Arabic mirrors the chart.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from imapdash import theme
from imapdash.figures.profile import stacked_layout
from imapdash.figures.sources import distinct_sources
from imapdash.i18n import format_value, t


def preliminary_flows_figure(frame: pd.DataFrame, route_names: Mapping[str, str], lang: str = "en") -> go.Figure:
    """One bar series per route: detections per month, labelled preliminary; "no data" when empty."""
    # one category order for every route: plotly orders categories by first appearance across traces,
    # which put 2025-03 before 2025-01 when the first route had no January
    months = sorted(set(frame["period"].astype(str))) if "period" in frame else []
    routes = list(frame.groupby("route_id", sort=True)) if "route_id" in frame else []
    vintages = sorted(set(frame["vintage"].astype(str))) if "vintage" in frame else []
    layout = stacked_layout(
        t("partner.figure.title", lang),
        x_title=t("partner.column.month", lang),
        y_title=t("partner.column.detections", lang),
        sources=distinct_sources(frame),
        vintage=", ".join(vintages) or None,
        lang=lang,
        legend=len(routes),
        barmode="group",
    )
    layout["xaxis"].update({"type": "category", "categoryorder": "array", "categoryarray": months})
    fig = go.Figure(layout=layout)
    for index, (route_id, rows) in enumerate(routes):
        values = rows["value"].astype(float).tolist()
        fig.add_trace(
            go.Bar(
                x=rows["period"].astype(str).tolist(),
                y=values,
                name=route_names.get(str(route_id), str(route_id)),
                marker_color=theme.CATEGORICAL[index % len(theme.CATEGORICAL)],
                customdata=[t("partner.figure.hover", lang, value=format_value(v, lang)) for v in values],
                hovertemplate="%{x}: %{customdata}<extra>%{fullData.name}</extra>",
            )
        )
    if frame.empty:
        fig.add_annotation(text=t("common.no_data", lang), showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
        fig.update_layout(xaxis={"visible": False}, yaxis={"visible": False})
    return fig
