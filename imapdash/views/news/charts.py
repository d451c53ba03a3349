"""The News Centre's charts: one function per chart, each returning its figure and text alternative from one frame.

Each chart takes the corpus, the state's selection and the reader's language and gives a
`NewsChart` (a `ChartOutput` whose data table is one `TextTable`, see `text_table`). The same
function serves the layout (first render) and the chart's one callback (filter changes), so the
figure a sighted reader sees and the text a screen-reader user hears come from the same frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ...components.chart import ChartOutput
from ...components.chart_alt import TextTable, chart_summary, data_table
from ...figures.news import (
    build_country_map,
    build_news_trend,
    build_term_trends,
    build_theme_shares,
    build_top_terms,
    language_name,
    theme_label,
)
from ...i18n import format_value, t
from ...ids import News
from ...news.media import (
    MIN_ITEMS_FOR_SHARE,
    country_counts,
    counts_by_period_theme,
    term_trends,
    theme_shares,
)
from .queries import Corpus, Selection
from .state import NewsState


@dataclass(frozen=True)
class NewsChart(ChartOutput):
    """A news chart: its data table is one `TextTable` component (see `text_table`)."""

    def table(self):
        return text_table(list(self.columns), [list(r) for r in self.rows])


def corpus_source(corpus: Corpus, lang: str = "en") -> list[tuple[str, str]]:
    """The source note of every chart: the bundled corpus (with its size) or the database, named in `lang`."""
    if corpus.origin == "sample":
        return [(t("news.source.sample", lang, items=format_value(float(len(corpus.items)), lang)), "")]
    return [(t("news.source.database", lang), "")]


def theme_names(labels: dict[str, str], lang: str = "en") -> dict[str, str]:
    """Theme id -> name in `lang`, in rule order."""
    return {theme: theme_label(theme, lang, label) for theme, label in labels.items()}


@lru_cache(maxsize=8192)
def number(value: float, lang: str, unit: str = "persons", decimals: int = 0) -> str:
    """`format_value`, kept: the tables repeat the same small counts thousands of times (babel formats
    each in ~0.1 ms, which was a fifth of a filter change)."""
    return format_value(value, lang, unit=unit, decimals=decimals)


PERIOD_FORMATS = {"year": "%Y", "month": "%Y-%m", "week": "%Y-%m-%d"}
Alternative = tuple[str, list[str], list[list[str]]]


def trend_alternative(
    counts: pd.DataFrame, labels: dict[str, str], *, every: str = "month", lang: str = "en"
) -> Alternative:
    """The trend chart: busiest and quietest periods (summary); period × theme counts (table)."""
    if counts.empty:
        return t("a11y.summary.empty", lang), [t("news.alt.column.period", lang)], []
    periods = counts["period"].dt.strftime(PERIOD_FORMATS.get(every, PERIOD_FORMATS["month"]))
    # one row per (period, theme) in counts: a pivot, no aggregation
    wide = counts.assign(period=periods).pivot(index="period", columns="main_theme", values="items").fillna(0)
    themes = [th for th in labels if th in wide.columns] + [th for th in wide.columns if th not in labels]
    totals = wide[themes].sum(axis=1)
    summary = t(
        "news.alt.trend",
        lang,
        total=number(float(totals.sum()), lang),
        summary=chart_summary(((str(p), float(v)) for p, v in totals.items()), lang=lang),
    )
    columns = [
        t("news.alt.column.period", lang),
        *(labels.get(th, th) for th in themes),
        t("news.alt.column.total", lang),
    ]
    values = wide[themes].to_numpy(dtype=float)
    rows = [
        [str(p), *(number(v, lang) for v in row), number(float(total), lang)]
        for p, row, total in zip(wide.index, values.tolist(), totals.tolist(), strict=True)
    ]
    return summary, columns, rows


def shares_alternative(shares: pd.DataFrame, labels: dict[str, str], lang: str = "en") -> Alternative:
    """The theme-share chart: items and share of each main theme."""
    columns = [t("news.alt.column.theme", lang), t("news.alt.column.items", lang), t("news.alt.column.share", lang)]
    if shares.empty:
        return t("a11y.summary.empty", lang), columns, []
    names = [labels.get(str(th), str(th)) for th in shares["main_theme"]]
    if shares["share_pct"].isna().any():  # too few items: counts only, no share
        summary = chart_summary(zip(names, shares["items"].astype(float), strict=True), lang=lang)
        rows = [[n, number(float(i), lang), "—"] for n, i in zip(names, shares["items"], strict=True)]
        return summary, columns, rows
    summary = chart_summary(
        zip(names, shares["share_pct"].astype(float), strict=True), lang=lang, unit="percent", decimals=1
    )
    rows = [
        [n, number(float(i), lang), number(float(p), lang, unit="percent", decimals=1)]
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
        [[str(w), number(float(i), lang)] for w, i in zip(terms["term"], terms["items"], strict=True)],
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
        [str(y), language_name(str(lg), lang), str(term), number(float(i), lang), number(float(o), lang)]
        for y, lg, term, i, o in zip(
            trends["year"], trends["language"], trends["term"], trends["items"], trends["of_items"], strict=True
        )
    ]
    return summary, columns, rows


def countries_alternative(counts: pd.DataFrame, names: dict[str, str], lang: str = "en") -> Alternative:
    """The map: items naming each country, most named first."""
    columns = [t("a11y.column.country", lang), t("news.alt.column.items", lang)]
    if counts.empty:
        return t("a11y.summary.empty", lang), columns, []
    ordered = counts.sort_values("items", ascending=False, kind="stable")
    labels = [names.get(str(c), str(c)) for c in ordered["iso3"]]
    summary = chart_summary(zip(labels, ordered["items"].astype(float), strict=True), lang=lang)
    rows = [[n, number(float(i), lang)] for n, i in zip(labels, ordered["items"], strict=True)]
    return summary, columns, rows


def text_table(columns: list[str], rows: list[list[str]]) -> TextTable:
    """A chart's data table (every cell as text; one component: components.chart_alt.TextTable)."""
    return data_table(columns, rows, class_name="small")


# ---------------------------------------------------------------- one function per chart


def _chart(figure, alternative: Alternative) -> NewsChart:
    summary, columns, rows = alternative
    return NewsChart(figure, summary, rows, columns)


def _title_parts(state: NewsState, labels: dict[str, str]) -> tuple[str, str]:
    f = state.filters
    period = f" · {f.year_from or ''}–{f.year_to or ''}" if (f.year_from or f.year_to) else ""
    theme = f" · {labels.get(f.theme, '')}" if f.theme else ""
    return theme, period


def trend_chart(corpus: Corpus, sel: Selection, state: NewsState, lang: str) -> NewsChart:
    """Items per period, stacked by main theme."""
    labels = theme_names(corpus.rules.theme_labels, lang)
    counts = counts_by_period_theme(sel.selected, every=state.every)
    figure = build_news_trend(
        counts, theme_labels=labels, every=state.every, sources=corpus_source(corpus, lang), lang=lang
    )
    return _chart(figure, trend_alternative(counts, labels, every=state.every, lang=lang))


def shares_chart(corpus: Corpus, sel: Selection, state: NewsState, lang: str) -> NewsChart:
    """Share of the selected items by main theme."""
    labels = theme_names(corpus.rules.theme_labels, lang)
    shares = theme_shares(sel.selected, list(labels))
    figure = build_theme_shares(
        shares,
        theme_labels=labels,
        sources=corpus_source(corpus, lang),
        lang=lang,
        min_items=MIN_ITEMS_FOR_SHARE,
    )
    return _chart(figure, shares_alternative(shares, labels, lang))


def map_chart(
    corpus: Corpus, sel: Selection, state: NewsState, lang: str, *, names: dict[str, str], geojson_url: str
) -> NewsChart:
    """Items naming each country (the map); its table lists the countries, most named first."""
    counts = country_counts(sel.selected)
    figure = build_country_map(
        counts,
        geojson_url=geojson_url,
        names=names,
        sources=corpus_source(corpus, lang),
        selected=state.filters.country,
        lang=lang,
    )
    return _chart(figure, countries_alternative(counts, names, lang))


def terms_chart(corpus: Corpus, sel: Selection, state: NewsState, lang: str, *, column: str = "terms") -> NewsChart:
    """The most used terms (`column="terms"`) or word pairs (`"bigrams"`) of the selection."""
    labels = theme_names(corpus.rules.theme_labels, lang)
    theme, period = _title_parts(state, labels)
    terms = corpus.top_terms(sel.selected, column)
    figure = build_top_terms(
        terms,
        title=t("news.chart.terms" if column == "terms" else "news.chart.bigrams", lang, theme=theme, period=period),
        sources=corpus_source(corpus, lang),
        rtl=state.filters.language == "ar" or lang == "ar",
        lang=lang,
    )
    return _chart(figure, terms_alternative(terms, lang))


def term_trends_chart(corpus: Corpus, sel: Selection, state: NewsState, lang: str) -> NewsChart:
    """Terminology over the years (ignores the search text, which would select the word)."""
    language = state.filters.language
    trends = term_trends(sel.for_terms, corpus.rules, languages=[language] if language else None)
    figure = build_term_trends(trends, sources=corpus_source(corpus, lang), lang=lang, min_items=MIN_ITEMS_FOR_SHARE)
    return _chart(figure, term_trends_alternative(trends, lang))


def terms_or_pairs(column: str):
    """`terms_chart` for one column, with the signature of the other chart functions."""

    def chart(corpus: Corpus, sel: Selection, state: NewsState, lang: str) -> NewsChart:
        return terms_chart(corpus, sel, state, lang, column=column)

    return chart


# graph id -> chart function (the map needs names and the geometry URL, so it is wired on its own)
CHARTS = {
    News.TREND: trend_chart,
    News.SHARES: shares_chart,
    News.TERMS: terms_or_pairs("terms"),
    News.BIGRAMS: terms_or_pairs("bigrams"),
    News.TERM_TRENDS: term_trends_chart,
}
