"""News Centre: what the press says about migration in English, French and Arabic, and in which words.

Partners used the i-Map's News Centre as open intelligence: highlights over the year, trends by
theme and time, and the language used ("illegal" or "irregular"? "clandestins" or "migrants
irréguliers"? "غير شرعية" or "غير نظامية"?). Themes and countries come from editable keyword rules
(`imapdash/news/rules/`), and each item shows the keywords that gave it its themes.

The package: `state` (the URL state and its binder), `queries` (the items, database first, and one
selection per state), `charts` (one function per chart: figure + text alternative from one frame),
`items` (the list), `render` (every chart and the list of a state, once), `admin` (fetch the feeds
now), `layout`. This module only wires callbacks: the URL binder (URL <-> controls), one callback that
redraws every chart and the list on a filter change, the map click and the fetch button.
Interface text comes from the `news` catalogue; theme names are `news.theme.<id>`.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from ...datasets import Datasets
from ...ids import News, Shell
from ..context import bind_url, chart_outputs, view_context
from . import admin, queries
from .layout import layout
from .queries import news_items
from .render import GRAPHS, render
from .state import CONTROL_PROPS, CONTROLS, NEWS_URL, PATH, read_controls

NAV_LABEL = "News"
NAV_KEY = "nav.news"
NAV_ORDER = 60
REQUIRES = ("media",)  # optional dataset: without it the view leaves the navbar

__all__ = ["NAV_KEY", "NAV_LABEL", "NAV_ORDER", "PATH", "layout", "news_items", "register_callbacks"]


def register_callbacks(app: Dash, datasets: Datasets) -> None:
    """URL <-> filters (binder); filters -> every chart and the list (one callback); map click; admin fetch."""
    bind_url(app, NEWS_URL, datasets, source=lambda vc: queries.corpus(vc, queries.current_engine()))
    filters = [Input(i, p) for i, p in zip(CONTROLS, CONTROL_PROPS, strict=True)]

    @app.callback(
        *(output for graph in GRAPHS for output in chart_outputs(graph)),
        Output(News.LIST, "items"),
        Output(News.COUNT, "children"),
        *filters,
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_filters(*values):
        *controls, lang = values
        vc = view_context(datasets, lang)
        corpus = queries.corpus(vc, queries.current_engine())
        return render(vc, corpus, read_controls(corpus, tuple(controls))).outputs()

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
        return admin.update_fetch(view_context(datasets, lang, with_user=True), n_clicks, queries.current_engine())
