"""Figures of the admins' usage statistics: visits over time, by view and by language, per user group.

Pure: frames of `imapdash.partner.usage` in, plotly figures out. Counts are browser sessions counted once per
day and page (no IP address, no user); the source note says so and gives the retention period.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from imapdash import theme
from imapdash.figures.sources import add_source_note
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


def _layout(fig: go.Figure, title: str, lang: str, **extra: object) -> go.Figure:
    fig.update_layout(
        **{**theme.LAYOUT_BASE, "margin": {"l": 10, "r": 10, "t": 50, "b": 90}},
        title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 14}, **theme.TITLE_TOP},
        legend={"orientation": "h", "y": -0.18, "x": 0},
        height=340,
        **extra,
    )
    return fig


def _source(fig: go.Figure, retention_days: int, lang: str) -> go.Figure:
    return add_source_note(fig, [(t("partner.usage.source", lang, days=retention_days), "")], lang=lang)


def usage_over_time(
    weekly: pd.DataFrame, group_names: Mapping[str, str], *, retention_days: int, lang: str = "en"
) -> go.Figure:
    """Lines: visits per ISO week, one line per user group."""
    fig = go.Figure()
    for group, rows in weekly.groupby("group", sort=False):
        fig.add_scatter(
            x=rows["week"].tolist(),
            y=rows["visits"].astype(int).tolist(),
            mode="lines+markers",
            name=group_names.get(str(group), str(group)),
            line={"color": GROUP_COLORS.get(str(group), "#444444")},
            hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>",
        )
    _layout(
        fig,
        t("partner.usage.chart.weeks", lang),
        lang,
        xaxis={"type": "category", "title": None, "automargin": True},
        yaxis={"title": t("partner.usage.axis", lang), "rangemode": "tozero", "automargin": True},
    )
    return _source(fig, retention_days, lang)


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
    fig = go.Figure()
    order = list(dict.fromkeys(totals[column].astype(str)))[::-1]  # most visited on top
    for group, rows in totals.groupby("group", sort=False):
        fig.add_bar(
            y=[labels.get(v, v) for v in rows[column].astype(str)],
            x=rows["visits"].astype(int).tolist(),
            orientation="h",
            name=group_names.get(str(group), str(group)),
            marker_color=GROUP_COLORS.get(str(group), "#444444"),
            hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>",
        )
    _layout(
        fig,
        title,
        lang,
        barmode="stack",
        xaxis={"title": t("partner.usage.axis", lang), "rangemode": "tozero", "automargin": True},
        yaxis={
            "categoryorder": "array",
            "categoryarray": [labels.get(v, v) for v in order],
            "automargin": True,
        },
    )
    return _source(fig, retention_days, lang)
