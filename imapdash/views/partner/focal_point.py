"""What focal points do (a partner state's own data): upload indicator values, preview, submit, follow them.

Admins see every country's submissions here too, with Approve/Reject buttons (the decisions are in
`admin`). `imapdash.partner.access` checks the user's role and country again in every function.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from ...auth.models import ADMIN
from ...datasets import Problem
from ...i18n import format_value, t
from ...ids import Partner
from ...partner import access, documents, submissions
from ...urlstate import UNCHANGED
from ..context import ViewContext
from .text import MAX_PREVIEW_ROWS, code_label, typed_number


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


def problems_list(problems: list[Problem], lang: str = "en") -> html.Div:
    items = [problem_item(p, lang) for p in problems[:100]]
    if len(problems) > 100:
        items.append(html.Li(t("partner.problems.more", lang, count=format_value(len(problems) - 100, lang))))
    header = t("partner.problems.header", lang, count=format_value(len(problems), lang))
    return html.Div([html.P(header, className="text-danger"), html.Ul(items)], className="partner-upload-problems")


def diff_table(diff: pd.DataFrame, lang: str = "en") -> dbc.Table:
    rows = [
        html.Tr(
            [
                html.Td(r.iso3),
                html.Td(r.indicator_id),
                html.Td(str(r.year)),
                html.Td(f"{typed_number(r.old, lang)} → {typed_number(r.new, lang)}"),
                html.Td(code_label("partner.change", r.change, lang)),
            ]
        )
        for r in diff.head(MAX_PREVIEW_ROWS).itertuples(index=False)
    ]
    columns = [t(f"partner.column.{c}", lang) for c in ("country", "indicator", "year", "old_new", "change")]
    head = html.Thead(html.Tr([html.Th(c) for c in columns]))
    return dbc.Table([head, html.Tbody(rows)], size="sm", className="partner-diff")


def update_upload_preview(vc: ViewContext, contents: str | None, filename: str | None) -> tuple:
    """(preview or problems, submit disabled) for the focal point's upload (UNCHANGED: leave it)."""
    lang = vc.lang
    if not contents:
        return UNCHANGED, True
    _, country = access.require_focal_point()
    result = submissions.validate_upload(
        filename or "", submissions.decode_data_url(contents), country=country, datasets=vc.datasets
    )
    if not result.ok or result.frame is None:
        return problems_list(result.problems, lang), True
    diff = submissions.diff_against_current(result.frame, submissions.current_indicator_values(vc.datasets, vc.engine))
    ready = t("partner.preview.ready", lang, count=format_value(len(diff), lang))
    return html.Div([html.P(ready), diff_table(diff, lang)]), False


def update_submit(vc: ViewContext, n_clicks: int | None, contents: str | None, filename: str | None):
    """Store the upload as a pending submission (validated again: the client's preview proves nothing)."""
    lang = vc.lang
    if not n_clicks or not contents:
        return UNCHANGED
    user, country = access.require_focal_point()
    result = submissions.validate_upload(
        filename or "", submissions.decode_data_url(contents), country=country, datasets=vc.datasets
    )
    if not result.ok:
        return problems_list(result.problems, lang)
    submission_id = submissions.create_submission(vc.engine, result, user=user, country=country)
    return dbc.Alert(t("partner.submit.stored", lang, id=submission_id), color="success")


def submission_card(item: dict, *, admin: bool, lang: str = "en") -> dbc.Card:
    rows = [
        html.Li(f"{r['indicator_id']} {r['year']}: {typed_number(r['value'], lang)}")
        for r in item["rows"][:MAX_PREVIEW_ROWS]
    ]
    status = code_label("partner.status", item["status"], lang)
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


def update_submissions(vc: ViewContext) -> html.Div:
    """The submissions this user may read: all for admins, their own country's for focal points."""
    items = submissions.list_submissions(vc.engine, access.submission_countries())
    if not items:
        return html.P(t("partner.submissions.none", vc.lang), className="text-muted")
    admin = vc.user is not None and vc.user.role == ADMIN
    return html.Div([submission_card(item, admin=admin, lang=vc.lang) for item in items])


def update_document_proposal(vc: ViewContext, contents: str | None, filename: str | None):
    """Check a proposed links file (schema, own country, publisher allowlist) and, if clean, send it for approval."""
    lang = vc.lang
    if not contents:
        return UNCHANGED
    user, country = access.require_focal_point()
    result = documents.validate_documents(
        filename or "", submissions.decode_data_url(contents), country=country, datasets=vc.datasets
    )
    if not result.ok or result.frame is None:
        return problems_list(result.problems, lang)
    proposal = documents.propose_documents(vc.engine, result, user=user, country=country)
    count = format_value(len(result.frame), lang)
    return dbc.Alert(t("partner.docs.proposed", lang, id=proposal, count=count), color="success")
