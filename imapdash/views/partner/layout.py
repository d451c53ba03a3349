"""The partner page: structure and public text only, the same for every visitor (notes B3).

The panel starts hidden and empty; everything restricted arrives through the guarded callbacks
wired in `__init__`. Text comes from the `partner` catalogue in the reader's language.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from ... import theme
from ...components.chart import empty_chart_block
from ...datasets import Datasets
from ...i18n import normalise_language, t
from ...ids import Partner
from ...partner import documents, submissions
from ...releases.provider import concrete
from ..context import ViewContext
from .charts import flow_columns
from .state import PATH, query_lang

LOGIN_URL = "/login?next=/partner"


def route_options(vc: ViewContext) -> list[dict]:
    """The route filter's options, by name in the reader's language."""
    return [{"label": n, "value": r} for r, n in sorted(vc.route_names().items(), key=lambda item: item[1])]


def download_links(lang: str = "en") -> list:
    return [
        html.A(t("partner.download.flows", lang), href="/partner/download/flows.csv", className="me-3"),
        html.A(t("partner.download.indicators", lang), href="/partner/download/indicator_values.csv", className="me-3"),
        html.A(t("partner.download.composition", lang), href="/partner/download/composition.csv"),
    ]


def layout(datasets: Datasets, *, path: str = PATH, query: dict | None = None) -> html.Div:
    """Structure only: a log-in prompt, a hidden, empty panel and empty gate stores, identical for every visitor."""
    return page(ViewContext(datasets=concrete(datasets), lang=normalise_language(query_lang(query))))


def page(vc: ViewContext) -> html.Div:
    """The partner page in the context's language (public structure and route names only)."""
    lang = vc.lang
    suffix = f"&lang={lang}" if lang != "en" else ""
    prompt = html.Div(
        [
            html.P(t("partner.prompt", lang)),
            html.A(t("partner.log_in", lang), href=LOGIN_URL + suffix, className="btn btn-primary me-2"),
            html.A(
                t("partner.request_access", lang),
                href="/partner/request-access" + suffix.replace("&", "?"),
                className="btn btn-outline-secondary",
            ),
        ],
        id=Partner.LOGIN_PROMPT,
    )
    flows = html.Section(
        [
            html.H2(t("partner.flows.title", lang), className="h4"),
            html.P(t("partner.flows.help", lang), className="text-muted"),
            dcc.Dropdown(
                id=Partner.ROUTE,
                options=route_options(vc),
                placeholder=t("partner.flows.all_routes", lang),
                clearable=True,
                className="mb-2",
            ),
            *empty_chart_block(
                Partner.GRAPH,
                flow_columns(lang),
                lang=lang,
                config=theme.graph_config(theme.TOPOJSON_URL, filename="partner-flows"),
            ),
            html.Div(id=Partner.TABLE),
            html.Div(download_links(lang), id=Partner.DOWNLOADS, className="my-3"),
        ]
    )
    upload = html.Section(
        [
            html.H2(t("partner.upload.title", lang), className="h4"),
            html.P(
                _with_code(t("partner.upload.help", lang, columns="\0"), ", ".join(submissions.UPLOAD_COLUMNS)),
                className="text-muted",
            ),
            dcc.Upload(
                id=Partner.UPLOAD,
                children=html.Div(t("partner.upload.drop", lang)),
                accept=".csv,.xlsx",
                className="partner-upload border rounded p-3 mb-2",
            ),
            html.Div(id=Partner.UPLOAD_RESULT),
            dbc.Button(t("partner.upload.submit", lang), id=Partner.SUBMIT, disabled=True, className="my-2"),
            html.Div(id=Partner.SUBMIT_RESULT),
            html.H3(t("partner.docs.title", lang), className="h5 mt-4"),
            html.P(
                _with_code(t("partner.docs.help", lang, columns="\0"), ", ".join(documents.COLUMNS)),
                className="text-muted",
            ),
            dcc.Upload(
                id=Partner.DOC_UPLOAD,
                children=html.Div(t("partner.docs.drop", lang)),
                accept=".csv",
                className="partner-upload border rounded p-3 mb-2",
            ),
            html.Div(id=Partner.DOC_RESULT),
        ],
        id=Partner.UPLOAD_SECTION,
        hidden=True,
    )
    review = html.Section(
        [
            html.H2(t("partner.submissions", lang), className="h4"),
            html.Div(id=Partner.DECISION_RESULT),
            html.Div(id=Partner.SUBMISSIONS),
        ]
    )
    library = html.Section(
        [
            html.H2(t("partner.meetings", lang), className="h4"),
            html.Div(id=Partner.MEETINGS),
        ]
    )
    meeting_form = html.Div(
        [
            html.H2(t("partner.meeting.form", lang), className="h4 mt-4"),
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Input(
                            id=Partner.MEETING_ID,
                            type="number",
                            min=1,
                            placeholder=t("partner.meeting.id", lang),
                            className="form-control",
                        ),
                        md=2,
                    ),
                    dbc.Col(
                        dcc.Input(
                            id=Partner.MEETING_TITLE,
                            placeholder=t("partner.meeting.title", lang),
                            maxLength=300,
                            className="form-control",
                        ),
                        md=4,
                    ),
                    dbc.Col(dcc.Input(id=Partner.MEETING_DATE, type="date", className="form-control"), md=2),
                    dbc.Col(
                        dcc.Input(
                            id=Partner.MEETING_THEME,
                            placeholder=t("partner.meeting.theme", lang),
                            maxLength=200,
                            className="form-control",
                        ),
                        md=4,
                    ),
                ],
                className="g-2 mb-2",
            ),
            dcc.Textarea(
                id=Partner.MEETING_DOCUMENTS,
                placeholder=t("partner.meeting.documents", lang),
                className="form-control mb-2",
            ),
            dcc.Textarea(
                id=Partner.MEETING_CONCLUSIONS,
                placeholder=t("partner.meeting.conclusions", lang),
                className="form-control mb-2",
            ),
            dbc.Button(t("partner.meeting.save", lang), id=Partner.MEETING_SAVE, size="sm"),
            html.Div(id=Partner.MEETING_RESULT, className="mt-2"),
        ]
    )
    admin = html.Section(
        [
            meeting_form,
            html.H2(t("partner.docs.proposals", lang), className="h4"),
            html.Div(id=Partner.DOC_DECISION),
            html.Div(id=Partner.DOC_PROPOSALS),
            html.H2(t("partner.audit", lang), className="h4 mt-4"),
            html.Div(id=Partner.REVERT_RESULT),
            html.Div(id=Partner.AUDIT),
            html.H2(t("partner.releases", lang), className="h4 mt-4"),
            html.P(t("partner.releases.help", lang), className="text-muted"),
            html.Div(id=Partner.RELEASE_RESULT),
            html.Div(id=Partner.RELEASES),
            html.H2(t("partner.requests", lang), className="h4 mt-4"),
            html.Div(id=Partner.REQUEST_RESULT),
            html.Div(id=Partner.REQUESTS),
            html.H2(t("partner.usage", lang), className="h4 mt-4"),
            html.P(t("partner.usage.help", lang), className="text-muted"),
            html.Div(id=Partner.USAGE),
        ],
        id=Partner.ADMIN_SECTION,
        hidden=True,
    )
    panel = html.Div(
        [html.P(id=Partner.USER, className="text-muted"), flows, upload, review, library, admin],
        id=Partner.PANEL,
        hidden=True,
    )
    gate = [dcc.Store(id=Partner.GATE), dcc.Store(id=Partner.GATE_SEARCH)]
    return html.Div(
        [html.H1(t("partner.title", lang)), prompt, panel, *gate], id=Partner.PAGE, className="view view-partner"
    )


def _with_code(text: str, code: str) -> list:
    """A sentence with a code fragment where its NUL marker was (so translations can move it)."""
    before, _, after = text.partition("\0")
    return [before, html.Code(code), after]


def _with_code(text: str, code: str) -> list:
    """A sentence with a code fragment where its NUL marker was (so translations can move it)."""
    before, _, after = text.partition("\0")
    return [before, html.Code(code), after]
