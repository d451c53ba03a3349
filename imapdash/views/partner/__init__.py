"""Partner area: restricted figures, downloads, focal-point submissions and the admin's review.

The page (`layout`) is the same for every visitor and holds only structure plus a "log in" prompt;
the partner panel starts hidden and empty. Everything restricted arrives through callbacks whose
outputs are `partner-` ids (refused with 403 for non-partners by the request-layer guard) and which
are decorated with `partner_required`; the data itself comes from `imapdash.partner.access`, which
checks the user a third time (notes B3, B4). None of those callbacks fires on page load: a public gate
callback fills two stores (`partnergate-`, not `partner-` ids) only for partners, and the restricted
callbacks run from them (`prevent_initial_call`), so anonymous visitors send no refused requests.

The package, by audience: `agency` (what every partner sees: greeting, restricted flows, meetings),
`focal_point` (uploads and submissions), `admin` (decisions, audit, releases, access requests, usage);
`state` (the route filter in the URL), `queries` (the restricted frame, once per request), `charts`
(the flows chart with its text alternative), `layout`, `text`. This module only wires callbacks:
each wrapper builds a `ViewContext` (language from `State(Shell.ROOT, "lang")`, the user, the engine)
and calls one core function. Downloads, single submissions and the access-request form are plain
Flask routes in `imapdash.partner.routes`, registered by the factory.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import flask
from dash import ALL, Dash, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from ...auth import audit
from ...auth.guards import is_partner, partner_required
from ...datasets import Datasets
from ...ids import Partner, Shell
from ..context import chart_outputs, dash_values, view_context
from . import admin, agency, focal_point, state
from .layout import layout
from .state import PATH
from .text import clicked_button

NAV_LABEL = "Partner area"
NAV_KEY = "nav.partner"
NAV_ORDER = 70
# Shown in the navbar only to logged-in partners (by the shell's per-user menu callback).
NAV_PARTNER_ONLY = True

P = ParamSpec("P")
R = TypeVar("R")

__all__ = ["NAV_KEY", "NAV_LABEL", "NAV_ORDER", "NAV_PARTNER_ONLY", "PATH", "layout", "register_callbacks"]


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


def _clicked(clicks: list | None) -> tuple[str, int] | None:
    """The pattern-matching button that fired this callback (read from `dash.ctx` at the edge)."""
    value = ctx.triggered[0].get("value") if ctx.triggered else None
    return clicked_button(ctx.triggered_id, value, clicks)


def register_callbacks(app: Dash, datasets: Datasets) -> None:
    """Partner callbacks: every output is a `partner-` id (or the URL) and every one is partner_required.

    Only the public gate runs on page load; the others wait for the gate stores, the panel they
    show, or the partner's own input (`prevent_initial_call`), so they never fire for non-partners.
    """

    def vc(lang, **needs):
        return view_context(datasets, lang, **needs)

    def route_ids(context) -> frozenset[str]:
        return frozenset(context.route_names())

    @app.callback(
        Output(Partner.GATE, "data"),
        Output(Partner.GATE_SEARCH, "data"),
        Input(Shell.URL, "pathname"),
        Input(Shell.URL, "search"),
    )
    def _gate(pathname, search):
        search_only = set(ctx.triggered_prop_ids) == {f"{Shell.URL}.search"}
        return dash_values(agency.gate_update(is_partner(), search, search_only))

    # ---------------------------------------------------------------- every partner (agency.py)

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
        return agency.update_panel(vc(lang, with_user=True))

    @app.callback(
        Output(Partner.ROUTE, "value"),
        Input(Partner.GATE_SEARCH, "data"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _restore_route(search, lang):
        return state.restored_route(route_ids(vc(lang)), search)

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
        context = vc(lang)
        return dash_values(state.route_search(route, route_ids(context), search, context.lang))

    @app.callback(
        Output(Partner.TABLE, "children"),
        *chart_outputs(Partner.GRAPH),
        Input(Partner.ROUTE, "value"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _flows(route, lang):
        return agency.update_flows(vc(lang), route)

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
        return no_update if hidden is not False else agency.update_meetings(vc(lang, with_engine=True))

    # ---------------------------------------------------------------- focal points (focal_point.py)

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
        return dash_values(focal_point.update_upload_preview(vc(lang, with_engine=True), contents, filename))

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
        return dash_values(focal_point.update_submit(vc(lang, with_engine=True), n_clicks, contents, filename))

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
        return focal_point.update_submissions(vc(lang, with_user=True, with_engine=True))

    @app.callback(
        Output(Partner.DOC_RESULT, "children"),
        Input(Partner.DOC_UPLOAD, "contents"),
        State(Partner.DOC_UPLOAD, "filename"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _propose_documents(contents, filename, lang):
        return dash_values(focal_point.update_document_proposal(vc(lang, with_engine=True), contents, filename))

    # ---------------------------------------------------------------- admins (admin.py)

    @app.callback(
        Output(Partner.DOC_PROPOSALS, "children"),
        Input(Partner.ADMIN_SECTION, "hidden"),
        Input(Partner.DOC_DECISION, "children"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _document_proposals(hidden, decided, lang):
        return no_update if hidden is not False else admin.update_document_proposals(vc(lang, with_engine=True))

    @app.callback(
        Output(Partner.DOC_DECISION, "children"),
        Input({"type": Partner.DOC_APPROVE, "index": ALL}, "n_clicks"),
        Input({"type": Partner.DOC_REJECT, "index": ALL}, "n_clicks"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _decide_documents(approve_clicks, reject_clicks, lang):
        clicked = _clicked((approve_clicks or []) + (reject_clicks or []))
        return dash_values(admin.update_document_decision(vc(lang, with_engine=True), clicked))

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
        clicked = _clicked((approve_clicks or []) + (reject_clicks or []))
        return dash_values(admin.update_decision(vc(lang, with_engine=True), clicked))

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
        return no_update if hidden is not False else admin.update_audit(vc(lang, with_engine=True))

    @app.callback(
        Output(Partner.REVERT_RESULT, "children"),
        Input({"type": Partner.REVERT, "index": ALL}, "n_clicks"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _revert(clicks, lang):
        return dash_values(admin.update_revert(vc(lang, with_engine=True), _clicked(clicks)))

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
        return no_update if hidden is not False else admin.update_releases(vc(lang, with_engine=True))

    @app.callback(
        Output(Partner.RELEASE_RESULT, "children"),
        Input({"type": Partner.RELEASE_ACTIVATE, "index": ALL}, "n_clicks"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _activate_release(clicks, lang):
        return dash_values(admin.update_activate_release(vc(lang, with_engine=True), _clicked(clicks)))

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
        return no_update if hidden is not False else admin.update_requests(vc(lang, with_engine=True))

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
        clicked = _clicked((approve_clicks or []) + (decline_clicks or []))
        form_indexes = [s["id"]["index"] for s in ctx.states_list[0]] if clicked else []
        return dash_values(
            admin.update_request_decision(vc(lang, with_engine=True), clicked, form_indexes, roles, expiries, countries)
        )

    @app.callback(
        Output(Partner.USAGE, "children"),
        Input(Partner.ADMIN_SECTION, "hidden"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    @partner_required
    @role_checked
    def _usage(hidden, lang):
        if hidden is not False:
            return no_update
        retention = flask.current_app.extensions["imapdash.settings"].usage_retention_days
        return admin.update_usage_table(vc(lang, with_engine=True), retention_days=retention)

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
        return dash_values(
            admin.update_save_meeting(
                vc(lang, with_engine=True), n_clicks, meeting_id, title, held_on, theme, documents, conclusions
            )
        )
