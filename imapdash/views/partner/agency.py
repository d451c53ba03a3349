"""What every partner sees (partner agencies, and focal points and admins too): greeting, restricted flows, meetings.

Core functions take a `ViewContext` (language, user, engine, the request's release) built by the
callback wrapper; restricted rows come through `imapdash.partner.access`, which checks the user again.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html
from dash.exceptions import PreventUpdate

from ...auth.models import ADMIN, FOCAL_POINT
from ...components.table import table
from ...i18n import format_value, t
from ...partner import access, meetings
from ...urlstate import UNCHANGED
from ..context import ViewContext
from . import charts, queries
from .text import MAX_TABLE_ROWS, code_label


def gate_update(partner: bool, search: str | None, search_only: bool) -> tuple:
    """(gate, gate search) for the public gate stores (UNCHANGED: leave it); no update at all for a non-partner.

    The gate turns True when the page is shown (not when only the query changes); the search store
    gets the page's own query string, which restores the route filter. Neither tells the visitor more
    than that they are a partner (the query string is their own).
    """
    if not partner:
        raise PreventUpdate
    return (UNCHANGED if search_only else True), search or ""


def update_panel(vc: ViewContext) -> tuple:
    """(panel hidden, prompt hidden, greeting, upload hidden, admin hidden) for the logged-in partner."""
    user = vc.user
    if user is None:
        raise PermissionError("partner login required")
    role = code_label("partner.role", user.role, vc.lang)
    if user.country:
        who = t("partner.user.greeting_country", vc.lang, username=user.name, role=role, country=user.country)
    else:
        who = t("partner.user.greeting", vc.lang, username=user.name, role=role)
    return False, True, who, user.role != FOCAL_POINT, user.role != ADMIN


def flows_table(frame: pd.DataFrame, route_names: dict[str, str], lang: str = "en") -> html.Div:
    """The restricted rows as a table, each row tagged with its status."""
    if frame.empty:
        return html.P(t("common.no_data", lang))
    rows = [
        [
            route_names.get(r.route_id, r.route_id),
            r.period_label,
            format_value(float(r.value), lang),
            dbc.Badge(code_label("partner.status", r.status, lang), color="warning"),
            r.source_org,
        ]
        for r in frame.head(MAX_TABLE_ROWS).itertuples(index=False)
    ]
    columns = [*charts.flow_columns(lang), t("partner.column.status", lang), t("partner.column.source", lang)]
    statuses = sorted(set(frame["status"].astype(str)))
    badges = [
        dbc.Badge(code_label("partner.status", s, lang), color="warning", className="me-1 partner-status-badge")
        for s in statuses
    ]
    return html.Div(
        [html.P(badges), table(columns, rows, lang=lang, numeric=[2], striped=True, class_name="partner-table")]
    )


def update_flows(vc: ViewContext, route: str | None) -> tuple:
    """(status table, figure, summary, data table) of the preliminary monthly detections, from one frame."""
    names = vc.route_names()
    frame = queries.restricted_monthly(vc, route)
    return (flows_table(frame, names, vc.lang), *charts.flows_chart(frame, names, vc.lang).parts())


def update_meetings(vc: ViewContext) -> html.Div:
    """The meetings library, for every partner."""
    access.submission_countries()  # raises PermissionError for non-partners
    items = meetings.list_meetings(vc.engine)
    if not items:
        return html.P(t("partner.meetings.none", vc.lang), className="text-muted")
    cards = []
    for m in items:
        docs = [html.Li(html.A(d["title"], href=d["url"], target="_blank", rel="noopener")) for d in m["documents"]]
        cards.append(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H3(f"#{m['id']} {m['title']}", className="h6"),
                        html.P(f"{m['held_on']} · {m['theme']}", className="small text-muted"),
                        html.Ul(docs, className="small")
                        if docs
                        else html.P(t("partner.meetings.no_documents", vc.lang), className="small text-muted"),
                        html.P(
                            m["conclusions"],
                            className="small partner-meeting-conclusions",
                            style={"whiteSpace": "pre-line"},
                        )
                        if m["conclusions"]
                        else None,
                    ]
                ),
                className="mb-2 partner-meeting",
            )
        )
    return html.Div(cards)
