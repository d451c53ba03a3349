"""Partner area: restricted figures, downloads, focal-point submissions and the admin's review.

The layout is the same for every visitor and holds only structure plus a "log in" prompt; the
partner panel starts hidden and empty. Everything restricted arrives through callbacks whose
outputs are `partner-` ids (refused with 403 for non-partners by the request-layer guard) and which
are decorated with `partner_required`; the data itself comes from `imapdash.partner.access`, which
checks the user a third time (notes B3, B4). None of those callbacks fires on page load: a public gate
callback fills two stores (`partnergate-`, not `partner-` ids) only for partners, and the restricted
callbacks run from them (`prevent_initial_call`), so anonymous visitors send no refused requests.
Downloads and single submissions are plain Flask routes in `imapdash.partner.routes` (guarded with
`partner_route`, plus a row-level country check for focal points).
The layout's text comes from the `partner` catalogue in the reader's language (`query["lang"]`); text
made by callbacks (greeting, tables, alerts, validation problems, the figure and its text alternative)
in the language of `State(Shell.ROOT, "lang")`. Validation problems keep their technical message and get
translated framing ("Row 2, column value: …").
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import date
from typing import ParamSpec, TypeVar

import dash_bootstrap_components as dbc
import pandas as pd
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate
from flask_login import current_user

from .. import theme
from ..auth import audit
from ..auth.guards import has_role, is_partner, partner_required
from ..auth.models import ADMIN, FOCAL_POINT
from ..components.chart_alt import alternative_ids, chart_alternative, chart_summary
from ..components.chart_alt import data_table as alt_table
from ..datasets import Datasets, Problem
from ..db import get_engine
from ..figures.partner import preliminary_flows_figure
from ..figures.route_map import route_label
from ..i18n import catalogue, format_value, normalise_language, t
from ..ids import Partner, Shell
from ..partner import access, meetings, requests, submissions, usage
from ..partner.flows import parse_route, preliminary_monthly, route_query
from ..releases import store as release_store
from ..releases.provider import follow_current_release
from ..urlstate import keep_shell_params

log = logging.getLogger(__name__)

PATH = "/partner"
NAV_LABEL = "Partner area"
NAV_KEY = "nav.partner"
NAV_ORDER = 70
# Shown in the navbar only to logged-in partners (by the shell's per-user menu callback).
NAV_PARTNER_ONLY = True
LOGIN_URL = "/login?next=/partner"
MAX_TABLE_ROWS = 200
MAX_PREVIEW_ROWS = 100

P = ParamSpec("P")
R = TypeVar("R")


def role_checked(func: Callable[P, R]) -> Callable[P, R]:
    """A partner whose role does not allow an action (e.g. approve without admin) gets no update (204)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except PermissionError as exc:
            audit.record("callback.denied", func.__qualname__, {"layer": "role", "reason": str(exc)})
            raise PreventUpdate from None

    return wrapper


def _route_options(datasets: Datasets, lang: str = "en") -> list[dict]:
    names = {
        r: route_label(r, lang, n)
        for r, n in zip(datasets.routes["route_id"].tolist(), datasets.routes["name"].tolist(), strict=True)
    }
    return [{"label": n, "value": r} for r, n in sorted(names.items(), key=lambda item: item[1])]


def _download_links(lang: str = "en") -> list:
    return [
        html.A(t("partner.download.flows", lang), href="/partner/download/flows.csv", className="me-3"),
        html.A(t("partner.download.indicators", lang), href="/partner/download/indicator_values.csv", className="me-3"),
        html.A(t("partner.download.composition", lang), href="/partner/download/composition.csv"),
    ]


def layout(datasets: Datasets, *, path: str = PATH, query: dict | None = None) -> html.Div:
    """Structure only: a log-in prompt, a hidden, empty panel and empty gate stores, identical for every visitor."""
    lang = normalise_language(((query or {}).get("lang") or [None])[0])
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
                options=_route_options(datasets, lang),
                placeholder=t("partner.flows.all_routes", lang),
                clearable=True,
                className="mb-2",
            ),
            dcc.Graph(id=Partner.GRAPH, config=theme.graph_config(theme.TOPOJSON_URL, filename="partner-flows")),
            chart_alternative(Partner.GRAPH, "", _flow_columns(lang), [], lang),
            html.Div(id=Partner.TABLE),
            html.Div(_download_links(lang), id=Partner.DOWNLOADS, className="my-3"),
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
            html.H2(t("partner.audit", lang), className="h4"),
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


def _lang(value: object) -> str:
    """The reader's language from `app-root.lang` (anything that is not a known code gives English)."""
    return normalise_language(value if isinstance(value, str) else None)


def _label(prefix: str, value: object, lang: str) -> str:
    """The translation of a known code (status, role, group…), else the code itself."""
    key = f"{prefix}.{str(value).replace(' ', '_').replace('(', '').replace(')', '')}"
    return t(key, lang) if key in catalogue(normalise_language(lang)) else str(value)


def _number(value: float | None, lang: str) -> str:
    """A value as typed by people: no decimals for whole numbers, up to two otherwise; "—" when absent."""
    if value is None or pd.isna(value):
        return "—"
    value = float(value)
    return format_value(value, lang, decimals=0 if value.is_integer() else 2)


def gate_update(partner: bool, search: str | None, search_only: bool) -> tuple:
    """(gate, gate search) for the public gate stores; no update at all for a non-partner.

    The gate turns True when the page is shown (not when only the query changes); the search store
    gets the page's own query string, which restores the route filter. Neither tells the visitor more
    than that they are a partner (the query string is their own).
    """
    if not partner:
        raise PreventUpdate
    return (no_update if search_only else True), search or ""


def update_panel(lang: str = "en") -> tuple:
    """(panel hidden, prompt hidden, greeting, upload hidden, admin hidden) for the logged-in partner."""
    role = _label("partner.role", current_user.role, lang)
    if current_user.country_iso3:
        who = t(
            "partner.user.greeting_country",
            lang,
            username=current_user.username,
            role=role,
            country=current_user.country_iso3,
        )
    else:
        who = t("partner.user.greeting", lang, username=current_user.username, role=role)
    return False, True, who, not has_role(FOCAL_POINT), not has_role(ADMIN)


def _flow_columns(lang: str) -> list[str]:
    return [t(f"partner.column.{c}", lang) for c in ("route", "month", "detections")]


def flows_table(frame: pd.DataFrame, route_names: dict[str, str], lang: str = "en") -> html.Div:
    """The restricted rows as a table, each row tagged with its status."""
    if frame.empty:
        return html.P(t("common.no_data", lang))
    rows = [
        html.Tr(
            [
                html.Td(route_names.get(r.route_id, r.route_id)),
                html.Td(r.period_label),
                html.Td(format_value(float(r.value), lang), className="text-end"),
                html.Td(dbc.Badge(_label("partner.status", r.status, lang), color="warning")),
                html.Td(r.source_org),
            ]
        )
        for r in frame.head(MAX_TABLE_ROWS).itertuples(index=False)
    ]
    columns = [*_flow_columns(lang), t("partner.column.status", lang), t("partner.column.source", lang)]
    head = html.Thead(html.Tr([html.Th(c) for c in columns]))
    statuses = sorted(set(frame["status"].astype(str)))
    badges = [
        dbc.Badge(_label("partner.status", s, lang), color="warning", className="me-1 partner-status-badge")
        for s in statuses
    ]
    return html.Div(
        [html.P(badges), dbc.Table([head, html.Tbody(rows)], size="sm", striped=True, className="partner-table")]
    )


def _route_names(datasets: Datasets, lang: str) -> dict[str, str]:
    return {
        r: route_label(r, lang, n)
        for r, n in zip(datasets.routes["route_id"].tolist(), datasets.routes["name"].tolist(), strict=True)
    }


def _restricted_monthly(datasets: Datasets, route: str | None, names: dict[str, str]) -> pd.DataFrame:
    return preliminary_monthly(access.restricted_flows(datasets), route if route in names else None)


def update_flows(datasets: Datasets, route: str | None, lang: str = "en") -> tuple[html.Div, dict]:
    """Table and figure of the preliminary monthly detections (checked again in `access`)."""
    names = _route_names(datasets, lang)
    frame = _restricted_monthly(datasets, route, names)
    return flows_table(frame, names, lang), preliminary_flows_figure(frame, names, lang).to_dict()


def flows_alternative(frame: pd.DataFrame, route_names: dict[str, str], lang: str = "en") -> tuple[str, object]:
    """(summary sentence, data table) that say in text what the partner chart draws."""
    labels = [
        t("partner.alt.point", lang, route=route_names.get(r, r), month=p)
        for r, p in zip(frame["route_id"].astype(str).tolist(), frame["period"].astype(str).tolist(), strict=True)
    ]
    values = frame["value"].astype(float).tolist()
    rows = [
        (route_names.get(r, r), p, format_value(v, lang))
        for r, p, v in zip(
            frame["route_id"].astype(str).tolist(), frame["period"].astype(str).tolist(), values, strict=True
        )
    ]
    return chart_summary(zip(labels, values, strict=True), lang=lang), alt_table(_flow_columns(lang), rows)


def update_flows_alternative(datasets: Datasets, route: str | None, lang: str = "en") -> tuple[str, object]:
    """The partner chart's text alternative for the chosen route (restricted rows, checked in `access`)."""
    names = _route_names(datasets, lang)
    return flows_alternative(_restricted_monthly(datasets, route, names), names, lang)


def problem_item(problem: Problem, lang: str = "en") -> html.Li:
    """One validation problem: translated framing (row, column), the technical message kept as it is."""
    if problem.row is not None and problem.column is not None:
        text = t("partner.problem.row_column", lang, row=problem.row, column=problem.column, message=problem.message)
    elif problem.row is not None:
        text = t("partner.problem.row", lang, row=problem.row, message=problem.message)
    elif problem.column is not None:
        text = t("partner.problem.column", lang, column=problem.column, message=problem.message)
    else:
        text = t("partner.problem.file", lang, file=problem.file, message=problem.message)
    parts: list = [text]
    if problem.value is not None:
        shown = problem.value if len(problem.value) <= 60 else problem.value[:57] + "..."
        parts += [f" ({t('partner.problem.got', lang)} ", html.Code(shown), ")"]
    if problem.expected is not None:
        parts.append(f"; {t('partner.problem.expected', lang, expected=problem.expected)}")
    return html.Li(parts, className="partner-problem")


def _problems_list(problems: list[Problem], lang: str = "en") -> html.Div:
    items = [problem_item(p, lang) for p in problems[:100]]
    if len(problems) > 100:
        items.append(html.Li(t("partner.problems.more", lang, count=format_value(len(problems) - 100, lang))))
    header = t("partner.problems.header", lang, count=format_value(len(problems), lang))
    return html.Div([html.P(header, className="text-danger"), html.Ul(items)], className="partner-upload-problems")


def _diff_table(diff: pd.DataFrame, lang: str = "en") -> dbc.Table:
    rows = [
        html.Tr(
            [
                html.Td(r.iso3),
                html.Td(r.indicator_id),
                html.Td(str(r.year)),
                html.Td(f"{_number(r.old, lang)} → {_number(r.new, lang)}"),
                html.Td(_label("partner.change", r.change, lang)),
            ]
        )
        for r in diff.head(MAX_PREVIEW_ROWS).itertuples(index=False)
    ]
    columns = [t(f"partner.column.{c}", lang) for c in ("country", "indicator", "year", "old_new", "change")]
    head = html.Thead(html.Tr([html.Th(c) for c in columns]))
    return dbc.Table([head, html.Tbody(rows)], size="sm", className="partner-diff")


def update_upload_preview(datasets: Datasets, contents: str | None, filename: str | None, lang: str = "en") -> tuple:
    """(preview or problems, submit disabled) for the focal point's upload."""
    if not contents:
        return no_update, True
    _, country = access.require_focal_point()
    result = submissions.validate_upload(
        filename or "", submissions.decode_data_url(contents), country=country, datasets=datasets
    )
    if not result.ok or result.frame is None:
        return _problems_list(result.problems, lang), True
    diff = submissions.diff_against_current(result.frame, submissions.current_indicator_values(datasets, get_engine()))
    ready = t("partner.preview.ready", lang, count=format_value(len(diff), lang))
    return html.Div([html.P(ready), _diff_table(diff, lang)]), False


def update_submit(
    datasets: Datasets, n_clicks: int | None, contents: str | None, filename: str | None, lang: str = "en"
):
    """Store the upload as a pending submission (validated again: the client's preview proves nothing)."""
    if not n_clicks or not contents:
        return no_update
    user, country = access.require_focal_point()
    result = submissions.validate_upload(
        filename or "", submissions.decode_data_url(contents), country=country, datasets=datasets
    )
    if not result.ok:
        return _problems_list(result.problems, lang)
    submission_id = submissions.create_submission(get_engine(), result, user=user, country=country)
    return dbc.Alert(t("partner.submit.stored", lang, id=submission_id), color="success")


def _submission_card(item: dict, *, admin: bool, lang: str = "en") -> dbc.Card:
    rows = [
        html.Li(f"{r['indicator_id']} {r['year']}: {_number(r['value'], lang)}")
        for r in item["rows"][:MAX_PREVIEW_ROWS]
    ]
    status = _label("partner.status", item["status"], lang)
    meta = t(
        "partner.submission.meta",
        lang,
        file=item["file"],
        rows=format_value(item["row_count"], lang),
        user=item["submitted_by"],
        created=item["created_at"],
    )
    body = [
        html.H3(f"#{item['id']} · {item['country']} · {status}", className="h6"),
        html.P(meta, className="small text-muted"),
        html.Ul(rows, className="small"),
    ]
    if admin and item["status"] == submissions.PENDING:
        body.append(
            html.Div(
                [
                    dbc.Button(
                        t("partner.action.approve", lang),
                        id={"type": Partner.APPROVE, "index": item["id"]},
                        color="success",
                        size="sm",
                        className="me-2",
                    ),
                    dbc.Button(
                        t("partner.action.reject", lang),
                        id={"type": Partner.REJECT, "index": item["id"]},
                        color="secondary",
                        size="sm",
                    ),
                ]
            )
        )
    return dbc.Card(dbc.CardBody(body), className="mb-2 partner-submission")


def update_submissions(lang: str = "en") -> html.Div:
    """The submissions this user may read: all for admins, their own country's for focal points."""
    items = submissions.list_submissions(get_engine(), access.submission_countries())
    if not items:
        return html.P(t("partner.submissions.none", lang), className="text-muted")
    admin = has_role(ADMIN)
    return html.Div([_submission_card(item, admin=admin, lang=lang) for item in items])


def _clicked_index(n_clicks: list | None) -> int | None:
    triggered = ctx.triggered_id
    if not isinstance(triggered, dict) or not any(n_clicks or []):
        return None
    value = ctx.triggered[0].get("value") if ctx.triggered else None
    return int(triggered["index"]) if value else None


def update_decision(datasets: Datasets, approve_clicks: list | None, reject_clicks: list | None, lang: str = "en"):
    """Approve or reject the clicked submission (admins only)."""
    index = _clicked_index((approve_clicks or []) + (reject_clicks or []))
    if index is None:
        return no_update
    admin = access.require_admin()
    try:
        if ctx.triggered_id["type"] == Partner.APPROVE:
            changed = submissions.approve_submission(get_engine(), index, admin=admin, datasets=datasets)
            return dbc.Alert(
                t("partner.decision.approved", lang, id=index, count=format_value(changed, lang)), color="success"
            )
        submissions.reject_submission(get_engine(), index, admin=admin)
        return dbc.Alert(t("partner.decision.rejected", lang, id=index), color="secondary")
    except ValueError as exc:
        return dbc.Alert(t("partner.nothing_changed", lang, reason=exc), color="danger")


def update_audit(lang: str = "en") -> html.Div:
    """The latest value changes with a Revert button each (admins only)."""
    access.require_admin()
    changes = submissions.value_changes(get_engine())
    if not changes:
        return html.P(t("partner.audit.none", lang), className="text-muted")
    rows = [
        html.Tr(
            [
                html.Td(c["at"]),
                html.Td(c["actor"]),
                html.Td(c["action"]),
                html.Td(c["target"]),
                html.Td(f"{_number(c['old'], lang)} → {_number(c['new'], lang)}"),
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


def update_revert(datasets: Datasets, clicks: list | None, lang: str = "en"):
    """Revert the clicked change (admins only); the revert is itself a new audit entry."""
    index = _clicked_index(clicks)
    if index is None:
        return no_update
    admin = access.require_admin()
    try:
        submissions.revert_change(get_engine(), index, admin=admin, datasets=datasets)
    except ValueError as exc:
        return dbc.Alert(t("partner.nothing_changed", lang, reason=exc), color="danger")
    return dbc.Alert(t("partner.revert.done", lang, id=index), color="success")


def update_releases(lang: str = "en") -> dbc.Table:
    """Every data release with who made it and a "Make current" button (admins only)."""
    access.require_admin()
    rows = []
    for r in release_store.list_releases(get_engine()):
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
            html.Tr(
                [
                    html.Td(format_value(r["number"], lang)),
                    html.Td(r["created_at"].strftime("%Y-%m-%d %H:%M")),
                    html.Td(r["created_by"]),
                    html.Td(r["kind"]),
                    html.Td(r["title"]),
                    html.Td(html.A(t("partner.release.view", lang), href=f"/?release={r['number']}")),
                    html.Td(action),
                ]
            )
        )
    columns = [t(f"partner.column.{c}", lang) for c in ("release", "when", "who", "what", "title")]
    head = html.Thead(html.Tr([html.Th(c) for c in (*columns, "", "")]))
    return dbc.Table([head, html.Tbody(rows)], size="sm", className="partner-releases-table")


def update_activate_release(clicks: list | None, lang: str = "en"):
    """Make the clicked release current (admins only); every worker follows within its poll interval."""
    number = _clicked_index(clicks)
    if number is None:
        return no_update
    admin = access.require_admin()
    try:
        release_store.activate(get_engine(), number, actor=admin)
    except release_store.ReleaseError as exc:
        return dbc.Alert(t("partner.nothing_changed", lang, reason=exc), color="danger")
    follow_current_release()
    return dbc.Alert(t("partner.release.activated", lang, release=format_value(number, lang)), color="success")


def usage_component(frame: pd.DataFrame, lang: str = "en") -> html.Div | dbc.Table:
    """The usage counts with translated headers (week, page, one column per user group) and local numbers."""
    if frame.empty:
        return html.P(t("partner.usage.none", lang), className="text-muted")
    fixed = {"week": t("partner.column.week", lang), "page": t("partner.column.page", lang)}
    columns = [fixed.get(c) or _label("partner.group", c, lang) for c in frame.columns]
    rows = [
        html.Tr(
            [
                html.Td(
                    str(v) if c in fixed else format_value(float(v), lang), className="" if c in fixed else "text-end"
                )
                for c, v in zip(frame.columns, row, strict=True)
            ]
        )
        for row in frame.itertuples(index=False)
    ]
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(c) for c in columns])), html.Tbody(rows)],
        size="sm",
        className="partner-usage-table",
    )


def update_usage_table(lang: str = "en") -> html.Div | dbc.Table:
    """Views per page and week by user group (admins only)."""
    access.require_admin()
    return usage_component(usage.usage_table(get_engine()), lang)


def _request_card(item: dict, countries: list[dict], lang: str = "en") -> dbc.Card:
    status = _label("partner.status", item["status"], lang)
    body = [
        html.H3(f"#{item['id']} · {item['organisation']} · {status}", className="h6"),
        html.P(f"{item['name']} <{item['email']}> · {item['created_at']}", className="small text-muted"),
        html.P(item["purpose"], className="small"),
    ]
    if item["status"] == submissions.PENDING:
        index = item["id"]
        roles = [
            {"label": _label("partner.role", r, lang), "value": r} for r in ("partner_agency", "focal_point", "admin")
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
                    role=_label("partner.role", item["role"], lang),
                    date=item["expires_at"],
                ),
                className="small",
            )
        )
    return dbc.Card(dbc.CardBody(body), className="mb-2 partner-access-request")


def update_requests(datasets: Datasets, lang: str = "en") -> html.Div:
    """Access requests with approve/decline controls (admins only)."""
    access.require_admin()
    items = requests.list_requests(get_engine())
    if not items:
        return html.P(t("partner.requests.none", lang), className="text-muted")
    column = f"name_{normalise_language(lang)}"
    column = column if column in datasets.countries else "name_en"
    countries = datasets.countries.sort_values(column)
    options = [
        {"label": n, "value": c} for c, n in zip(countries["iso3"].tolist(), countries[column].tolist(), strict=True)
    ]
    return html.Div([_request_card(item, options, lang) for item in items])


def update_request_decision(
    approve_clicks: list | None,
    decline_clicks: list | None,
    roles: list,
    expiries: list,
    countries: list,
    lang: str = "en",
):
    """Approve (role + expiry, creates the account) or decline the clicked request (admins only)."""
    index = _clicked_index((approve_clicks or []) + (decline_clicks or []))
    if index is None:
        return no_update
    admin = access.require_admin()
    try:
        if ctx.triggered_id["type"] == Partner.REQUEST_DECLINE:
            requests.decline_request(get_engine(), index, admin=admin)
            return dbc.Alert(t("partner.request.declined", lang, id=index), color="secondary")
        position = [s["id"]["index"] for s in ctx.states_list[0]].index(index)
        role, expiry, country = roles[position], expiries[position], countries[position]
        if not expiry:
            raise ValueError(t("partner.request.expiry_missing", lang))
        username, password = requests.approve_request(
            get_engine(),
            index,
            admin=admin,
            role=role,
            expires_on=date.fromisoformat(expiry),
            country_iso3=country if role == FOCAL_POINT else None,
        )
    except (ValueError, IndexError) as exc:
        return dbc.Alert(t("partner.nothing_changed", lang, reason=exc), color="danger")
    return dbc.Alert([t("partner.request.account", lang, username=username), html.Code(password)], color="success")


def update_meetings(lang: str = "en") -> html.Div:
    """The meetings library, for every partner."""
    access.submission_countries()  # raises PermissionError for non-partners
    items = meetings.list_meetings(get_engine())
    if not items:
        return html.P(t("partner.meetings.none", lang), className="text-muted")
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
                        else html.P(t("partner.meetings.no_documents", lang), className="small text-muted"),
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


def update_save_meeting(
    n_clicks: int | None, meeting_id, title, held_on, theme, documents, conclusions, lang: str = "en"
):
    """Save the meeting form (admins only)."""
    if not n_clicks:
        return no_update
    admin = access.require_admin()
    try:
        saved = meetings.save_meeting(
            get_engine(),
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


def route_search(route: str | None, route_ids: set[str], search: str | None) -> str:
    """The URL query for the route filter (keeping the shell's parameters), or no_update if already there."""
    query = keep_shell_params(route_query(route if route in route_ids else None), search)
    return no_update if query == (search or "") else query


def register_callbacks(app: Dash, datasets: Datasets) -> None:
    """Partner callbacks: every output is a `partner-` id (or the URL) and every one is partner_required.

    Only the public gate runs on page load; the others wait for the gate stores, the panel they
    show, or the partner's own input (`prevent_initial_call`), so they never fire for non-partners.
    """

    @app.callback(
        Output(Partner.GATE, "data"),
        Output(Partner.GATE_SEARCH, "data"),
        Input(Shell.URL, "pathname"),
        Input(Shell.URL, "search"),
    )
    def _gate(pathname, search):
        search_only = set(ctx.triggered_prop_ids) == {f"{Shell.URL}.search"}
        return gate_update(is_partner(), search, search_only)

    @app.callback(
        Output(Partner.PANEL, "hidden"),
        Output(Partner.LOGIN_PROMPT, "hidden"),
        Output(Partner.USER, "children"),
        Output(Partner.UPLOAD_SECTION, "hidden"),
        Output(Partner.ADMIN_SECTION, "hidden"),
        Input(Partner.GATE, "data"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _show_panel(gate, lang):
        return update_panel(_lang(lang))

    @app.callback(
        Output(Partner.ROUTE, "value"),
        Input(Partner.GATE_SEARCH, "data"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _restore_route(search, lang):
        return parse_route(search, frozenset(datasets.routes["route_id"]))

    @app.callback(
        Output(Shell.URL, "search", allow_duplicate=True),
        Input(Partner.ROUTE, "value"),
        State(Shell.URL, "search"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _write_route(route, search, lang):
        return route_search(route, set(datasets.routes["route_id"]), search)

    @app.callback(
        Output(Partner.TABLE, "children"),
        Output(Partner.GRAPH, "figure"),
        Input(Partner.ROUTE, "value"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _flows(route, lang):
        return update_flows(datasets, route, _lang(lang))

    @app.callback(
        *[Output(i, "children") for i in alternative_ids(Partner.GRAPH)],
        Input(Partner.ROUTE, "value"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _flows_alternative(route, lang):
        return update_flows_alternative(datasets, route, _lang(lang))

    @app.callback(
        Output(Partner.UPLOAD_RESULT, "children"),
        Output(Partner.SUBMIT, "disabled"),
        Input(Partner.UPLOAD, "contents"),
        State(Partner.UPLOAD, "filename"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _preview(contents, filename, lang):
        return update_upload_preview(datasets, contents, filename, _lang(lang))

    @app.callback(
        Output(Partner.SUBMIT_RESULT, "children"),
        Input(Partner.SUBMIT, "n_clicks"),
        State(Partner.UPLOAD, "contents"),
        State(Partner.UPLOAD, "filename"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _submit(n_clicks, contents, filename, lang):
        return update_submit(datasets, n_clicks, contents, filename, _lang(lang))

    @app.callback(
        Output(Partner.SUBMISSIONS, "children"),
        Input(Partner.GATE, "data"),
        Input(Partner.SUBMIT_RESULT, "children"),
        Input(Partner.DECISION_RESULT, "children"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _submissions(gate, submitted, decided, lang):
        return update_submissions(_lang(lang))

    @app.callback(
        Output(Partner.DECISION_RESULT, "children"),
        Input({"type": Partner.APPROVE, "index": ALL}, "n_clicks"),
        Input({"type": Partner.REJECT, "index": ALL}, "n_clicks"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _decide(approve_clicks, reject_clicks, lang):
        return update_decision(datasets, approve_clicks, reject_clicks, _lang(lang))

    @app.callback(
        Output(Partner.AUDIT, "children"),
        Input(Partner.ADMIN_SECTION, "hidden"),
        Input(Partner.DECISION_RESULT, "children"),
        Input(Partner.REVERT_RESULT, "children"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _audit(hidden, decided, reverted, lang):
        return no_update if hidden is not False else update_audit(_lang(lang))

    @app.callback(
        Output(Partner.REVERT_RESULT, "children"),
        Input({"type": Partner.REVERT, "index": ALL}, "n_clicks"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _revert(clicks, lang):
        return update_revert(datasets, clicks, _lang(lang))

    @app.callback(
        Output(Partner.RELEASES, "children"),
        Input(Partner.ADMIN_SECTION, "hidden"),
        Input(Partner.RELEASE_RESULT, "children"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _releases(hidden, activated, lang):
        return no_update if hidden is not False else update_releases(_lang(lang))

    @app.callback(
        Output(Partner.RELEASE_RESULT, "children"),
        Input({"type": Partner.RELEASE_ACTIVATE, "index": ALL}, "n_clicks"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _activate_release(clicks, lang):
        return update_activate_release(clicks, _lang(lang))

    @app.callback(
        Output(Partner.REQUESTS, "children"),
        Input(Partner.ADMIN_SECTION, "hidden"),
        Input(Partner.REQUEST_RESULT, "children"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _requests(hidden, decided, lang):
        return no_update if hidden is not False else update_requests(datasets, _lang(lang))

    @app.callback(
        Output(Partner.REQUEST_RESULT, "children"),
        Input({"type": Partner.REQUEST_APPROVE, "index": ALL}, "n_clicks"),
        Input({"type": Partner.REQUEST_DECLINE, "index": ALL}, "n_clicks"),
        State({"type": Partner.REQUEST_ROLE, "index": ALL}, "value"),
        State({"type": Partner.REQUEST_EXPIRY, "index": ALL}, "value"),
        State({"type": Partner.REQUEST_COUNTRY, "index": ALL}, "value"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _decide_request(approve_clicks, decline_clicks, roles, expiries, countries, lang):
        return update_request_decision(approve_clicks, decline_clicks, roles, expiries, countries, _lang(lang))

    @app.callback(
        Output(Partner.USAGE, "children"),
        Input(Partner.ADMIN_SECTION, "hidden"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _usage(hidden, lang):
        return no_update if hidden is not False else update_usage_table(_lang(lang))

    @app.callback(
        Output(Partner.MEETINGS, "children"),
        Input(Partner.PANEL, "hidden"),
        Input(Partner.MEETING_RESULT, "children"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _meetings(hidden, saved, lang):
        return no_update if hidden is not False else update_meetings(_lang(lang))

    @app.callback(
        Output(Partner.MEETING_RESULT, "children"),
        Input(Partner.MEETING_SAVE, "n_clicks"),
        State(Partner.MEETING_ID, "value"),
        State(Partner.MEETING_TITLE, "value"),
        State(Partner.MEETING_DATE, "value"),
        State(Partner.MEETING_THEME, "value"),
        State(Partner.MEETING_DOCUMENTS, "value"),
        State(Partner.MEETING_CONCLUSIONS, "value"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _save_meeting(n_clicks, meeting_id, title, held_on, theme, documents, conclusions, lang):
        return update_save_meeting(n_clicks, meeting_id, title, held_on, theme, documents, conclusions, _lang(lang))
