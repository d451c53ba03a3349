"""Two or three country profiles side by side at /compare?c=TUN,NER,LBY: same sections, aligned scales.

Each section is one row with a column per country; the charts of a row share their value axis
(`sections.scale_maxima`), so a taller bar means a larger number across countries. The page is
rendered from the query; choosing countries re-renders the grid and writes `c` into the URL, and the
URL (Back/Forward, a pasted link) sets the picker back.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, dcc, html, no_update

from ...datasets import Datasets
from ...i18n import normalise_language, t
from ...ids import Compare, Shell
from ...releases.provider import concrete
from ...urlstate import as_list, keep_shell_params, parse_query, to_query
from . import facts_list
from .common import country_names, lang_of, lang_query
from .sections import Context, available_sections, scale_maxima

PATH = "/compare"
PURE_LAYOUT = True  # layout() depends only on the data and the query (see shell.render_page)
NAV_LABEL = None
NAV_ORDER = 101
MAX_COUNTRIES = 3


def chosen_countries(values: list[str] | None, known: set[str]) -> list[str]:
    """Up to three known ISO3 codes, upper-cased, in the order given, without repeats."""
    out: list[str] = []
    for value in values or []:
        code = str(value).strip().upper()
        if code in known and code not in out:
            out.append(code)
    return out[:MAX_COUNTRIES]


def grid(datasets: Datasets, codes: list[str], lang: str) -> list:
    """The comparison rows: key facts, then every section with one column per country."""
    if not codes:
        return [html.P(t("compare.hint", lang), id=Compare.HINT, className="text-muted")]
    names = country_names(datasets.countries, lang)
    scale = scale_maxima(datasets, codes)
    width = 12 // len(codes)
    rows: list = [
        dbc.Row(
            [
                dbc.Col(
                    [
                        html.H3(dcc.Link(names[c], href=f"/country/{c}{lang_query(lang)}"), className="h5"),
                        facts_list(datasets, c, lang, names, element_id=f"compare-facts-{c}"),
                    ],
                    md=width,
                )
                for c in codes
            ]
        ),
    ]
    for key, build in available_sections(datasets):
        built = [build(Context(datasets, c, lang, names, scale)) for c in codes]
        rows.append(html.H2(t(f"profile.section.{key}", lang), className="h4 mt-4"))
        rows.append(
            html.Div(
                dbc.Row(
                    [
                        dbc.Col(
                            html.Div(
                                [html.H3(names[c], className="h6"), *section.component.children[1:]],
                                className="compare-cell",
                                **{
                                    "data-iso3": c,
                                    "data-section": key,
                                    "data-has-data": "1" if section.has_data else "0",
                                },
                            ),
                            md=width,
                        )
                        for c, section in zip(codes, built, strict=True)
                    ]
                ),
                className="compare-row",
                **{"data-section": key},
            )
        )
    return rows


def layout(datasets: Datasets, *, path: str = PATH, query: dict | None = None) -> html.Div:
    """The comparison of the countries in the query's `c`, in the language of the query."""
    lang = lang_of(query)
    countries = datasets.countries
    codes = chosen_countries(as_list(query or {}, "c"), set(countries["iso3"]))
    names = country_names(countries, lang)
    options = sorted(({"label": names[c], "value": c} for c in countries["iso3"]), key=lambda o: o["label"])
    return html.Div(
        [
            html.H1(t("compare.title", lang)),
            html.P(t("compare.lead", lang), className="lead"),
            html.Label(t("compare.picker", lang), htmlFor=Compare.PICKER, className="form-label"),
            dcc.Dropdown(
                id=Compare.PICKER,
                options=options,
                value=codes,
                multi=True,
                className="mb-3 d-print-none",
            ),
            html.Div(grid(datasets, codes, lang), id=Compare.GRID),
        ],
        id=Compare.PAGE,
        className="view view-compare",
    )


def register_callbacks(app: Dash, datasets: Datasets) -> None:
    """Picker -> grid and URL; URL -> picker (Back/Forward). Public data of the request's release."""

    @app.callback(
        Output(Compare.GRID, "children"),
        Output(Shell.URL, "search", allow_duplicate=True),
        Input(Compare.PICKER, "value"),
        State(Shell.URL, "search"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_pick(values, search, lang):
        data = concrete(datasets)
        lang = normalise_language(lang)
        codes = chosen_countries(values if isinstance(values, list) else [], set(data.countries["iso3"]))
        in_url = chosen_countries(as_list(parse_query(search), "c"), set(data.countries["iso3"]))
        query = keep_shell_params(to_query({"c": codes, "lang": lang if lang != "en" else None}), search)
        # Back/Forward set the picker from the URL: redraw the grid, leave the URL as it is
        return grid(data, codes, lang), no_update if codes == in_url else query

    @app.callback(
        Output(Compare.PICKER, "value"),
        Input(Shell.URL, "search"),
        State(Shell.URL, "pathname"),
        State(Compare.PICKER, "value"),
        prevent_initial_call=True,
    )
    def _on_search(search, pathname, current):
        if (pathname or "").rstrip("/") != PATH:
            return no_update
        data = concrete(datasets)
        wanted = chosen_countries(as_list(parse_query(search), "c"), set(data.countries["iso3"]))
        return no_update if wanted == (current or []) else wanted
