"""Figures of the admins' usage statistics: visits over time, by view and by language, per user group.

Pure: frames of `imapdash.partner.usage` in, plotly figures out. Counts are browser sessions counted once per
day and page (no IP address, no user); the source note says so and gives the retention period.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from imapdash.figures.profile import stacked_layout
from imapdash.i18n import t

# one colour per user group, the same in every usage chart (partner states North and South side by side)
GROUP_COLORS = {
    "public": "#7f7f7f",
    "partner agency": "#0072b2",
    "partner state (north)": "#009e73",
    "partner state (south)": "#d55e00",
    "partner state": "#cc79a7",
    "admin": "#222222",
}


def _base(
    title: str, *, retention_days: int, lang: str, legend: int, x_title: str = "", y_title: str = "", **extra: Any
) -> go.Figure:
    """Title, legend (one group a row) and source note in rows of their own (figures.profile.stacked_layout)."""
    source = [(t("partner.usage.source", lang, days=retention_days), "")]
    layout = stacked_layout(
        title, x_title=x_title, y_title=y_title, sources=source, vintage=None, lang=lang, legend=legend, **extra
    )
    return go.Figure(layout=layout)


def usage_over_time(
    weekly: pd.DataFrame, group_names: Mapping[str, str], *, retention_days: int, lang: str = "en"
) -> go.Figure:
    """Lines: visits per ISO week, one line per user group."""
    groups = list(dict.fromkeys(weekly["group"].astype(str)))
    fig = _base(
        t("partner.usage.chart.weeks", lang),
        retention_days=retention_days,
        lang=lang,
        legend=len(groups),
        y_title=t("partner.usage.axis", lang),
    )
    for group, rows in weekly.groupby("group", sort=False):
        fig.add_scatter(
            x=rows["week"].tolist(),
            y=rows["visits"].astype(int).tolist(),
            mode="lines+markers",
            name=group_names.get(str(group), str(group)),
            line={"color": GROUP_COLORS.get(str(group), "#444444")},
            hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>",
        )
    fig.update_layout(xaxis={"type": "category", "automargin": True})
    return fig


def usage_by(
    totals: pd.DataFrame,
    column: str,
    labels: Mapping[str, str],
    group_names: Mapping[str, str],
    *,
    title: str,
    retention_days: int,
    lang: str = "en",
) -> go.Figure:
    """Horizontal stacked bars: visits per `column` value (view or language), one colour per user group."""
    order = list(dict.fromkeys(totals[column].astype(str)))[::-1]  # most visited on top
    groups = list(dict.fromkeys(totals["group"].astype(str)))
    fig = _base(
        title,
        retention_days=retention_days,
        lang=lang,
        legend=len(groups),
        x_title=t("partner.usage.axis", lang),
        plot_height=max(60, 34 * len(order) + 8),
        time_axis=False,
        at_end=True,
        barmode="stack",
    )
    for group, rows in totals.groupby("group", sort=False):
        fig.add_bar(
            y=[labels.get(v, v) for v in rows[column].astype(str)],
            x=rows["visits"].astype(int).tolist(),
            orientation="h",
            name=group_names.get(str(group), str(group)),
            marker_color=GROUP_COLORS.get(str(group), "#444444"),
            hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>",
        )
    fig.update_layout(
        yaxis={
            "categoryorder": "array",
            "categoryarray": [labels.get(v, v) for v in order],
            "rangemode": None,
            "automargin": True,
        }
    )
    return fig
