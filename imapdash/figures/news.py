"""News Centre charts: items over time by theme, theme shares, countries mentioned, terms, term trends.

Pure builders: frames from `imapdash.news.media` in, a plotly figure *dict* out (`{"data": [...],
"layout": {...}}`, what `dcc.Graph` takes). The dicts are written directly rather than through
`plotly.graph_objects`: validating a `go.Figure` property by property took most of a news filter
callback's time (benchmarks/bench_news.py); `tests/unit/test_news_figures.py` checks every dict
against plotly's own validation. Each chart says what it counts (news items of the selection, not
events) and carries a source note naming the corpus. Every builder takes `lang` (interface language):
titles, axes, hovers and legends come from the `news` catalogue, numbers use the language's
separators, and bar charts are mirrored for Arabic.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, cast

import pandas as pd

from ..i18n import normalise_language, t
from ..theme import LAYOUT_BASE, NO_DATA_COLOR, TITLE_TOP, direction_layout, fit_title, wrap_title
from .flows import LEGEND_ROW_PX, legend_rows, separators, t_or
from .sources import SOURCE_NOTE_NAME, reserve_note_space, source_annotation

Figure = dict[str, Any]

# Okabe–Ito first (colour-vision safe), then three more; grey for "other".
THEME_COLORS = (
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#009E73",
    "#E69F00",
    "#56B4E9",
    "#882255",
    "#44AA99",
    "#000000",
    "#F0E442",
)
OTHER_COLOR = "#999999"
NO_SHARE_COLOR = "#8a8a8a"
TERM_DASHES = ("solid", "dash", "dot")
LANGUAGE_NAMES = {"en": "English", "fr": "French", "ar": "Arabic"}
EVERY_LABELS = {"week": "week", "month": "month", "year": "year"}


def theme_label(theme: str, lang: str = "en", default: str | None = None) -> str:
    """A theme's name in `lang` (news.theme.<id>); themes added to the rules without a key keep their label."""
    return t_or(f"news.theme.{theme}", lang, default or theme)


def language_name(code: str, lang: str = "en") -> str:
    """The name of an item language ('en', 'fr', 'ar') in the interface language."""
    return t_or(f"news.language.{code}", lang, LANGUAGE_NAMES.get(code, code))


# ---------------------------------------------------------------- figure dicts


@cache
def _template() -> dict:
    """plotly's default template as a dict (what `go.Figure(...).to_dict()` put in every figure), made once."""
    import plotly.io as pio

    return cast(dict, pio.templates[pio.templates.default].to_plotly_json())


def _merge(target: dict, patch: Mapping[str, Any]) -> dict:
    """`patch` merged into `target` in place as plotly's `update` does: nested dicts merge, anything else
    replaces, None removes."""
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, Mapping):
            if not isinstance(target.get(key), dict):
                target[key] = {}
            _merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value) if isinstance(value, list) else value
    return target


def _axes(fig: Figure, patch: Mapping[str, Any]) -> None:
    """Every cartesian axis of the figure updated with `patch` (one x and one y axis in these charts)."""
    for name in ("xaxis", "yaxis"):
        _merge(fig["layout"].setdefault(name, {}), patch)


def _localise(fig: Figure, lang: str, *, mirror: bool = True) -> Figure:
    """Number separators for `lang`, axes that make room for their labels; for Arabic, titles right and
    value axes mirrored (`mirror=False` for maps and for time axes, which run left to right everywhere)."""
    layout = fig["layout"]
    layout["separators"] = separators(lang)
    _axes(fig, {"automargin": True})
    if normalise_language(lang) == "ar":
        rtl = direction_layout("ar")
        _merge(layout, {"title": rtl["title"]})
        if mirror:
            _merge(layout.setdefault("xaxis", {}), rtl["xaxis"])
            _merge(layout.setdefault("yaxis", {}), rtl["yaxis"])
    return fig


def _source_note(
    fig: Figure, sources: Sequence[tuple[str, str]], *, lang: str, below: int = 62, at_end: bool = False
) -> Figure:
    """The corpus's source note `below` px under the plot, the bottom margin grown to hold it
    (`figures.sources.add_source_note` for a dict)."""
    layout = fig["layout"]
    kept = [a for a in layout.get("annotations", ()) if a.get("name") != SOURCE_NOTE_NAME]
    note = source_annotation(sources, lang=lang, at_end=at_end) | {"yshift": -below}
    layout["annotations"] = [*kept, note]
    bottom = layout.get("margin", {}).get("b", 60)
    layout.setdefault("margin", {})["b"] = reserve_note_space({"margin": {"b": bottom}, "annotations": [note]})[
        "margin"
    ]["b"]
    return fig


# Legends between the title and the plot. The legend sits on the plot's top edge and plotly grows the top
# margin to hold it, at whatever width the chart is drawn: its (invisible) legend title is a spacer as tall
# as the chart's title, so the title is drawn in the room the legend reserves. A margin sized server-side
# for a phone's rows left an empty band under the title on a desk (and a fixed one ran into the title).
LEGEND_TOP = {"orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom", "yref": "paper"}
SPACER = "\u200b"  # a zero-width space: a legend title line that takes height but shows nothing


def _top_legend(fig: Figure) -> Figure:
    for trace in fig["data"]:
        trace["name"] = wrap_title(str(trace.get("name")), 28)[0]  # one long entry was wider than a phone
    names = [str(trace["name"]) for trace in fig["data"] if trace.get("showlegend") is not False]
    rows = legend_rows(names) + sum(name.count("<br>") for name in names)
    layout = fig["layout"]
    title_px = int(layout.get("margin", {}).get("t") or 40)
    spacer = {"text": SPACER, "side": "top left", "font": {"size": max(10, round((title_px - 6) / 1.3))}}
    _merge(
        layout,
        {
            "legend": {**LEGEND_TOP, "title": spacer, "maxheight": 1},
            "margin": {"t": title_px},
            # the plot keeps its height on a phone, where the legend takes more rows
            "height": (layout.get("height") or 360) + LEGEND_ROW_PX * rows,
        },
    )
    return fig


def theme_colors(theme_ids: Sequence[str]) -> dict[str, str]:
    """A fixed colour per theme id (rule order), grey for 'other'."""
    colors = {}
    for index, theme in enumerate(theme_ids):
        colors[theme] = OTHER_COLOR if theme == "other" else THEME_COLORS[index % len(THEME_COLORS)]
    return colors


TITLE_PAD = 30  # under the chart toolbar (24 px at the top edge), which covered a phone-wide title


def _base(title: str, *, height: int = 360) -> Figure:
    layout = fit_title({**LAYOUT_BASE, "height": height, "title": {"text": title, "font": {"size": 15}, **TITLE_TOP}})
    layout = copy.deepcopy(layout)
    lines = str(layout["title"]["text"]).count("<br>") + 1
    # plotly anchors a wrapped title half a line higher per extra line than its top: pad it back down
    layout["title"]["pad"] = {"t": TITLE_PAD + 9 * (lines - 1)}
    layout["margin"] = {**layout["margin"], "t": layout["margin"]["t"] + TITLE_PAD - cast(dict, TITLE_TOP["pad"])["t"]}
    layout["template"] = _template()
    return {"data": [], "layout": layout}


def _empty(fig: Figure, text: str) -> Figure:
    fig["layout"].setdefault("annotations", []).append(
        {
            "text": text,
            "showarrow": False,
            "xref": "paper",
            "yref": "paper",
            "x": 0.5,
            "y": 0.5,
            "font": {"size": 14, "color": "#666"},
            "name": "no-data",
        }
    )
    _axes(fig, {"visible": False})
    return fig


def build_news_trend(
    counts: pd.DataFrame,
    *,
    theme_labels: Mapping[str, str],
    every: str,
    sources: Sequence[tuple[str, str]],
    lang: str = "en",
) -> Figure:
    """Stacked bars: items per period, one trace per main theme (rule order)."""
    every_text = t_or(f"news.unit.{every}", lang, EVERY_LABELS.get(every, every))
    fig = _base(t("news.chart.trend", lang, every=every_text))
    colors = theme_colors(list(theme_labels))
    if counts.empty:
        return _source_note(_localise(_empty(fig, t("news.chart.empty", lang)), lang), sources, lang=lang)
    periods = counts["period"].dt.strftime("%Y-%m-%d").tolist()
    themes = counts["main_theme"].tolist()
    items = counts["items"].astype(int).tolist()
    of_items = counts["of_items"].astype(int).tolist() if "of_items" in counts else None
    for theme, default in theme_labels.items():
        label = theme_label(theme, lang, default)
        rows = [i for i, th in enumerate(themes) if th == theme]
        if not rows:
            continue
        trace = {
            "type": "bar",
            "x": [periods[i] for i in rows],
            "y": [items[i] for i in rows],
            "name": label,
            "marker": {"color": colors[theme]},
            "hovertemplate": t("news.chart.trend_hover", lang, label=label) + "<extra></extra>",
        }
        if of_items is not None:
            trace["customdata"] = [of_items[i] for i in rows]
        fig["data"].append(trace)
    _merge(
        fig["layout"],
        {
            "barmode": "stack",
            "margin": {"b": 60},
            "xaxis": {"type": "date", "tickangle": 0, "nticks": 7},
            "yaxis": {"title": {"text": t("news.chart.items", lang)}, "rangemode": "tozero"},
        },
    )
    _top_legend(fig)
    return _source_note(_localise(fig, lang, mirror=False), sources, lang=lang, below=34)


def build_theme_shares(
    shares: pd.DataFrame,
    *,
    theme_labels: Mapping[str, str],
    sources: Sequence[tuple[str, str]],
    lang: str = "en",
    min_items: int = 20,
) -> Figure:
    """Horizontal bars: share of items per main theme (each item counted once); counts when shares are
    not computed (`share_pct` empty: fewer than `min_items` items)."""
    fig = _base(t("news.chart.shares", lang))
    if shares.empty:
        return _source_note(_localise(_empty(fig, t("news.chart.empty", lang)), lang), sources, lang=lang)
    colors = theme_colors(list(theme_labels))
    ordered = shares.iloc[::-1]
    themes = ordered["main_theme"].tolist()
    # an empty band under the last bar: a wrapped label of the bottom bar stays clear of the value axis's "0"
    bands = {"automargin": True, "range": [-1, len(ordered) - 0.5]}
    # a band per bar tall enough for a label at room size (presentation fonts are 18 px and up)
    fig["layout"]["height"] = max(360, 120 + 34 * (len(ordered) + 1))
    if ordered["share_pct"].isna().any():
        # too few items for shares to mean anything: show the counts, and say why
        fig["data"].append(
            {
                "type": "bar",
                "x": ordered["items"].astype(int).tolist(),
                "y": [theme_label(th, lang, theme_labels.get(th, th)) for th in themes],
                "orientation": "h",
                "marker": {"color": [colors.get(th, OTHER_COLOR) for th in themes]},
                "hovertemplate": "%{y}: %{x}<extra></extra>",
                "showlegend": False,
            }
        )
        _merge(
            fig["layout"],
            {
                "title": {"text": t("news.chart.too_few", lang, n=min_items)},
                "xaxis": {"title": {"text": t("news.chart.items", lang)}, "rangemode": "tozero"},
                "yaxis": bands,
                "margin": {"l": 10},
            },
        )
        return _source_note(_localise(fig, lang), sources, lang=lang)
    fig["data"].append(
        {
            "type": "bar",
            "x": ordered["share_pct"].astype(float).round(1).tolist(),
            # theme names in short lines, so the bars keep room on a phone
            "y": [wrap_title(theme_label(th, lang, theme_labels.get(th, th)), 26)[0] for th in themes],
            "orientation": "h",
            "marker": {"color": [colors.get(th, OTHER_COLOR) for th in themes]},
            "customdata": ordered["items"].astype(int).tolist(),
            "hovertemplate": t("news.chart.shares_hover", lang) + "<extra></extra>",
            "showlegend": False,
        }
    )
    _merge(
        fig["layout"],
        {
            "xaxis": {"title": {"text": wrap_title(t("news.chart.shares_axis", lang), 10)[0]}, "rangemode": "tozero"},
            "yaxis": bands,
            "margin": {"l": 10},
        },
    )
    return _source_note(_localise(fig, lang), sources, lang=lang, at_end=True, below=80)


def build_country_map(
    counts: pd.DataFrame,
    *,
    geojson_url: str,
    names: Mapping[str, str],
    sources: Sequence[tuple[str, str]],
    selected: str | None = None,
    lang: str = "en",
) -> Figure:
    """Choropleth of items mentioning each country; polygons are fetched once from `geojson_url`.

    `names` are country names in `lang`; for Arabic the colour bar moves to the left.
    """
    rtl = normalise_language(lang) == "ar"
    fig = _base(t("news.chart.map", lang), height=420)
    locations = counts["iso3"].tolist()
    fig["data"].append(
        {
            "type": "choropleth",
            "geojson": geojson_url,
            "featureidkey": "id",
            "locations": locations,
            "z": counts["items"].astype(int).tolist(),
            "text": [names.get(c, c) for c in locations],
            "colorscale": _colorscale("Blues"),
            "zmin": 0,
            "marker": {
                "line": {
                    "color": ["#111111" if c == selected else "#ffffff" for c in locations],
                    "width": [2 if c == selected else 0.5 for c in locations],
                }
            },
            "colorbar": {
                "title": {"text": t("news.chart.items", lang)},
                "thickness": 12,
                **({"x": 0, "xanchor": "left"} if rtl else {}),
            },
            "hovertemplate": t("news.chart.map_hover", lang) + "<extra></extra>",
        }
    )
    layout = fig["layout"]
    layout["geo"] = {
        "projection": {"type": "natural earth"},
        "fitbounds": False,
        "lataxis": {"range": [-5, 62]},
        "lonaxis": {"range": [-30, 70]},
        "showland": True,
        "landcolor": NO_DATA_COLOR,
        "showocean": True,
        "oceancolor": "#eef3f7",
        "showcountries": False,
        "showframe": False,
        "showcoastlines": False,
        "resolution": 110,
    }
    _merge(layout, {"margin": {"l": 0, "r": 0, "t": 40, "b": 60}})
    if counts.empty:
        layout.setdefault("annotations", []).append(
            {
                "text": t("news.chart.map_empty", lang),
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "name": "no-data",
            }
        )
    return _source_note(_localise(fig, lang, mirror=False), sources, lang=lang, below=16)


@cache
def _colorscale(name: str) -> list:
    """A named plotly colour scale as the [[stop, colour], …] list plotly's validator turns the name into."""
    from plotly.validator_cache import ValidatorCache

    validator = ValidatorCache.get_validator("choropleth", "colorscale")
    return [list(pair) for pair in validator.validate_coerce(name)]


def build_top_terms(
    terms: pd.DataFrame, *, title: str, sources: Sequence[tuple[str, str]], rtl: bool = False, lang: str = "en"
) -> Figure:
    """Horizontal bars of the terms used by most items (written form shown, counted by key).

    `rtl` puts the terms on the right (Arabic terms); an Arabic interface mirrors the whole chart.
    """
    fig = _base(title, height=420)
    if terms.empty:
        return _source_note(_localise(_empty(fig, t("news.chart.empty", lang)), lang), sources, lang=lang)
    ordered = terms.iloc[::-1]
    fig["data"].append(
        {
            "type": "bar",
            "x": ordered["items"].astype(int).tolist(),
            "y": ordered["term"].tolist(),
            "orientation": "h",
            "marker": {"color": "#0072B2"},
            "hovertemplate": t("news.chart.terms_hover", lang) + "<extra></extra>",
            "showlegend": False,
        }
    )
    _merge(
        fig["layout"],
        {
            "xaxis": {"title": {"text": wrap_title(t("news.chart.terms_axis", lang), 22)[0]}, "rangemode": "tozero"},
            "yaxis": {"automargin": True, "type": "category", "side": "right" if rtl else "left"},
        },
    )
    return _source_note(_localise(fig, lang), sources, lang=lang, at_end=True, below=80)


def build_term_trends(
    trends: pd.DataFrame, *, sources: Sequence[tuple[str, str]], lang: str = "en", min_items: int = 20
) -> Figure:
    """Lines: per year, the share of items of a language that use each term of its terminology pair.

    Years where fewer than `min_items` items of the language exist (`share_pct` empty) break the line and
    get a grey tick on the axis whose hover says how many items there were.
    """
    fig = _base(t("news.chart.term_trends", lang))
    if trends.empty:
        return _source_note(_localise(_empty(fig, t("news.chart.term_trends_empty", lang)), lang), sources, lang=lang)
    columns = ("language", "term", "year", "items", "of_items", "share_pct")
    rows = list(zip(*(trends[c].tolist() for c in columns), strict=True))
    languages = list(dict.fromkeys(r[0] for r in rows))
    for lang_index, language in enumerate(languages):
        name = language_name(language, lang)
        part = [r for r in rows if r[0] == language]
        for term_index, term in enumerate(dict.fromkeys(r[1] for r in part)):
            lines = [r for r in part if r[1] == term]
            # a share only where min_items items of the language stand behind it: a gap elsewhere
            fig["data"].append(
                {
                    "type": "scatter",
                    "x": [int(r[2]) for r in lines],
                    "y": [None if pd.isna(r[5]) else round(float(r[5]), 1) for r in lines],
                    "customdata": [[int(r[3]), int(r[4])] for r in lines],
                    "mode": "lines+markers",
                    "name": t("news.chart.term_name", lang, term=term, language=name),
                    "line": {
                        "color": THEME_COLORS[term_index % len(THEME_COLORS)],
                        "dash": TERM_DASHES[lang_index % len(TERM_DASHES)],
                    },
                    "hovertemplate": t("news.chart.term_hover", lang, term=term, language=name) + "<extra></extra>",
                }
            )
        first_of_year: dict[int, tuple] = {}
        for r in part:
            first_of_year.setdefault(r[2], r)
        thin = [r for r in first_of_year.values() if pd.isna(r[5])]
        if thin:
            # one legend entry for the grey ticks of every language (three alike read as a muddle);
            # each language's hover still names it
            first_thin = not any(trace.get("legendgroup") == "too-few" for trace in fig["data"])
            fig["data"].append(
                {
                    "type": "scatter",
                    "x": [int(r[2]) for r in thin],
                    "y": [0] * len(thin),
                    "customdata": [int(r[4]) for r in thin],
                    "mode": "markers",
                    "marker": {"symbol": "line-ns-open", "size": 12, "color": NO_SHARE_COLOR},
                    "legendgroup": "too-few",
                    "showlegend": first_thin,
                    "legendrank": 1100,  # after every term's line (the default rank is 1000)
                    "name": t("news.chart.term_too_few_legend", lang, n=min_items),
                    "hovertemplate": t("news.chart.term_too_few_hover", lang, language=name, n=min_items)
                    + "<extra></extra>",
                }
            )
    _merge(
        fig["layout"],
        {
            "yaxis": {"title": {"text": t("news.chart.term_trends_axis", lang)}, "rangemode": "tozero"},
            "xaxis": {"tickangle": 0, "nticks": 7, "tickformat": "d"},
            "margin": {"b": 60},
        },
    )
    _top_legend(fig)
    return _source_note(_localise(fig, lang, mirror=False), sources, lang=lang, below=34)
