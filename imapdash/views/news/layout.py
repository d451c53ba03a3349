"""The News Centre page: filters showing the URL's state, then every chart already drawn for it, and the items.

The first render is complete (no callback fires on load): the charts and the list come from
`render.render`, which the filter callback uses too. Public data only.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from ...components.chart_alt import alternative_ids
from ...datasets import Datasets
from ...figures.news import language_name
from ...i18n import normalise_language, t
from ...ids import News
from ...news.media import split_codes
from ...releases.provider import concrete
from ...theme import TOPOJSON_URL, graph_config
from ..context import ViewContext
from . import queries
from .charts import NewsChart, theme_names
from .items import NewsList
from .render import render
from .state import MAX_SEARCH, PATH, NewsState, controls_from_state, parse_state

LANGUAGE_LABELS = {"en": "English", "fr": "Français", "ar": "العربية"}
EVERY_LABELS = {"week": "Weekly", "month": "Monthly", "year": "Yearly"}


def filters(
    corpus_items: pd.DataFrame,
    labels: dict[str, str],
    names: dict[str, str],
    state: NewsState,
    bounds: tuple[int, int],
    lang: str,
) -> dbc.Row:
    """The six controls, showing `state`."""
    theme, language, country, years, text, every = controls_from_state(state, bounds)
    mentioned = sorted({c for v in corpus_items["countries"] for c in split_codes(v)}, key=lambda c: names.get(c, c))
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


def alternative_block(graph_id: str, chart: NewsChart, lang: str = "en") -> html.Div:
    """The summary line and the collapsed data table under a news chart (same ids as `chart_alternative`)."""
    summary_id, table_id = alternative_ids(graph_id)
    return html.Div(
        [
            html.P(chart.summary, id=summary_id, className="chart-summary small mb-1"),
            html.Details(
                [
                    html.Summary(t("a11y.show_table", lang)),
                    html.Div(chart.table(), id=table_id, className="chart-alt-scroll"),
                ],
                className="chart-alt-details small",
            ),
        ],
        className="chart-alt mb-2",
    )


def chart_unit(graph_id: str, chart: NewsChart, lang: str) -> html.Div:
    """A chart with its text alternative under it."""
    graph = dcc.Graph(id=graph_id, figure=chart.figure, config=graph_config(TOPOJSON_URL, filename=graph_id))
    return html.Div([graph, alternative_block(graph_id, chart, lang)])


def layout(datasets: Datasets, *, path: str = PATH, query: dict | None = None, engine=None) -> html.Div:
    """The News Centre with the URL's filters applied (public data only)."""
    lang = normalise_language(((query or {}).get("lang") or [None])[0])
    vc = ViewContext(datasets=concrete(datasets), lang=lang)
    return page(vc, query or {}, engine if engine is not None else queries.current_engine())


def page(vc: ViewContext, query: dict, engine=None) -> html.Div:
    """The page for a parsed query in the context's language."""
    lang = vc.lang
    corpus = queries.corpus(vc, engine)
    state = parse_state(query, theme_ids=corpus.theme_ids)
    names = vc.country_names()
    labels = theme_names(corpus.rules.theme_labels, lang)
    rendered = render(vc, corpus, state)
    drawn, listed, count = rendered.charts, rendered.listed, rendered.count
    return html.Div(
        [
            html.H1(t("news.title", lang)),
            html.P(t("news.lead", lang), className="lead"),
            html.P(t("news.caveat", lang), id=News.CAVEAT, className="text-muted small"),
            filters(corpus.items, labels, names, state, corpus.bounds, lang),
            dbc.Row(
                [
                    dbc.Col(chart_unit(News.TREND, drawn[News.TREND], lang), lg=8),
                    dbc.Col(chart_unit(News.SHARES, drawn[News.SHARES], lang), lg=4),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(chart_unit(News.MAP, drawn[News.MAP], lang), lg=6),
                    dbc.Col(chart_unit(News.TERM_TRENDS, drawn[News.TERM_TRENDS], lang), lg=6),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(chart_unit(News.TERMS, drawn[News.TERMS], lang), lg=6),
                    dbc.Col(chart_unit(News.BIGRAMS, drawn[News.BIGRAMS], lang), lg=6),
                ]
            ),
            html.H2(t("news.items", lang), className="h4 mt-3"),
            html.P(count, id=News.COUNT, className="text-muted small"),
            NewsList(id=News.LIST, items=listed, className="list-group mb-4"),
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
