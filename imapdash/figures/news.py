"""News Centre charts: items over time by theme, theme shares, countries mentioned, terms, term trends.

Pure builders: frames from `imapdash.transforms.media` in, `go.Figure` out. Each chart says what
it counts (news items of the selection, not events) and carries a source note naming the corpus.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from ..theme import LAYOUT_BASE, NO_DATA_COLOR
from .sources import add_source_note

# Okabe–Ito first (colour-vision safe), then three more; grey for "other".
THEME_COLORS = ("#0072B2", "#D55E00", "#CC79A7", "#009E73", "#E69F00", "#56B4E9", "#882255", "#44AA99",
                "#000000", "#F0E442")
OTHER_COLOR = "#999999"
TERM_DASHES = ("solid", "dash", "dot")
LANGUAGE_NAMES = {"en": "English", "fr": "French", "ar": "Arabic"}
EVERY_LABELS = {"week": "week", "month": "month", "year": "year"}


def theme_colors(theme_ids: Sequence[str]) -> dict[str, str]:
    """A fixed colour per theme id (rule order), grey for 'other'."""
    colors = {}
    for index, theme in enumerate(theme_ids):
        colors[theme] = OTHER_COLOR if theme == "other" else THEME_COLORS[index % len(THEME_COLORS)]
    return colors


def _base(title: str, *, height: int = 360) -> go.Figure:
    fig = go.Figure(layout={**LAYOUT_BASE, "height": height, "title": {"text": title, "font": {"size": 15}}})
    return fig


def _empty(fig: go.Figure, text: str = "No items match the filters") -> go.Figure:
    fig.add_annotation(text=text, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5,
                       font={"size": 14, "color": "#666"}, name="no-data")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def build_news_trend(
    counts: pd.DataFrame, *, theme_labels: Mapping[str, str], every: str, sources: Sequence[tuple[str, str]]
) -> go.Figure:
    """Stacked bars: items per period, one trace per main theme (rule order)."""
    fig = _base(f"News items per {EVERY_LABELS.get(every, every)}, by main theme")
    colors = theme_colors(list(theme_labels))
    if counts.empty:
        return add_source_note(_empty(fig), sources)
    for theme, label in theme_labels.items():
        part = counts[counts["main_theme"] == theme]
        if part.empty:
            continue
        fig.add_bar(
            x=part["period"].dt.strftime("%Y-%m-%d").tolist(),
            y=part["items"].astype(int).tolist(),
            name=label,
            marker_color=colors[theme],
            hovertemplate=f"{label}<br>%{{x}}: %{{y}} item(s)<extra></extra>",
        )
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.25}, margin={"b": 120},
                      xaxis={"type": "date", "title": None}, yaxis={"title": "items", "rangemode": "tozero"})
    return add_source_note(fig, sources)


def build_theme_shares(
    shares: pd.DataFrame, *, theme_labels: Mapping[str, str], sources: Sequence[tuple[str, str]]
) -> go.Figure:
    """Horizontal bars: share of items per main theme (each item counted once)."""
    fig = _base("Share of items by main theme")
    if shares.empty:
        return add_source_note(_empty(fig), sources)
    colors = theme_colors(list(theme_labels))
    ordered = shares.iloc[::-1]
    fig.add_bar(
        x=ordered["share_pct"].round(1).tolist(),
        y=[theme_labels.get(t, t) for t in ordered["main_theme"]],
        orientation="h",
        marker_color=[colors.get(t, OTHER_COLOR) for t in ordered["main_theme"]],
        customdata=ordered["items"].astype(int).tolist(),
        hovertemplate="%{y}: %{x:.1f} % (%{customdata} items)<extra></extra>",
        showlegend=False,
    )
    fig.update_layout(xaxis={"title": "% of items", "rangemode": "tozero"}, yaxis={"automargin": True},
                      margin={"l": 10})
    return add_source_note(fig, sources)


def build_country_map(
    counts: pd.DataFrame,
    *,
    geojson_url: str,
    names: Mapping[str, str],
    sources: Sequence[tuple[str, str]],
    selected: str | None = None,
) -> go.Figure:
    """Choropleth of items mentioning each country; polygons are fetched once from `geojson_url`."""
    fig = _base("Countries mentioned (items)", height=420)
    locations = counts["iso3"].tolist()
    fig.add_choropleth(
        geojson=geojson_url,
        featureidkey="id",
        locations=locations,
        z=counts["items"].astype(int).tolist(),
        text=[names.get(c, c) for c in locations],
        colorscale="Blues",
        zmin=0,
        marker={"line": {"color": ["#111111" if c == selected else "#ffffff" for c in locations],
                         "width": [2 if c == selected else 0.5 for c in locations]}},
        colorbar={"title": {"text": "items"}, "thickness": 12},
        hovertemplate="%{text}: %{z} item(s)<extra></extra>",
    )
    fig.update_geos(
        projection_type="natural earth",
        fitbounds=False,
        lataxis_range=[-5, 62],
        lonaxis_range=[-30, 70],
        showland=True,
        landcolor=NO_DATA_COLOR,
        showocean=True,
        oceancolor="#eef3f7",
        showcountries=False,
        showframe=False,
        showcoastlines=False,
        resolution=50,
    )
    fig.update_layout(margin={"l": 0, "r": 0, "t": 40, "b": 60})
    if counts.empty:
        fig.add_annotation(text="No country mentioned in these items", showarrow=False, xref="paper",
                           yref="paper", x=0.5, y=0.5, name="no-data")
    return add_source_note(fig, sources)


def build_top_terms(terms: pd.DataFrame, *, title: str, sources: Sequence[tuple[str, str]], rtl: bool = False
                    ) -> go.Figure:
    """Horizontal bars of the terms used by most items (written form shown, counted by key)."""
    fig = _base(title, height=420)
    if terms.empty:
        return add_source_note(_empty(fig), sources)
    ordered = terms.iloc[::-1]
    fig.add_bar(
        x=ordered["items"].astype(int).tolist(),
        y=ordered["term"].tolist(),
        orientation="h",
        marker_color="#0072B2",
        hovertemplate="%{y}: used in %{x} item(s)<extra></extra>",
        showlegend=False,
    )
    fig.update_layout(xaxis={"title": "items using the term", "rangemode": "tozero"},
                      yaxis={"automargin": True, "type": "category", "side": "right" if rtl else "left"})
    return add_source_note(fig, sources)


def build_term_trends(trends: pd.DataFrame, *, sources: Sequence[tuple[str, str]]) -> go.Figure:
    """Lines: per year, the share of items of a language that use each term of its terminology pair."""
    fig = _base("Which words? Share of items using each term, per year")
    if trends.empty:
        return add_source_note(_empty(fig, "No items in these languages"), sources)
    for lang_index, (language, part) in enumerate(trends.groupby("language", sort=False)):
        for term_index, (term, rows) in enumerate(part.groupby("term", sort=False)):
            share = (100.0 * rows["items"] / rows["of_items"]).round(1)
            fig.add_scatter(
                x=rows["year"].astype(int).tolist(),
                y=share.tolist(),
                customdata=list(zip(rows["items"].astype(int), rows["of_items"].astype(int), strict=True)),
                mode="lines+markers",
                name=f"{term} ({LANGUAGE_NAMES.get(language, language)})",
                line={"color": THEME_COLORS[term_index % len(THEME_COLORS)],
                      "dash": TERM_DASHES[lang_index % len(TERM_DASHES)]},
                hovertemplate=(f"{term}<br>%{{x}}: %{{y}} % of {LANGUAGE_NAMES.get(language, language)} items "
                               "(%{customdata[0]} of %{customdata[1]})<extra></extra>"),
            )
    fig.update_layout(yaxis={"title": "% of items of the language", "rangemode": "tozero"},
                      xaxis={"title": None, "dtick": 1}, legend={"orientation": "h", "y": -0.25},
                      margin={"b": 120})
    return add_source_note(fig, sources)
