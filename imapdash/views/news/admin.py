"""The News Centre's one administrator action: fetch the configured feeds now and report per feed."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html
from sqlalchemy import Engine

from ...auth.models import ADMIN
from ...i18n import t
from ...news.classify import rules_for
from ...news.ingest import FetchReport, feeds_from_frame, fetch_feeds
from ..context import ViewContext


def update_fetch(vc: ViewContext, n_clicks: int | None, engine: Engine | None) -> list:
    """Admin button: fetch the configured feeds and show the per-feed report (admins only, from `vc.user`)."""
    lang, datasets = vc.lang, vc.datasets
    is_admin = vc.user is not None and vc.user.role == ADMIN
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
