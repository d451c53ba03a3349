"""Composition charts: groups stacked over time and a breakdown for one period.

Counts or shares; the unknown group is always drawn; unaccompanied children are their own segment
where the source splits children, and an "of which" line where it does not; periods without data
are listed in an annotation, never drawn as zeros. Group names, units and notes follow `lang`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..i18n import normalise_language, t
from ..theme import LAYOUT_BASE
from ..transforms.composition import (
    GROUP_LABELS,
    PARTITION_PLAIN,
    PARTITION_SPLIT,
    SHARE_COMPUTED,
    SHARE_COMPUTED_SUM,
    SHARE_PUBLISHED,
    compress_periods,
)
from .flows import (
    NOTE_BELOW_TICKS,
    NOTE_BELOW_TITLE,
    TIME_TICKS,
    cursor_shape,
    empty_figure,
    localised_layout,
    localised_note,
    t_or,
)
from .sources import distinct_sources

GROUP_COLORS = {
    "men": "#0072B2",
    "women": "#CC79A7",
    "children": "#E69F00",
    "children_accompanied": "#E69F00",
    "children_unaccompanied": "#D55E00",
    "unknown": "#999999",
}


BASIS_KEYS = {
    SHARE_PUBLISHED: "routes.basis.published",
    SHARE_COMPUTED: "routes.basis.computed",
    SHARE_COMPUTED_SUM: "routes.basis.computed_sum",
}


def group_label(group: str, lang: str = "en") -> str:
    """A composition group's name in `lang` (the English label for groups without a key)."""
    return t_or(f"routes.group.{group}", lang, GROUP_LABELS.get(group, group))


def basis_label(basis: str, lang: str = "en") -> str:
    """How a share was obtained ('published', 'computed from counts'…) in `lang`."""
    return t(BASIS_KEYS[basis], lang) if basis in BASIS_KEYS else basis


def _unit(mode: str, lang: str) -> str:
    return t("routes.unit.share", lang) if mode == "share" else t("routes.unit.persons", lang)


def _partition(series: pd.DataFrame) -> tuple[str, ...]:
    return PARTITION_SPLIT if (series["group"] == "children_accompanied").any() else PARTITION_PLAIN


def _gap_annotation(gaps: Sequence[str], lang: str = "en") -> dict:
    rtl = normalise_language(lang) == "ar"
    return {
        "text": t("routes.composition.gaps", lang, gaps=compress_periods(gaps)) if gaps else "",
        "showarrow": False,
        "xref": "paper",
        "yref": "paper",
        "x": 1 if rtl else 0,
        "y": 1.0,
        "yanchor": "bottom",
        "xanchor": "right" if rtl else "left",
        "font": {"size": 11, "color": "#8a4b00"},
        "name": "coverage-gaps",
    }


def build_composition_over_time(
    series: pd.DataFrame,
    *,
    mode: str = "count",
    title: str,
    gaps: Sequence[str] = (),
    period: str | None = None,
    vintage: str | None = None,
    lang: str = "en",
) -> dict:
    """Stacked bars of the groups per period (counts or shares), unknown included, gaps annotated."""
    if series.empty:
        return empty_figure(
            t("routes.composition.empty_gaps", lang, gaps=compress_periods(gaps))
            if gaps
            else t("routes.composition.empty", lang),
            lang=lang,
        )
    field = "share_pct" if mode == "share" else "count"
    unit = _unit(mode, lang)
    share_hover = "<br>" + t("routes.basis.hover", lang, basis="%{customdata}") if mode == "share" else ""
    periods = sorted(series["period"].astype(str).unique())
    parts = _partition(series)
    traces = []
    for group in parts:
        sub = series[(series["group"] == group) & series[field].notna()]
        if sub.empty:
            continue
        basis = [basis_label(b, lang) for b in sub["share_basis"].astype(str)] if mode == "share" else [""] * len(sub)
        name = group_label(group, lang)
        traces.append(
            {
                "type": "bar",
                "name": name,
                "x": sub["period"].astype(str).tolist(),
                "y": [round(float(v), 2) for v in sub[field]],
                "customdata": basis,
                "marker": {"color": GROUP_COLORS[group]},
                "hovertemplate": f"{name} · %{{x}}<br>%{{y:,}} {unit}" + share_hover + "<extra></extra>",
            }
        )
    if "children" in parts:
        sub = series[(series["group"] == "children_unaccompanied") & series[field].notna()]
        if not sub.empty:
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": t("routes.group.of_which_unaccompanied", lang),
                    "x": sub["period"].astype(str).tolist(),
                    "y": [round(float(v), 2) for v in sub[field]],
                    "line": {"color": GROUP_COLORS["children_unaccompanied"], "dash": "dot"},
                    "hovertemplate": group_label("children_unaccompanied", lang)
                    + " · %{x}<br>%{y:,} "
                    + unit
                    + "<extra></extra>",
                }
            )
    if not traces:
        return empty_figure(t("routes.composition.totals_only", lang), lang=lang)
    layout = {
        **LAYOUT_BASE,
        "barmode": "stack",
        "height": 380,
        "title": {"text": title, "font": {"size": 14}},
        # a line more at the top for the coverage-gap note, between the title and the plot
        "margin": {"l": 10, "r": 10, "t": 62 if gaps else 40, "b": NOTE_BELOW_TICKS + 26},
        "xaxis": {"type": "category", "categoryorder": "array", "categoryarray": periods, **TIME_TICKS},
        "yaxis": {"title": {"text": unit}},
        "shapes": [cursor_shape(period, periods)],
        "annotations": [
            _gap_annotation(gaps, lang),
            localised_note(distinct_sources(series), vintage=vintage, lang=lang, below=NOTE_BELOW_TICKS),
        ],
    }
    return {"data": traces, "layout": localised_layout(layout, lang, time_axis=True)}


def build_composition_breakdown(
    series: pd.DataFrame,
    period: str | None,
    *,
    mode: str = "count",
    title: str,
    vintage: str | None = None,
    lang: str = "en",
) -> dict:
    """Horizontal bars of every group published for one period, unknown included."""
    rows = series[series["period"] == period] if period else series.iloc[0:0]
    rows = rows[rows["group"] != "total"]
    if rows.empty:
        return empty_figure(
            t("routes.composition.empty_period", lang, period=period or t("routes.composition.this_period", lang)),
            height=300,
            lang=lang,
        )
    field = "share_pct" if mode == "share" else "count"
    unit = _unit(mode, lang)
    share_hover = "<br>" + t("routes.basis.hover", lang, basis="%{customdata}") if mode == "share" else ""
    order = [g for g in (*PARTITION_SPLIT, "children", "unknown") if g in set(rows["group"])]
    order = list(dict.fromkeys(order))
    rows = rows.set_index("group").loc[order].reset_index()
    known = rows[rows[field].notna()]
    labels = [
        t("routes.group.of_which", lang, group=group_label(g, lang))
        if g == "children_unaccompanied" and "children" in order
        else group_label(g, lang)
        for g in known["group"]
    ]
    basis = [basis_label(b, lang) for b in known["share_basis"].astype(str)]
    trace = {
        "type": "bar",
        "orientation": "h",
        "y": labels[::-1],
        "x": [round(float(v), 2) for v in known[field]][::-1],
        "marker": {"color": [GROUP_COLORS.get(g, "#999") for g in known["group"]][::-1]},
        "customdata": basis[::-1],
        "hovertemplate": "%{y}<br>%{x:,} " + unit + share_hover + "<extra></extra>",
    }
    missing = [group_label(g, lang) for g in rows.loc[rows[field].isna(), "group"]]
    notes = [localised_note(distinct_sources(rows), vintage=vintage, lang=lang, at_end=True)]
    rtl = normalise_language(lang) == "ar"
    if missing:
        notes.append(
            {
                "text": t("routes.composition.not_published", lang, groups=", ".join(missing)),
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 1 if rtl else 0,
                "y": 1.0,
                "yanchor": "bottom",
                "xanchor": "right" if rtl else "left",
                "font": {"size": 11, "color": "#8a4b00"},
            }
        )
    layout = {
        **LAYOUT_BASE,
        "height": 300,
        "title": {"text": title, "font": {"size": 14}},
        "margin": {"l": 10, "r": 10, "t": 50, "b": NOTE_BELOW_TITLE + 22},
        "xaxis": {"title": {"text": unit}},
        "annotations": notes,
    }
    return {"data": [trace], "layout": localised_layout(layout, lang)}
