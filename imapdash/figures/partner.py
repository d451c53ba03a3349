"""Figure of the partner area: preliminary monthly detections per route (restricted data).

Pure: a frame in, a plotly figure out. The caller passes rows it obtained through the guarded
accessors; the figure names the status ("preliminary") in its title and carries its source note.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from imapdash import theme
from imapdash.figures.sources import add_source_note, distinct_sources


def preliminary_flows_figure(frame: pd.DataFrame, route_names: Mapping[str, str]) -> go.Figure:
    """One bar series per route: detections per month, labelled preliminary; "no data" when empty."""
    fig = go.Figure()
    for index, (route_id, rows) in enumerate(frame.groupby("route_id", sort=True)):
        fig.add_trace(
            go.Bar(
                x=rows["period"].astype(str).tolist(),
                y=rows["value"].astype(float).tolist(),
                name=route_names.get(str(route_id), str(route_id)),
                marker_color=theme.CATEGORICAL[index % len(theme.CATEGORICAL)],
                hovertemplate="%{x}: %{y:,.0f} detections (preliminary)<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(
        **theme.LAYOUT_BASE,
        title="Irregular border crossings detected per month — preliminary (detections, not persons)",
        xaxis={"title": "Month", "type": "category"},
        yaxis={"title": "Detections", "rangemode": "tozero"},
        barmode="group",
        showlegend=True,
    )
    if frame.empty:
        fig.add_annotation(text="no data", showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
    vintages = sorted(set(frame["vintage"].astype(str))) if "vintage" in frame else []
    return add_source_note(fig, distinct_sources(frame), vintage=", ".join(vintages) or None)
