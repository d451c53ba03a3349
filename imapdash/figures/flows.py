"""Flow charts: top nationalities over time, the nationality → route → arrival-area Sankey, and
intra-African movements. Pure: frames in, plain figure dicts out, each with its source note.

Every builder takes `lang` (keyword, default English): titles, legends, hovers and node labels come
from the `routes` catalogue, numbers follow the language's separators (`separators`), and cartesian
charts are mirrored for Arabic (`localised_layout`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
from babel.numbers import get_decimal_symbol, get_group_symbol

from ..i18n import catalogue, normalise_language, t
from ..theme import (
    CATEGORICAL_WIDE,
    LAYOUT_BASE,
    TITLE_TOP,
    axes_automargin,
    direction_layout,
    fit_title,
    wrap_title,
)
from ..transforms.flows import SankeyData
from .sources import distinct_sources, reserve_note_space, source_annotation

CURSOR_NAME = "period-cursor"
NODE_COLORS = {"nationality": "#56B4E9", "route": "#D55E00", "arrival": "#009E73"}


def t_or(key: str, lang: str, default: str, **values: object) -> str:
    """`t(key)` when the catalogue has the key, else `default` (data-driven keys: routes, scopes)."""
    if key in catalogue(normalise_language(lang)):
        return t(key, lang, **values)
    return default


def isolate(text: object, lang: str) -> str:
    """`text` between Unicode isolates (FSI…PDI) on an Arabic page: a Latin name or a number inside an
    Arabic sentence keeps its place ("حالات الرصد لدى Frontex: 66,855" drew as "Frontex :66,855", the
    number pulled into the Latin run)."""
    return f"\u2068{text}\u2069" if normalise_language(lang) == "ar" else str(text)


SPECIAL_NATIONALITIES = ("OOO", "OOS", "STL", "UNK")
OTHER_NATIONALITIES = "_other"  # a period's total minus the nationalities drawn (views/routes/queries)
OTHER_COLOR = "#bbbbbb"


def nationality_label(code: str, names: Mapping[str, str], lang: str = "en") -> str:
    """A nationality in words: the country's name, or the publisher's special code (OOO 'not specified',
    OOS, STL, UNK) from the catalogue; the raw code only when nothing names it."""
    code = str(code)
    if code == OTHER_NATIONALITIES:
        return t("nationality._other", lang)
    if code in SPECIAL_NATIONALITIES:
        return t_or(f"nationality.{code}", lang, code)
    return names.get(code, code)


def separators(lang: str) -> str:
    """plotly's `separators` (decimal mark, then thousands) for `lang`, so %{y:,} follows the locale."""
    lang = normalise_language(lang)
    return get_decimal_symbol(lang) + get_group_symbol(lang)


def localised_layout(layout: dict, lang: str, *, time_axis: bool = False) -> dict:
    """The layout with number separators for `lang`, automargins on its axes, and the right-to-left
    overrides for Arabic (theme.direction_layout: time still runs left to right when `time_axis`)."""
    out = {**layout, "separators": separators(lang)}
    if isinstance(out.get("title"), dict):
        out["title"] = {**out["title"], **TITLE_TOP}
    for key, extra in direction_layout(normalise_language(lang), time_axis=time_axis).items():
        out[key] = {**out.get(key, {}), **extra}
    return reserve_note_space(axes_automargin(fit_title(out)))


# Legends of cartesian charts sit between the title and the plot, so the space under the plot holds only
# tick labels, the axis title and the source note (a legend under the plot collides with the note).
LEGEND_TOP = {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"}
# Offsets of the source note below the plot area: under tick labels, or under tick labels + axis title.
NOTE_BELOW_TICKS = 34
# Period labels stay horizontal and thin out on a narrow screen: rotated labels grew taller than the
# space left above the source note (phone).
TIME_TICKS = {"tickangle": 0, "nticks": 8}
NOTE_BELOW_TITLE = 62


def localised_note(
    sources: Iterable[tuple[str, str]],
    *,
    vintage: str | None,
    lang: str,
    below: int = NOTE_BELOW_TITLE,
    at_end: bool = False,
) -> dict:
    """The shared source annotation in `lang` (right-anchored for Arabic), `below` px under the plot
    (`at_end`: anchored at the far edge, for horizontal bars whose labels sit on the reading side)."""
    note = source_annotation(sources, vintage=vintage, lang=normalise_language(lang), at_end=at_end)
    return note | {"yshift": -below}


def cursor_index(period: str | None, periods: list[str]) -> int | None:
    """Where the period cursor stands on a category axis: the index of `period` (or of its year)."""
    if period is None:
        return None
    for candidate in (str(period), str(period)[:4]):
        if candidate in periods:
            return periods.index(candidate)
    return None


def cursor_shape(period: str | None, periods: list[str]) -> dict:
    """A vertical line at the current animation period (moved in the browser by routes.js).

    On a category axis plotly reads a numeric-looking string ('2024') as a category *index*, so the
    cursor is placed by index; a year placed as a value stretched the axis to [-0.5, 2025.4] and
    squeezed every bar into a sliver at the left edge.
    """
    index = cursor_index(period, periods)
    return {
        "name": CURSOR_NAME,
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": index if index is not None else 0,
        "x1": index if index is not None else 0,
        "y0": 0,
        "y1": 1,
        "line": {"color": "#111", "width": 2, "dash": "dot"},
        "visible": index is not None,
    }


def empty_figure(message: str, *, height: int = 320, lang: str = "en") -> dict:
    """A figure that says why there is nothing to draw ('no data', never a zero)."""
    return {
        "data": [],
        "layout": {
            **LAYOUT_BASE,
            "separators": separators(lang),
            "height": height,
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "annotations": [
                {
                    "text": message,
                    "showarrow": False,
                    "xref": "paper",
                    "yref": "paper",
                    "x": 0.5,
                    "y": 0.5,
                    "font": {"size": 14},
                }
            ],
        },
    }


def build_nationality_chart(
    rows: pd.DataFrame,
    *,
    unit: str,
    title: str,
    period: str | None = None,
    vintage: str | None = None,
    lang: str = "en",
    names: Mapping[str, str] | None = None,
) -> dict:
    """Stacked bars of the top nationalities per period (summed over the selected routes of one source).

    `names` maps ISO3 codes to country names in `lang` (legend and hover); codes stay when absent.
    """
    names = names or {}
    if rows.empty:
        return empty_figure(t("routes.nationalities.empty", lang), lang=lang)
    by = rows.groupby(["nationality_iso3", "period"], as_index=False)["value"].sum()
    order = by.groupby("nationality_iso3")["value"].sum().sort_values(ascending=False, kind="stable").index
    # the rest of each period's total on top of the stack, in grey: the bar is as tall as the total
    order = [n for n in order if n != OTHER_NATIONALITIES] + [n for n in order if n == OTHER_NATIONALITIES]
    periods = sorted(rows["period"].astype(str).unique())
    traces = []
    for i, nat in enumerate(order):
        sub = by[by["nationality_iso3"] == nat]
        name = nationality_label(str(nat), names, lang)
        colour = OTHER_COLOR if nat == OTHER_NATIONALITIES else CATEGORICAL_WIDE[i % len(CATEGORICAL_WIDE)]
        traces.append(
            {
                "type": "bar",
                "name": name,
                "x": sub["period"].astype(str).tolist(),
                "y": sub["value"].astype(int).tolist(),
                "marker": {"color": colour},
                "hovertemplate": f"{name} · %{{x}}<br>%{{y:,}} {unit}<extra></extra>",
            }
        )
    layout = {
        **LAYOUT_BASE,
        "barmode": "stack",
        "height": 380,
        "title": {"text": title, "font": {"size": 14}},
        "margin": {"l": 10, "r": 10, "t": 40, "b": NOTE_BELOW_TICKS + 26},
        "xaxis": {"type": "category", "categoryorder": "array", "categoryarray": periods, **TIME_TICKS},
        "yaxis": {"title": {"text": unit}},
        "shapes": [cursor_shape(period, periods)],
        "annotations": [localised_note(distinct_sources(rows), vintage=vintage, lang=lang, below=NOTE_BELOW_TICKS)],
    }
    out = localised_layout(layout, lang, time_axis=True)
    # Eleven entries beside the plot needed a scroll bar, covered the bars in Arabic (the right-to-left legend
    # sits inside the plot's right edge) and left a phone a plot 60 px wide. The legend goes between the title
    # and the plot in rows, as the news charts do: plotly grows the top margin for the rows it takes at the
    # drawn width; an invisible legend title as tall as the chart's title keeps the title its room.
    title_px = int(out["margin"]["t"])
    spacer = {"text": "\u200b", "side": "top left", "font": {"size": max(10, round((title_px - 6) / 1.3))}}
    out["legend"] = {**LEGEND_TOP_ROWS, "title": spacer, "maxheight": 1}
    out["height"] = int(out["height"]) + LEGEND_ROW_PX * legend_rows([str(trace["name"]) for trace in traces])
    return {"data": traces, "layout": out}


LEGEND_TOP_ROWS = {"orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom", "yref": "paper"}
LEGEND_ROW_PX = 21


def legend_rows(names: Sequence[str], width: int = 280) -> int:
    """Rows a horizontal legend of `names` takes on a phone (280 px for the legend; ~9 px a character + swatch)."""
    rows, used = 1, 0
    for name in names:
        need = 44 + 9 * max((len(line) for line in name.split("<br>")), default=0)
        if used and used + need > width:
            rows, used = rows + 1, 0
        used += need
    return rows


def sankey_labels(
    data: SankeyData, lang: str, names: Mapping[str, str], *, most_countries: int | None = None
) -> tuple[list[str], list[str]]:
    """Node and link labels in `lang`: route and country names from `names` (key -> name), the rest translated.

    `most_countries`: an arrival area of more countries names the first ones and how many more ("A, B (+6)").
    """
    if not data.keys:
        return list(data.labels), list(data.link_label)
    nodes = []
    for kind, key, label in zip(data.kinds, data.keys, data.labels, strict=True):
        if kind == "arrival":
            area = [names.get(c, c) for c in data.arrival_countries.get(key, ())]
            if most_countries is not None and len(area) > most_countries:
                kept = area[: max(most_countries - 1, 1)]
                kept[-1] += f" (+{len(area) - len(kept)})"
                area = kept
            countries = ", ".join(area)
            nodes.append(t("routes.sankey.arrival_area", lang, countries=countries))
        elif key == "_other":
            nodes.append(t("routes.sankey.other", lang))
        else:
            nodes.append(nationality_label(key, names, lang) if kind == "nationality" else names.get(key, label))
    links = (
        [
            t("routes.sankey.link_arrival", lang) if kind == "arrival" else t("routes.sankey.link_nationality", lang)
            for kind in data.link_kinds
        ]
        if data.link_kinds
        else list(data.link_label)
    )
    return nodes, links


def link_colour(node_colour: str, alpha: float = 0.4) -> str:
    """A node's '#rrggbb' as a translucent rgba for its outgoing links."""
    code = node_colour.lstrip("#")
    if len(code) != 6:
        return f"rgba(120,120,120,{alpha})"
    r, g, b = (int(code[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


SANKEY_ROW = 42  # px per node of the fullest column: the node padding plus a thin node


def sankey_height(data: SankeyData) -> int:
    """Height that leaves every node of the fullest column room for its label (no overlapping names)."""
    per_kind: dict[str, int] = {}
    for kind in data.kinds:
        per_kind[kind] = per_kind.get(kind, 0) + 1
    return max(520, 100 + SANKEY_ROW * max(per_kind.values(), default=0))


def build_sankey(
    data: SankeyData,
    *,
    unit: str,
    title: str,
    vintage: str | None = None,
    lang: str = "en",
    names: Mapping[str, str] | None = None,
    wrap: int = 30,
    most_countries: int | None = None,
) -> dict:
    """Sankey nationality → route → arrival area; link hovers say what each link is.

    `names` maps route ids and ISO3 codes to their names in `lang` (node labels), wrapped at `wrap` characters;
    `most_countries` shortens long arrival areas (sankey_labels).
    """
    if not data.value:
        return empty_figure(t("routes.sankey.empty", lang), lang=lang)
    nodes, links = sankey_labels(data, lang, names or {}, most_countries=most_countries)
    nodes = [wrap_title(label, wrap)[0] for label in nodes]
    colours = [NODE_COLORS.get(k, "#999") for k in data.kinds]
    trace = {
        "type": "sankey",
        "arrangement": "snap",
        "node": {
            "label": nodes,
            "color": colours,
            # labels are ~16 px a line (two when wrapped): a padding above that keeps neighbours apart
            "pad": 32 if any("<br>" in label for label in nodes) else 18,
            "thickness": 14,
            "hovertemplate": f"%{{label}}<br>%{{value:,}} {unit}<extra></extra>",
        },
        "link": {
            "source": list(data.source),
            "target": list(data.target),
            "value": list(data.value),
            # each link in its source node's colour, translucent: visible on white, crossings still readable
            "color": [link_colour(colours[s]) for s in data.source],
            "customdata": links,
            "hovertemplate": f"%{{source.label}} → %{{target.label}}<br>%{{value:,}} {unit}"
            "<br>%{customdata}<extra></extra>",
        },
    }
    layout: dict[str, Any] = {
        **LAYOUT_BASE,
        "height": sankey_height(data),
        "margin": {"l": 10, "r": 10, "t": 40, "b": 40},
        "title": {"text": title, "font": {"size": 14}},
        "separators": separators(lang),
        "annotations": [localised_note(data.sources, vintage=vintage, lang=lang, below=12)],
    }
    if normalise_language(lang) == "ar":
        layout["title"] = {**layout["title"], **direction_layout("ar")["title"]}
    return {"data": [trace], "layout": reserve_note_space(fit_title(layout))}


def build_pairs_chart(
    pairs: pd.DataFrame, names: dict[str, str], *, unit: str, title: str, vintage: str | None = None, lang: str = "en"
) -> dict:
    """Horizontal bars of the largest origin → destination pairs (`names`: ISO3 -> name in `lang`)."""
    if pairs.empty:
        return empty_figure(t("routes.chart.empty", lang), lang=lang)
    label = [
        f"{names.get(a, a)} → {names.get(b, b)}" for a, b in zip(pairs["from_iso3"], pairs["to_iso3"], strict=True)
    ]
    trace = {
        "type": "bar",
        "orientation": "h",
        "x": pairs["value"].astype(int).tolist()[::-1],
        "y": label[::-1],
        "marker": {"color": "#882255"},
        "hovertemplate": f"%{{y}}<br>%{{x:,}} {unit}<extra></extra>",
    }
    layout = {
        **LAYOUT_BASE,
        "height": 460,
        "title": {"text": title, "font": {"size": 14}},
        "margin": {"l": 10, "r": 10, "t": 40, "b": NOTE_BELOW_TITLE + 22},
        "xaxis": {"title": {"text": unit}},
        "annotations": [localised_note(distinct_sources(pairs), vintage=vintage, lang=lang, at_end=True)],
    }
    return {"data": [trace], "layout": localised_layout(layout, lang)}
