"""The frame around every view: navbar, page container, footer with the data vintage, router."""

from __future__ import annotations

from types import ModuleType

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, ctx, dcc, html, no_update

from .. import __version__
from ..datasets import Datasets
from ..ids import Shell
from ..urlstate import first, parse_query


def navbar(views: tuple[ModuleType, ...]) -> dbc.Navbar:
    """Top navigation with one link per view that has a NAV_LABEL, plus the partner login link."""
    items = sorted(
        (v for v in views if getattr(v, "NAV_LABEL", None) and not getattr(v, "NAV_PARTNER_ONLY", False)),
        key=lambda v: v.NAV_ORDER,
    )
    links = [dbc.NavItem(dbc.NavLink(v.NAV_LABEL, href=v.PATH, active="exact")) for v in items]
    # Filled per request by a callback: the same static layout is served to everyone (notes §B3).
    links.append(html.Div(id=Shell.USER, className="navbar-nav shell-user"))
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand([html.Span("i-Map", className="brand-mark"), " on Migration"], href="/"),
                dbc.NavbarToggler(id="shell-nav-toggler"),
                dbc.Collapse(dbc.Nav(links, navbar=True, className="ms-auto"), id="shell-nav-collapse",
                             navbar=True),
            ],
            fluid=True,
        ),
        id=Shell.NAV,
        color="dark",
        dark=True,
        className="shell-nav",
    )


def footer(datasets: Datasets) -> html.Footer:
    """Footer with the data vintage and version, and a link to every source."""
    return html.Footer(
        dbc.Container(
            [
                html.Span(f"Data: {datasets.vintage}"),
                html.Span(f" · data version {datasets.version} · imapdash {__version__} · "),
                html.A("Sources and methods", href="/sources"),
                html.Span(" · "),
                html.A("Open data API", href="/api/v1/indicators"),
            ],
            fluid=True,
        ),
        className="shell-footer",
    )


def user_menu(user: dict | None, partner_views: list[tuple[str, str]]) -> list:
    """Navbar items for the current user: a login link, or partner links, name and logout."""
    if not user:
        return [dbc.NavLink("Partner login", href="/login", external_link=True)]
    items = [dbc.NavLink(label, href=path, active="exact") for label, path in partner_views if user.get("partner")]
    items.append(dbc.NavLink(f"{user['name']} · Log out", href="/logout", external_link=True, className="shell-logout"))
    return items


def current_user_summary() -> dict | None:
    """Name and partner flag of the logged-in user, or None (read at the callback edge)."""
    from flask_login import current_user

    from ..auth.guards import is_partner

    if not current_user.is_authenticated:
        return None
    return {"name": current_user.username, "partner": is_partner()}


def not_found(pathname: str) -> html.Div:
    """The page for a path no view answers."""
    return html.Div(
        [html.H1("Page not found"), html.P(["Nothing lives at ", html.Code(pathname), "."]),
         html.A("Back to the start page", href="/")],
        className="view view-not-found",
    )


def app_layout(datasets: Datasets, views: tuple[ModuleType, ...]) -> html.Div:
    """The static app layout: router location, navbar, empty page container, footer."""
    return html.Div(
        [
            dcc.Location(id=Shell.URL, refresh="callback-nav"),
            navbar(views),
            html.Main(dbc.Container(id=Shell.PAGE, fluid=True), className="shell-main"),
            footer(datasets),
        ],
        id=Shell.ROOT,
    )


def validation_layout(datasets: Datasets, views: tuple[ModuleType, ...]) -> html.Div:
    """Every view's layout in one tree, so Dash can check callbacks against all IDs at start-up."""
    from ..views import is_prefix_view

    pages = [v.validation_layout(datasets) if is_prefix_view(v) else v.layout(datasets, path=v.PATH, query={})
             for v in views]
    return html.Div([app_layout(datasets, views), *pages])


def render_page(datasets: Datasets, views: tuple[ModuleType, ...], pathname: str | None, search: str | None):
    """Pure router: the layout of the view answering `pathname` with its query parsed."""
    from ..views import find_view

    view = find_view(pathname, views)
    if view is None:
        return not_found(pathname or "/")
    return view.layout(datasets, path=pathname or "/", query=parse_query(search))


def root_class(search: str | None) -> str:
    """Embed mode (`?embed=1`) hides the navbar and footer, for iframes on partners' sites."""
    return "embed" if first(parse_query(search), "embed") == "1" else ""


def register_shell_callbacks(app: Dash, datasets: Datasets, views: tuple[ModuleType, ...]) -> None:
    """Route on pathname changes; a query change alone is handled by the view itself."""

    @app.callback(
        Output(Shell.PAGE, "children"),
        Output(Shell.ROOT, "className"),
        Input(Shell.URL, "pathname"),
        Input(Shell.URL, "search"),
    )
    def _on_location(pathname, search):
        if set(ctx.triggered_prop_ids) == {f"{Shell.URL}.search"}:
            return no_update, root_class(search)
        return render_page(datasets, views, pathname, search), root_class(search)

    partner_views = [(v.NAV_LABEL, v.PATH) for v in views if getattr(v, "NAV_PARTNER_ONLY", False)]

    @app.callback(Output(Shell.USER, "children"), Input(Shell.URL, "pathname"))
    def _on_user(_pathname):
        return user_menu(current_user_summary(), partner_views)
