"""News Centre: what the press says about migration in English, French and Arabic, and in which words.

Partners used the i-Map's News Centre as open intelligence: highlights over the year, trends by
theme and time, and the language used ("illegal" or "irregular"? "clandestins" or "migrants
irréguliers"? "غير شرعية" or "غير نظامية"?). Themes and countries come from editable keyword rules
(`imapdash/news/rules/`), and each item shows the keywords that gave it its themes.

Where the items come from (`news_items`, the view's only data access): the database table
news_items when it holds any item (feeds fetched with `python -m imapdash news fetch` or the admin
button, and/or the sample imported with `news import-sample`); otherwise the bundled sample
straight from `datasets.media`, classified in memory, so a fresh install shows the News Centre
without any import. Both paths give the same frame and are memoised (the sample per data
version, the table per row count/last fetch), so filtering does not re-run the rules.

State lives in the URL: `/news?theme=detention&ilang=fr&country=TUN&from=2016&to=2020&q=…&every=week`
(the country profile links to `/news?country=TUN`; items link to `/country/<ISO3>`). `ilang` is the
language of the items shown; `lang` is the interface language (the shell's), which the URL keeps.
Interface text comes from the `news` catalogue; theme names are `news.theme.<id>` (a theme added to
the rules without a catalogue entry shows its rule label).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache

import dash_bootstrap_components as dbc
import flask
import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date, format_skeleton
from dash import Dash, Input, Output, State, dcc, html, no_update
from sqlalchemy import Engine

from ..auth.guards import has_role
from ..components.chart_alt import alternative_ids, chart_summary
from ..datasets import Datasets
from ..db import EXTENSION_KEY
from ..figures.news import (
    build_country_map,
    build_news_trend,
    build_term_trends,
    build_theme_shares,
    build_top_terms,
    language_name,
    theme_label,
)
from ..i18n import DEFAULT_LANGUAGE, format_value, normalise_language, t
from ..ids import News, Shell
from ..news.classify import Rules, rules_for
from ..news.ingest import FetchReport, feeds_from_frame, fetch_feeds, load_items, stored_state
from ..news.language import LANGUAGES
from ..news.media import (
    EVERY,
    NewsFilters,
    classify_media,
    country_counts,
    counts_by_period_theme,
    filter_items,
    is_web_link,
    split_codes,
    term_trends,
    theme_shares,
    top_terms,
)
from ..releases.provider import concrete
from ..theme import TOPOJSON_URL, graph_config
from ..urlstate import as_int, first, keep_shell_params, parse_query, to_query
from ..web import geometry_url

log = logging.getLogger(__name__)

PATH = "/news"
NAV_LABEL = "News"
NAV_KEY = "nav.news"
NAV_ORDER = 60

LANGUAGE_LABELS = {"en": "English", "fr": "Français", "ar": "العربية"}
EVERY_LABELS = {"week": "Weekly", "month": "Monthly", "year": "Yearly"}
MAX_LISTED = 60
MAX_SEARCH = 200
CAVEAT = (
    "Caveat: the bundled items are a small sample, not representative of the press (the 2023 peak "
    "reflects an English RSS archive); counts describe this corpus, not migration."
)
SAMPLE_SOURCE = [("Bundled news sample, data/media.csv (246 items; not representative)", "")]
DATABASE_SOURCE = [("News Centre database: configured RSS/Atom feeds and the imported sample", "")]


def corpus_source(origin: str, lang: str = "en") -> list[tuple[str, str]]:
    """The source note of every chart: the bundled sample or the database, named in `lang`."""
    return [(t("news.source.sample" if origin == "sample" else "news.source.database", lang), "")]


# ---------------------------------------------------------------- data access (one function)

_SAMPLES: OrderedDict[str, pd.DataFrame] = OrderedDict()
_SAMPLES_LOCK = threading.Lock()


def _sample_items(datasets: Datasets) -> pd.DataFrame:
    """The bundled media items, classified once per data version (the cache holds frames, not releases)."""
    with _SAMPLES_LOCK:
        if datasets.version in _SAMPLES:
            _SAMPLES.move_to_end(datasets.version)
            return _SAMPLES[datasets.version]
    items = classify_media(datasets.media, rules_for(datasets.countries))
    with _SAMPLES_LOCK:
        _SAMPLES[datasets.version] = items
        while len(_SAMPLES) > 2:
            _SAMPLES.popitem(last=False)
    return items


@lru_cache(maxsize=4)
def _stored_items(engine: Engine, state: tuple[int, int, str]) -> pd.DataFrame:
    return load_items(engine)


def _current_engine() -> Engine | None:
    if not flask.has_app_context():
        return None
    return flask.current_app.extensions.get(EXTENSION_KEY)


def news_items(datasets: Datasets, engine: Engine | None = None) -> tuple[pd.DataFrame, str]:
    """The items the view shows and where they come from ("database" or "sample"); see the module doc.

    Treat the frame as read-only: it is shared between requests.
    """
    engine = engine if engine is not None else _current_engine()
    state = stored_state(engine) if engine is not None else None
    if state is not None and state[0] > 0:
        return _stored_items(engine, state), "database"
    return _sample_items(concrete(datasets)), "sample"


# ---------------------------------------------------------------- URL state


@dataclass(frozen=True)
class NewsState:
    """Everything the reader chose; the URL query is its serialised form."""

    filters: NewsFilters = field(default_factory=NewsFilters)
    every: str = "month"
    lang: str | None = None


def parse_state(query: dict[str, list[str]], *, theme_ids: tuple[str, ...] = ()) -> NewsState:
    """Query -> state; unknown themes, languages, countries and periods are ignored."""
    theme = first(query, "theme")
    language = first(query, "ilang")
    country = (first(query, "country") or "").upper()
    every = first(query, "every", "month")
    text = (first(query, "q") or "").strip()[:MAX_SEARCH]
    filters = NewsFilters(
        theme=theme if theme in theme_ids else None,
        language=language if language in LANGUAGES else None,
        country=country if len(country) == 3 and country.isalpha() and country.isascii() else None,
        year_from=as_int(query, "from"),
        year_to=as_int(query, "to"),
        text=text or None,
    )
    ui_lang = first(query, "lang")
    return NewsState(filters, every if every in EVERY else "month", normalise_language(ui_lang) if ui_lang else None)


def state_query(state: NewsState) -> str:
    """State -> '?theme=…&ilang=…' (defaults left out; `lang` is the interface language)."""
    f = state.filters
    return to_query(
        {
            "theme": f.theme,
            "ilang": f.language,
            "country": f.country,
            "from": f.year_from,
            "to": f.year_to,
            "q": f.text,
            "every": None if state.every == "month" else state.every,
            "lang": state.lang,
        }
    )


def state_from_controls(
    theme: str | None,
    language: str | None,
    country: str | None,
    years: list | None,
    text: str | None,
    every: str | None,
    bounds: tuple[int, int],
) -> NewsState:
    """Control values -> state (a year range equal to the full span is no filter)."""
    low, high = (years or [bounds[0], bounds[1]])[:2]
    text = (text or "").strip()[:MAX_SEARCH]
    filters = NewsFilters(
        theme or None,
        language or None,
        country or None,
        int(low) if int(low) > bounds[0] else None,
        int(high) if int(high) < bounds[1] else None,
        text or None,
    )
    return NewsState(filters, every if every in EVERY else "month")


def url_language(lang: str | None, search: str | None) -> str | None:
    """The interface language to keep in the URL: always when not English, English only if the URL had it."""
    lang = normalise_language(lang)
    return lang if lang != DEFAULT_LANGUAGE or first(parse_query(search), "lang") else None


def controls_from_state(state: NewsState, bounds: tuple[int, int]) -> tuple:
    """State -> (theme, language, country, years, search, every) control values."""
    f = state.filters
    years = [f.year_from if f.year_from is not None else bounds[0], f.year_to if f.year_to is not None else bounds[1]]
    return f.theme, f.language, f.country, years, f.text or "", state.every


def year_bounds(items: pd.DataFrame) -> tuple[int, int]:
    """First and last publication year of the items."""
    if items.empty:
        return 2014, 2014
    years = items["published"].dt.year
    return int(years.min()), int(years.max())


# ---------------------------------------------------------------- pure view logic


def _country_names(datasets: Datasets, lang: str = "en") -> dict[str, str]:
    column = f"name_{normalise_language(lang)}"
    frame = datasets.countries
    names = frame[column] if column in frame else frame["name_en"]
    return {
        i: (n if isinstance(n, str) and n else e)
        for i, n, e in zip(frame["iso3"], names, frame["name_en"], strict=True)
    }


def theme_names(labels: dict[str, str], lang: str = "en") -> dict[str, str]:
    """Theme id -> name in `lang`, in rule order."""
    return {theme: theme_label(theme, lang, label) for theme, label in labels.items()}


def published_text(published: pd.Timestamp, precision: str, lang: str = "en") -> str:
    """An item's date in `lang` ('12 mars 2021'; month precision: 'mars 2021')."""
    lang = normalise_language(lang)
    if precision == "month":
        return format_skeleton("yMMM", published.to_pydatetime(), locale=lang)
    return format_date(published.date(), format="medium", locale=lang)


def _theme_badges(row: dict, labels: dict[str, str], lang: str = "en") -> list:
    evidence = row["matches"].get("themes", {}) if isinstance(row["matches"], dict) else {}
    badges = []
    for theme in split_codes(row["themes"]):
        words = evidence.get(theme, [])
        text = labels.get(theme, theme) + (f" ({', '.join(words)})" if words else "")
        main = theme == row["main_theme"]
        badges.append(
            html.Span(
                text,
                className="badge me-1 " + ("text-bg-primary" if main else "text-bg-light"),
                title=t("news.item.main_theme", lang) if main else t("news.item.also_matched", lang),
            )
        )
    return badges


def _country_links(row: dict, names: dict[str, str], lang: str = "en") -> list:
    evidence = row["matches"].get("countries", {}) if isinstance(row["matches"], dict) else {}
    links: list = []
    for iso3 in split_codes(row["countries"]):
        words = evidence.get(iso3, [])
        links.append(
            html.A(
                names.get(iso3, iso3),
                href=f"/country/{iso3}",
                className="me-2",
                title=t("news.item.named_as", lang, words=", ".join(words)) if words else None,
            )
        )
    return links


def item_entry(row: dict, labels: dict[str, str], names: dict[str, str], lang: str = "en") -> html.Li:
    """One listed item: linked title (http(s) only, new tab), outlet and date, summary, themes and why."""
    language = row["language"]
    text_attrs = {"lang": language, **({"dir": "rtl"} if language == "ar" else {})}
    title = (
        html.A(row["title"], href=row["link"], target="_blank", rel="noopener noreferrer", **text_attrs)
        if is_web_link(row["link"])
        else html.Span(row["title"], **text_attrs)
    )
    parts = [
        html.Div(title, className="news-item-title fw-semibold"),
        html.Div(
            [
                html.Span(row["outlet"], className="news-item-outlet"),
                f" · {published_text(row['published'], row['date_precision'], lang)} · {language_name(language, lang)}",
            ],
            className="text-muted small",
        ),
    ]
    if row["summary"]:
        parts.append(html.P(row["summary"], className="news-item-summary small mb-1", **text_attrs))
    parts.append(
        html.Div(
            [t("news.item.themes", lang) + " ", *_theme_badges(row, labels, lang)], className="small news-item-themes"
        )
    )
    countries = _country_links(row, names, lang)
    if countries:
        parts.append(
            html.Div([t("news.item.countries", lang) + " ", *countries], className="small news-item-countries")
        )
    return html.Li(parts, className="list-group-item news-item", **{"data-language": language})


def item_list(items: pd.DataFrame, labels: dict[str, str], names: dict[str, str], lang: str = "en") -> list:
    """The newest items of the selection as list entries (at most MAX_LISTED)."""
    rows = items.head(MAX_LISTED).to_dict("records")
    return [item_entry(row, labels, names, lang) for row in rows]


def count_text(shown: int, total: int, corpus: int, origin: str, lang: str = "en") -> str:
    """'42 of 246 items match (showing the newest 42) · source: the bundled sample'."""
    where = t("news.count.sample" if origin == "sample" else "news.count.database", lang)
    listed = t("news.count.showing", lang, count=min(shown, MAX_LISTED)) if total else t("news.count.none", lang)
    return t("news.count", lang, total=total, corpus=corpus, listed=listed, where=where)


def update_news(
    items: pd.DataFrame, origin: str, rules: Rules, state: NewsState, *, geojson_url: str, names: dict[str, str]
) -> tuple:
    """(trend, shares, map, terms, bigrams, term trends, list, count) for the state's selection.

    `names` are country names in the state's interface language (`state.lang`).
    """
    lang = normalise_language(state.lang)
    labels = theme_names(rules.theme_labels, lang)
    sources = corpus_source(origin, lang)
    selected = filter_items(items, state.filters)
    # the terminology chart compares words, so it ignores the search text (which would select the word)
    for_terms = filter_items(items, NewsFilters(**{**state.filters.__dict__, "text": None}))
    language = state.filters.language
    rtl = language == "ar"
    period = (
        f" · {state.filters.year_from or ''}–{state.filters.year_to or ''}"
        if (state.filters.year_from or state.filters.year_to)
        else ""
    )
    theme = f" · {labels.get(state.filters.theme, '')}" if state.filters.theme else ""
    return (
        build_news_trend(
            counts_by_period_theme(selected, every=state.every),
            theme_labels=labels,
            every=state.every,
            sources=sources,
            lang=lang,
        ),
        build_theme_shares(theme_shares(selected, list(labels)), theme_labels=labels, sources=sources, lang=lang),
        build_country_map(
            country_counts(selected),
            geojson_url=geojson_url,
            names=names,
            sources=sources,
            selected=state.filters.country,
            lang=lang,
        ),
        build_top_terms(
            top_terms(selected, column="terms"),
            title=t("news.chart.terms", lang, theme=theme, period=period),
            sources=sources,
            rtl=rtl or lang == "ar",
            lang=lang,
        ),
        build_top_terms(
            top_terms(selected, column="bigrams"),
            title=t("news.chart.bigrams", lang, theme=theme, period=period),
            sources=sources,
            rtl=rtl or lang == "ar",
            lang=lang,
        ),
        build_term_trends(
            term_trends(for_terms, rules, languages=[language] if language else None), sources=sources, lang=lang
        ),
        item_list(selected, labels, names, lang),
        count_text(len(selected.head(MAX_LISTED)), len(selected), len(items), origin, lang),
    )


# ---------------------------------------------------------------- text alternatives of the charts

PERIOD_FORMATS = {"year": "%Y", "month": "%Y-%m", "week": "%Y-%m-%d"}
ALT_GRAPHS = (News.TREND, News.SHARES, News.TERMS, News.BIGRAMS, News.TERM_TRENDS)
Alternative = tuple[str, list[str], list[list[str]]]


def trend_alternative(
    counts: pd.DataFrame, labels: dict[str, str], *, every: str = "month", lang: str = "en"
) -> Alternative:
    """The trend chart: busiest and quietest periods (summary); period × theme counts (table)."""
    if counts.empty:
        return t("a11y.summary.empty", lang), [t("news.alt.column.period", lang)], []
    periods = counts["period"].dt.strftime(PERIOD_FORMATS.get(every, PERIOD_FORMATS["month"]))
    wide = counts.assign(period=periods).pivot_table(
        index="period", columns="main_theme", values="items", aggfunc="sum", fill_value=0
    )
    themes = [th for th in labels if th in wide.columns] + [th for th in wide.columns if th not in labels]
    totals = wide[themes].sum(axis=1)
    summary = t(
        "news.alt.trend",
        lang,
        total=format_value(float(totals.sum()), lang),
        summary=chart_summary(((str(p), float(v)) for p, v in totals.items()), lang=lang),
    )
    columns = [
        t("news.alt.column.period", lang),
        *(labels.get(th, th) for th in themes),
        t("news.alt.column.total", lang),
    ]
    rows = [
        [str(p), *(format_value(float(wide.at[p, th]), lang) for th in themes), format_value(float(totals[p]), lang)]
        for p in wide.index
    ]
    return summary, columns, rows


def shares_alternative(shares: pd.DataFrame, labels: dict[str, str], lang: str = "en") -> Alternative:
    """The theme-share chart: items and share of each main theme."""
    columns = [t("news.alt.column.theme", lang), t("news.alt.column.items", lang), t("news.alt.column.share", lang)]
    if shares.empty:
        return t("a11y.summary.empty", lang), columns, []
    names = [labels.get(str(th), str(th)) for th in shares["main_theme"]]
    summary = chart_summary(
        zip(names, shares["share_pct"].astype(float), strict=True), lang=lang, unit="percent", decimals=1
    )
    rows = [
        [n, format_value(float(i), lang), format_value(float(p), lang, unit="percent", decimals=1)]
        for n, i, p in zip(names, shares["items"], shares["share_pct"], strict=True)
    ]
    return summary, columns, rows


def terms_alternative(terms: pd.DataFrame, lang: str = "en") -> Alternative:
    """A terms (or word pairs) chart: items using each term, most used first."""
    columns = [t("news.alt.column.term", lang), t("news.alt.column.items", lang)]
    if terms.empty:
        return t("a11y.summary.empty", lang), columns, []
    summary = chart_summary(zip(terms["term"].astype(str), terms["items"].astype(float), strict=True), lang=lang)
    return (
        summary,
        columns,
        [[str(w), format_value(float(i), lang)] for w, i in zip(terms["term"], terms["items"], strict=True)],
    )


def term_trends_alternative(trends: pd.DataFrame, lang: str = "en") -> Alternative:
    """The terminology chart: per year and language, items using each term out of the items of that language."""
    columns = [
        t("news.alt.column.year", lang),
        t("news.alt.column.language", lang),
        t("news.alt.column.term", lang),
        t("news.alt.column.items", lang),
        t("news.alt.column.of_items", lang),
    ]
    if trends.empty:
        return t("a11y.summary.empty", lang), columns, []
    totals = trends.groupby(["language", "term"], sort=False)["items"].sum()
    summary = t(
        "news.alt.term_trends",
        lang,
        summary=chart_summary(
            (
                (t("news.chart.term_name", lang, term=term, language=language_name(language, lang)), float(v))
                for (language, term), v in totals.items()
            ),
            lang=lang,
        ),
    )
    rows = [
        [str(y), language_name(str(lg), lang), str(term), format_value(float(i), lang), format_value(float(o), lang)]
        for y, lg, term, i, o in zip(
            trends["year"], trends["language"], trends["term"], trends["items"], trends["of_items"], strict=True
        )
    ]
    return summary, columns, rows


def news_alternatives(items: pd.DataFrame, rules: Rules, state: NewsState) -> list[Alternative]:
    """(summary, columns, rows) of the trend, shares, terms, word pairs and terminology charts, in ALT_GRAPHS order.

    The same selections as `update_news` (the terminology chart ignores the search text, as it does).
    """
    lang = normalise_language(state.lang)
    labels = theme_names(rules.theme_labels, lang)
    selected = filter_items(items, state.filters)
    for_terms = filter_items(items, NewsFilters(**{**state.filters.__dict__, "text": None}))
    language = state.filters.language
    return [
        trend_alternative(counts_by_period_theme(selected, every=state.every), labels, every=state.every, lang=lang),
        shares_alternative(theme_shares(selected, list(labels)), labels, lang),
        terms_alternative(top_terms(selected, column="terms"), lang),
        terms_alternative(top_terms(selected, column="bigrams"), lang),
        term_trends_alternative(term_trends(for_terms, rules, languages=[language] if language else None), lang),
    ]


def _markdown_cell(value: object) -> str:
    text = " ".join(str(value).split())
    return "".join("\\" + ch if ch in "\\`*_[]<>|#" else ch for ch in text)


def text_table(columns: list[str], rows: list[list[str]]) -> dcc.Markdown:
    """A chart's data table as one Markdown component (a real <table>).

    The trend table has a row per period and a column per theme (over a thousand cells); as html
    components each cell would be a Dash component the renderer tracks, which delayed the page's
    first render by tens of seconds. One Markdown component renders the same <table> cheaply.
    """
    lines = [
        "| " + " | ".join(_markdown_cell(c) for c in columns) + " |",
        "|" + "---|" * len(columns),
        *("| " + " | ".join(_markdown_cell(c) for c in row) + " |" for row in rows),
    ]
    return dcc.Markdown("\n".join(lines), className="chart-alt-table small", link_target="_blank")


def alternative_block(graph_id: str, alternative: Alternative, lang: str = "en") -> html.Div:
    """The summary line and the collapsed data table under a news chart (same shape as `chart_alternative`)."""
    summary, columns, rows = alternative
    summary_id, table_id = alternative_ids(graph_id)
    return html.Div(
        [
            html.P(summary, id=summary_id, className="chart-summary small mb-1"),
            html.Details(
                [
                    html.Summary(t("a11y.show_table", lang)),
                    html.Div(text_table(columns, rows), id=table_id, className="chart-alt-scroll"),
                ],
                className="chart-alt-details small",
            ),
        ],
        className="chart-alt mb-2",
    )


def update_alternatives(datasets: Datasets, controls: tuple, lang: str | None = None) -> tuple:
    """Control values -> new children of each chart's summary line and data table (ALT_GRAPHS order)."""
    items, _ = news_items(datasets)
    state = state_from_controls(*controls, year_bounds(items))
    state = NewsState(state.filters, state.every, normalise_language(lang))
    out: list = []
    for summary, columns, rows in news_alternatives(items, rules_for(datasets.countries), state):
        out += [summary, text_table(columns, rows)]
    return tuple(out)


def update_controls(
    search: str | None, current: tuple, *, theme_ids: tuple[str, ...], bounds: tuple[int, int]
) -> tuple:
    """URL (Back/Forward, pasted link) -> control values; no_update for controls already right."""
    wanted = controls_from_state(parse_state(parse_query(search), theme_ids=theme_ids), bounds)
    return tuple(no_update if want == have else want for want, have in zip(wanted, current, strict=True))


def update_from_controls(
    datasets: Datasets,
    controls: tuple,
    search: str | None,
    *,
    geojson_url: str,
    names: dict[str, str] | None = None,
    lang: str | None = None,
) -> tuple:
    """Control values -> every output plus the new URL query (no_update when the URL already says so).

    `lang` is the interface language (kept in the URL); `names` default to countries.csv in that language.
    """
    items, origin = news_items(datasets)
    state = state_from_controls(*controls, year_bounds(items))
    state = NewsState(state.filters, state.every, url_language(lang, search))
    names = names if names is not None else _country_names(datasets, normalise_language(lang))
    query = keep_shell_params(state_query(state), search)
    outputs = update_news(items, origin, rules_for(datasets.countries), state, geojson_url=geojson_url, names=names)
    return (*outputs, no_update if query == (search or "") else query)


def update_controls_from_url(datasets: Datasets, search: str | None, pathname: str | None, current: tuple) -> tuple:
    """The URL's query -> control values, only on the News page."""
    if (pathname or "").rstrip("/") != PATH:
        return tuple(no_update for _ in current)
    items, _ = news_items(datasets)
    return update_controls(
        search, current, theme_ids=tuple(rules_for(datasets.countries).theme_labels), bounds=year_bounds(items)
    )


def update_fetch(
    n_clicks: int | None, *, is_admin: bool, datasets: Datasets, engine: Engine | None, lang: str = "en"
) -> list:
    """Admin button: fetch the configured feeds and show the per-feed report (admins only)."""
    if not n_clicks:
        return []
    if not is_admin:
        return [dbc.Alert(t("news.admin.only_admins", lang), color="warning")]
    if engine is None:
        return [dbc.Alert(t("news.admin.no_database", lang), color="danger")]
    report: FetchReport = fetch_feeds(feeds_from_frame(datasets.news_feeds), engine, rules_for(datasets.countries))
    colors = {"ok": "success", "warning": "warning", "error": "danger"}
    return [
        html.Ul(
            [
                html.Li(line, className=f"text-{colors.get(r.status, 'body')}")
                for line, r in zip(report.lines(), report.results, strict=False)
            ],
            className="small mb-1",
        ),
        html.P(t("news.admin.reload", lang, summary=report.lines()[-1]), className="small fw-semibold"),
    ]


# ---------------------------------------------------------------- layout


def _filters(
    items: pd.DataFrame, labels: dict[str, str], names: dict[str, str], state: NewsState, bounds: tuple[int, int]
) -> dbc.Row:
    lang = state.lang or "en"
    theme, language, country, years, text, every = controls_from_state(state, bounds)
    mentioned = sorted({c for v in items["countries"] for c in split_codes(v)}, key=lambda c: names.get(c, c))
    span = range(bounds[0], bounds[1] + 1)
    step = max(1, len(span) // 6)
    return dbc.Row(
        [
            dbc.Col(
                [
                    _hidden_label("a11y.news.theme", News.THEME, lang),
                    dcc.Dropdown(
                        id=News.THEME,
                        options=[{"label": v, "value": k} for k, v in labels.items()],
                        value=theme,
                        placeholder=t("news.filter.all_themes", lang),
                    ),
                ],
                md=3,
            ),
            dbc.Col(
                [
                    _hidden_label("a11y.news.language", News.LANGUAGE, lang),
                    dcc.Dropdown(
                        id=News.LANGUAGE,
                        options=[{"label": language_name(k, lang), "value": k} for k in LANGUAGE_LABELS],
                        value=language,
                        placeholder=t("news.filter.all_languages", lang),
                    ),
                ],
                md=2,
            ),
            dbc.Col(
                [
                    _hidden_label("a11y.news.country", News.COUNTRY, lang),
                    dcc.Dropdown(
                        id=News.COUNTRY,
                        options=[{"label": names.get(c, c), "value": c} for c in mentioned],
                        value=country,
                        placeholder=t("news.filter.all_countries", lang),
                    ),
                ],
                md=2,
            ),
            dbc.Col(
                [
                    _hidden_label("a11y.news.search", News.SEARCH, lang),
                    dcc.Input(
                        id=News.SEARCH,
                        type="search",
                        value=text,
                        debounce=True,
                        maxLength=MAX_SEARCH,
                        placeholder=t("news.filter.search", lang),
                        className="form-control",
                    ),
                ],
                md=3,
            ),
            dbc.Col(
                [
                    _hidden_label("a11y.group_by", News.EVERY, lang),
                    dcc.RadioItems(
                        id=News.EVERY,
                        options=[{"label": t(f"news.every.{k}", lang), "value": k} for k in EVERY_LABELS],
                        value=every,
                        inline=True,
                        inputClassName="me-1",
                        labelClassName="me-2",
                    ),
                ],
                md=2,
            ),
            dbc.Col(
                [
                    _hidden_label("a11y.years", News.YEARS, lang),
                    dcc.RangeSlider(
                        id=News.YEARS,
                        min=bounds[0],
                        max=bounds[1],
                        step=1,
                        value=years,
                        marks={y: str(y) for y in span[::step]},
                        tooltip={"placement": "bottom"},
                    ),
                ],
                md=12,
                className="mt-2",
            ),
        ],
        className="g-2 mb-3 news-filters",
    )


def _hidden_label(key: str, control_id: str, lang: str) -> dbc.Label:
    """A label screen readers announce for a control whose placeholder or layout already shows its purpose."""
    return dbc.Label(t(key, lang), html_for=control_id, className="visually-hidden")


def _graph(
    graph_id: str, figure: go.Figure, alternatives: dict[str, Alternative] | None = None, lang: str = "en"
) -> dcc.Graph | html.Div:
    graph = dcc.Graph(id=graph_id, figure=figure, config=graph_config(TOPOJSON_URL, filename=graph_id))
    if not alternatives or graph_id not in alternatives:
        return graph
    return html.Div([graph, alternative_block(graph_id, alternatives[graph_id], lang)])


def layout(datasets: Datasets, *, path: str = PATH, query: dict | None = None) -> html.Div:
    """The News Centre with the URL's filters applied (public data only)."""
    items, origin = news_items(datasets)
    rules = rules_for(datasets.countries)
    state = parse_state(query or {}, theme_ids=tuple(rules.theme_labels))
    lang = state.lang or "en"
    labels = theme_names(rules.theme_labels, lang)
    names = _country_names(datasets, lang)
    bounds = year_bounds(items)
    trend, shares, country_map, terms, pairs, trends, listed, count = update_news(
        items, origin, rules, state, geojson_url=geometry_url(datasets), names=names
    )
    alts = dict(
        zip(ALT_GRAPHS, news_alternatives(items, rules, NewsState(state.filters, state.every, lang)), strict=True)
    )
    return html.Div(
        [
            html.H1(t("news.title", lang)),
            html.P(t("news.lead", lang), className="lead"),
            html.P(t("news.caveat", lang), id=News.CAVEAT, className="text-muted small"),
            _filters(items, labels, names, state, bounds),
            dbc.Row(
                [
                    dbc.Col(_graph(News.TREND, trend, alts, lang), lg=8),
                    dbc.Col(_graph(News.SHARES, shares, alts, lang), lg=4),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(_graph(News.MAP, country_map), lg=6),
                    dbc.Col(_graph(News.TERM_TRENDS, trends, alts, lang), lg=6),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(_graph(News.TERMS, terms, alts, lang), lg=6),
                    dbc.Col(_graph(News.BIGRAMS, pairs, alts, lang), lg=6),
                ]
            ),
            html.H2(t("news.items", lang), className="h4 mt-3"),
            html.P(count, id=News.COUNT, className="text-muted small"),
            html.Ul(listed, id=News.LIST, className="list-group mb-4"),
            html.Details(
                [
                    html.Summary(t("news.admin.summary", lang)),
                    html.P(t("news.admin.help", lang), className="small text-muted"),
                    dbc.Button(t("news.admin.button", lang), id=News.FETCH_BUTTON, size="sm", color="secondary"),
                    dcc.Loading(html.Div(id=News.FETCH_REPORT, className="mt-2")),
                ],
                className="mb-4 news-admin",
            ),
        ],
        id=News.PAGE,
        className="view view-news",
    )


# ---------------------------------------------------------------- callbacks

CONTROLS = (News.THEME, News.LANGUAGE, News.COUNTRY, News.YEARS, News.SEARCH, News.EVERY)
CONTROL_PROPS = ("value", "value", "value", "value", "value", "value")
OUTPUTS = (
    (News.TREND, "figure"),
    (News.SHARES, "figure"),
    (News.MAP, "figure"),
    (News.TERMS, "figure"),
    (News.BIGRAMS, "figure"),
    (News.TERM_TRENDS, "figure"),
    (News.LIST, "children"),
    (News.COUNT, "children"),
)


def register_callbacks(app: Dash, datasets: Datasets) -> None:
    """Filters -> charts, list and URL; URL -> filters (Back/Forward); map click -> country; admin fetch."""

    @app.callback(
        *[Output(i, p) for i, p in OUTPUTS],
        Output(Shell.URL, "search", allow_duplicate=True),
        *[Input(i, p) for i, p in zip(CONTROLS, CONTROL_PROPS, strict=True)],
        State(Shell.URL, "search"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_filters(theme, language, country, years, text, every, search, lang):
        return update_from_controls(
            datasets,
            (theme, language, country, years, text, every),
            search,
            geojson_url=geometry_url(datasets),
            lang=normalise_language(lang),
        )

    @app.callback(
        *[Output(i, "children") for graph in ALT_GRAPHS for i in alternative_ids(graph)],
        *[Input(i, p) for i, p in zip(CONTROLS, CONTROL_PROPS, strict=True)],
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_alternative_filters(theme, language, country, years, text, every, lang):
        return update_alternatives(datasets, (theme, language, country, years, text, every), lang)

    @app.callback(
        *[Output(i, p) for i, p in zip(CONTROLS, CONTROL_PROPS, strict=True)],
        Input(Shell.URL, "search"),
        State(Shell.URL, "pathname"),
        *[State(i, p) for i, p in zip(CONTROLS, CONTROL_PROPS, strict=True)],
        prevent_initial_call=True,
    )
    def _on_search(search, pathname, *current):
        return update_controls_from_url(datasets, search, pathname, current)

    @app.callback(
        Output(News.COUNTRY, "value", allow_duplicate=True),
        Input(News.MAP, "clickData"),
        prevent_initial_call=True,
    )
    def _on_map_click(click):
        points = (click or {}).get("points") or [{}]
        return points[0].get("location") or no_update

    @app.callback(
        Output(News.FETCH_REPORT, "children"),
        Input(News.FETCH_BUTTON, "n_clicks"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_fetch(n_clicks, lang):
        return update_fetch(
            n_clicks,
            is_admin=has_role("admin"),
            datasets=datasets,
            engine=_current_engine(),
            lang=normalise_language(lang),
        )
