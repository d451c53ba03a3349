"""What admins do: decide submissions and access requests, revert values, make a release current, read usage.

Every function starts with `access.require_admin()` (PermissionError for anyone else, which the
wrapper's `role_checked` turns into no update), besides the request guard and `partner_required`.
"""

from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from ...auth.models import FOCAL_POINT
from ...components.table import table
from ...figures import usage as usage_figures
from ...figures.news import language_name
from ...i18n import format_value, t
from ...ids import Partner
from ...partner import access, documents, meetings, requests, submissions, usage
from ...releases import store as release_store
from ...releases.provider import follow_current_release
from ...theme import graph_config
from ...urlstate import UNCHANGED
from ..context import ViewContext
from .text import code_label, typed_number


def update_decision(vc: ViewContext, clicked: tuple[str, int] | None):
    """Approve or reject the clicked submission (admins only); `clicked` is (button type, submission id)."""
    if clicked is None:
        return UNCHANGED
    kind, index = clicked
    lang = vc.lang
    admin = access.require_admin()
    try:
        if kind == Partner.APPROVE:
            changed = submissions.approve_submission(vc.engine, index, admin=admin, datasets=vc.datasets)
            return dbc.Alert(
                t("partner.decision.approved", lang, id=index, count=format_value(changed, lang)), color="success"
            )
        submissions.reject_submission(vc.engine, index, admin=admin)
        return dbc.Alert(t("partner.decision.rejected", lang, id=index), color="secondary")
    except ValueError as exc:
        return dbc.Alert(t("partner.nothing_changed", lang, reason=exc), color="danger")


def update_audit(vc: ViewContext) -> html.Div:
    """The latest value changes with a Revert button each (admins only)."""
    lang = vc.lang
    access.require_admin()
    changes = submissions.value_changes(vc.engine)
    if not changes:
        return html.P(t("partner.audit.none", lang), className="text-muted")
    rows = [
        html.Tr(
            [
                html.Td(c["at"]),
                html.Td(c["actor"]),
                html.Td(c["action"]),
                html.Td(c["target"]),
                html.Td(f"{typed_number(c['old'], lang)} → {typed_number(c['new'], lang)}"),
                html.Td(
                    dbc.Button(
                        t("partner.action.revert", lang),
                        id={"type": Partner.REVERT, "index": c["id"]},
                        size="sm",
                        color="link",
                    )
                ),
            ]
        )
        for c in changes
    ]
    columns = [t(f"partner.column.{c}", lang) for c in ("when", "who", "what", "value", "old_new")]
    head = html.Thead(html.Tr([html.Th(c) for c in (*columns, "")]))
    return dbc.Table([head, html.Tbody(rows)], size="sm", className="partner-audit-table")


def update_revert(vc: ViewContext, clicked: tuple[str, int] | None):
    """Revert the clicked change (admins only); the revert is itself a new audit entry."""
    if clicked is None:
        return UNCHANGED
    index, lang = clicked[1], vc.lang
    admin = access.require_admin()
    try:
        submissions.revert_change(vc.engine, index, admin=admin, datasets=vc.datasets)
    except ValueError as exc:
        return dbc.Alert(t("partner.nothing_changed", lang, reason=exc), color="danger")
    return dbc.Alert(t("partner.revert.done", lang, id=index), color="success")


def update_releases(vc: ViewContext) -> dbc.Table:
    """Every data release with who made it and a "Make current" button (admins only)."""
    lang = vc.lang
    access.require_admin()
    rows = []
    for r in release_store.list_releases(vc.engine):
        action = (
            dbc.Badge(t("partner.release.current", lang), color="success")
            if r["current"]
            else dbc.Button(
                t("partner.action.make_current", lang),
                size="sm",
                color="link",
                id={"type": Partner.RELEASE_ACTIVATE, "index": r["number"]},
            )
        )
        rows.append(
            [
                format_value(r["number"], lang),
                r["created_at"].strftime("%Y-%m-%d %H:%M"),
                r["created_by"],
                r["kind"],
                r["title"],
                html.A(t("partner.release.view", lang), href=f"/?release={r['number']}"),
                action,
            ]
        )
    columns = [t(f"partner.column.{c}", lang) for c in ("release", "when", "who", "what", "title")]
    return table([*columns, "", ""], rows, lang=lang, numeric=[0], class_name="partner-releases-table")


def update_activate_release(vc: ViewContext, clicked: tuple[str, int] | None):
    """Make the clicked release current (admins only); every worker follows within its poll interval."""
    if clicked is None:
        return UNCHANGED
    number, lang = clicked[1], vc.lang
    admin = access.require_admin()
    try:
        release_store.activate(vc.engine, number, actor=admin)
    except release_store.ReleaseError as exc:
        return dbc.Alert(t("partner.nothing_changed", lang, reason=exc), color="danger")
    follow_current_release()
    return dbc.Alert(t("partner.release.activated", lang, release=format_value(number, lang)), color="success")


def usage_component(frame: pd.DataFrame, lang: str = "en") -> html.Div | dbc.Table:
    """The usage counts with translated headers (week, page, one column per user group) and local numbers."""
    if frame.empty:
        return html.P(t("partner.usage.none", lang), className="text-muted")
    fixed = {"week": t("partner.column.week", lang), "page": t("partner.column.page", lang)}
    columns = [fixed.get(c) or code_label("partner.group", c, lang) for c in frame.columns]
    numeric = [i for i, c in enumerate(frame.columns) if c not in fixed]
    rows = [
        [str(v) if c in fixed else format_value(float(v), lang) for c, v in zip(frame.columns, row, strict=True)]
        for row in frame.itertuples(index=False)
    ]
    return table(columns, rows, lang=lang, numeric=numeric, class_name="partner-usage-table")


def usage_overview(frame: pd.DataFrame, *, retention_days: int, lang: str = "en") -> html.Div:
    """North and South at a glance, visits over time, by view and by language (charts), the CSV link and the
    weekly table, from one frame of counts."""
    if frame.empty:
        return html.Div(usage_component(usage.weekly_by_page(frame), lang))
    groups = {g: code_label("partner.group", g, lang) for g in usage.GROUPS}
    pages = {p: p for p in frame["page"].astype(str).unique()}
    languages = {code: language_name(code, lang) for code in frame["lang"].astype(str).unique()}
    balance = usage.north_south(frame)
    formatted = {k: format_value(float(v), lang) for k, v in balance.items()}
    config = graph_config(filename="imapdash-usage")
    figures = [
        usage_figures.usage_over_time(usage.by_week_and_group(frame), groups, retention_days=retention_days, lang=lang),
        usage_figures.usage_by(
            usage.by_dimension(frame, "page"),
            "page",
            pages,
            groups,
            title=t("partner.usage.chart.pages", lang),
            retention_days=retention_days,
            lang=lang,
        ),
        usage_figures.usage_by(
            usage.by_dimension(frame, "lang"),
            "lang",
            languages,
            groups,
            title=t("partner.usage.chart.langs", lang),
            retention_days=retention_days,
            lang=lang,
        ),
    ]
    return html.Div(
        [
            dbc.Alert(t("partner.usage.northsouth", lang, **formatted), color="light", className="usage-balance"),
            dbc.Row(
                [dbc.Col(dcc.Graph(figure=f, config=config), lg=4 if i else 12) for i, f in enumerate(figures)],
                className="g-2 partner-usage-charts",
            ),
            html.A(t("partner.usage.csv", lang), href="/partner/usage.csv", className="btn btn-outline-primary btn-sm"),
            usage_component(usage.weekly_by_page(frame), lang),
        ]
    )


def update_usage_table(vc: ViewContext, *, retention_days: int = usage.DEFAULT_RETENTION_DAYS) -> html.Div:
    """Usage charts and table (admins only)."""
    access.require_admin()
    return usage_overview(usage.usage_frame(vc.engine), retention_days=retention_days, lang=vc.lang)


def request_card(item: dict, countries: list[dict], lang: str = "en") -> dbc.Card:
    status = code_label("partner.status", item["status"], lang)
    body = [
        html.H3(f"#{item['id']} · {item['organisation']} · {status}", className="h6"),
        html.P(f"{item['name']} <{item['email']}> · {item['created_at']}", className="small text-muted"),
        html.P(item["purpose"], className="small"),
    ]
    if item["status"] == submissions.PENDING:
        index = item["id"]
        roles = [
            {"label": code_label("partner.role", r, lang), "value": r}
            for r in ("partner_agency", "focal_point", "admin")
        ]
        body.append(
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Dropdown(
                            id={"type": Partner.REQUEST_ROLE, "index": index},
                            value="partner_agency",
                            clearable=False,
                            options=roles,
                        )
                    ),
                    dbc.Col(
                        dcc.Dropdown(
                            id={"type": Partner.REQUEST_COUNTRY, "index": index},
                            options=countries,
                            placeholder=t("partner.request.country_placeholder", lang),
                        )
                    ),
                    dbc.Col(
                        dcc.Input(
                            id={"type": Partner.REQUEST_EXPIRY, "index": index}, type="date", className="form-control"
                        )
                    ),
                    dbc.Col(
                        [
                            dbc.Button(
                                t("partner.action.approve", lang),
                                id={"type": Partner.REQUEST_APPROVE, "index": index},
                                size="sm",
                                color="success",
                                className="me-2",
                            ),
                            dbc.Button(
                                t("partner.action.decline", lang),
                                id={"type": Partner.REQUEST_DECLINE, "index": index},
                                size="sm",
                                color="secondary",
                            ),
                        ]
                    ),
                ],
                className="g-2",
            )
        )
    elif item["role"]:
        body.append(
            html.P(
                t(
                    "partner.request.approved_as",
                    lang,
                    role=code_label("partner.role", item["role"], lang),
                    date=item["expires_at"],
                ),
                className="small",
            )
        )
    return dbc.Card(dbc.CardBody(body), className="mb-2 partner-access-request")


def update_requests(vc: ViewContext) -> html.Div:
    """Access requests with approve/decline controls (admins only)."""
    access.require_admin()
    items = requests.list_requests(vc.engine)
    if not items:
        return html.P(t("partner.requests.none", vc.lang), className="text-muted")
    names = vc.country_names()
    options = [{"label": n, "value": c} for c, n in sorted(names.items(), key=lambda item: item[1])]
    return html.Div([request_card(item, options, vc.lang) for item in items])


def update_request_decision(
    vc: ViewContext,
    clicked: tuple[str, int] | None,
    form_indexes: list[int],
    roles: list,
    expiries: list,
    countries: list,
):
    """Approve (role + expiry, creates the account) or decline the clicked request (admins only).

    `form_indexes` are the request ids of the role/expiry/country controls, in the order of their values.
    """
    if clicked is None:
        return UNCHANGED
    kind, index = clicked
    lang = vc.lang
    admin = access.require_admin()
    try:
        if kind == Partner.REQUEST_DECLINE:
            requests.decline_request(vc.engine, index, admin=admin)
            return dbc.Alert(t("partner.request.declined", lang, id=index), color="secondary")
        position = form_indexes.index(index)
        role, expiry, country = roles[position], expiries[position], countries[position]
        if not expiry:
            raise ValueError(t("partner.request.expiry_missing", lang))
        username, password = requests.approve_request(
            vc.engine,
            index,
            admin=admin,
            role=role,
            expires_on=date.fromisoformat(expiry),
            country_iso3=country if role == FOCAL_POINT else None,
        )
    except (ValueError, IndexError) as exc:
        return dbc.Alert(t("partner.nothing_changed", lang, reason=exc), color="danger")
    return dbc.Alert([t("partner.request.account", lang, username=username), html.Code(password)], color="success")


def update_save_meeting(
    vc: ViewContext, n_clicks: int | None, meeting_id, title, held_on, theme, documents, conclusions
):
    """Save the meeting form (admins only)."""
    if not n_clicks:
        return UNCHANGED
    lang = vc.lang
    admin = access.require_admin()
    try:
        saved = meetings.save_meeting(
            vc.engine,
            admin=admin,
            title=title,
            held_on=held_on,
            theme=theme,
            documents=documents,
            conclusions=conclusions,
            meeting_id=int(meeting_id) if meeting_id else None,
        )
    except ValueError as exc:
        return dbc.Alert(t("partner.meeting.not_saved", lang, reason=exc), color="danger")
    return dbc.Alert(t("partner.meeting.saved", lang, id=saved), color="success")


def document_proposal_card(item: dict, lang: str = "en") -> dbc.Card:
    """A pending proposal of links: who, which country, each link (opened in a new tab), Approve/Reject."""
    links = [
        html.Li([html.A(r["title"], href=r["url"], target="_blank", rel="noopener noreferrer"), f" · {r['kind']}"])
        for r in item["rows"]
    ]
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(
                    f"#{item['id']} · {item['country']} · {item['submitted_by']} · {item['created_at']}", className="h6"
                ),
                html.Ul(links, className="small"),
                dbc.Button(
                    t("partner.action.approve", lang),
                    id={"type": Partner.DOC_APPROVE, "index": item["id"]},
                    size="sm",
                    color="success",
                    className="me-2",
                ),
                dbc.Button(
                    t("partner.action.reject", lang),
                    id={"type": Partner.DOC_REJECT, "index": item["id"]},
                    size="sm",
                    color="secondary",
                ),
            ]
        ),
        className="mb-2 partner-doc-proposal",
    )


def update_document_proposals(vc: ViewContext) -> html.Div:
    """Pending link proposals with Approve/Reject buttons (admins only)."""
    access.require_admin()
    pending = documents.pending_proposals(vc.engine)
    if not pending:
        return html.P(t("partner.docs.none", vc.lang), className="text-muted")
    return html.Div([document_proposal_card(item, vc.lang) for item in pending])


def update_document_decision(vc: ViewContext, clicked: tuple[str, int] | None):
    """Approve (a new data release with the links) or reject the clicked proposal (admins only)."""
    if clicked is None:
        return UNCHANGED
    kind, index = clicked
    lang = vc.lang
    admin = access.require_admin()
    try:
        if kind == Partner.DOC_APPROVE:
            count = documents.approve_documents(vc.engine, index, admin=admin)
            return dbc.Alert(
                t("partner.docs.approved", lang, id=index, count=format_value(count, lang)), color="success"
            )
        documents.reject_documents(vc.engine, index, admin=admin)
        return dbc.Alert(t("partner.docs.rejected", lang, id=index), color="secondary")
    except ValueError as exc:
        return dbc.Alert(t("partner.nothing_changed", lang, reason=exc), color="danger")
