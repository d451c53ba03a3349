"""The frame around every view: navbar, page container, footer, router, language and display modes.

The layout holds no user data (notes §B3). The router callback fills the navbar, the page and the
footer in the reader's language; a second callback adds the per-user menu. The first request of a
public view that says so (`PRERENDER = True`: the same page for every visitor of the URL) skips that
round trip: the layout it is served already holds the frame and the page (`first_page`), and the
router is not asked for it (assets/js/shell.js `boot` checks the address and the stored language in the
browser); every later navigation, and every other view (the partner
area above all: its pages are checked against the user in the callback), goes through the router.
Language comes from `?lang=` (so a permalink carries it), else from the browser's stored choice,
else English. `?embed=1` hides navbar and footer (iframes); `?present=1` is the presentation
mode for meeting rooms (large type, high contrast, controls hidden until the mouse moves).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html import escape
from types import ModuleType
from urllib.parse import urlsplit

import dash_bootstrap_components as dbc
from babel.dates import format_date
from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate
from flask import has_request_context, request
from flask_login import current_user

from . import asset_bundle
from .auth.guards import has_role, is_partner
from .datasets import Datasets
from .db import get_engine, utcnow
from .figures.sources import format_vintage
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, direction, format_value, normalise_language, t
from .ids import Shell, Stories
from .partner import usage
from .releases.provider import QUERY_PARAM, get_provider, pinned_release
from .stories import service as story_service
from .transforms.names import country_names
from .urlstate import first, parse_query, to_query
from .version import __version__
from .views import find_view, is_prefix_view

log = logging.getLogger(__name__)

# The reader's language, mirrored by shell.js from the stored choice so that the first request's layout
# is already in it (a hint only: normalised, and the router re-renders when the stored choice differs).
LANG_COOKIE = "imapdash-lang"


def nav_label(view: ModuleType, lang: str) -> str:
    """A view's navbar label in `lang` (views name a catalogue key in NAV_KEY)."""
    key = getattr(view, "NAV_KEY", None)
    return t(key, lang) if key else view.NAV_LABEL


def language_links(pathname: str, search: str | None, lang: str, offered: tuple[str, ...] | None = None) -> list:
    """One link per language (those the region's manifest offers) to the same page and state, with `lang` replaced."""
    query = {name: values[0] if len(values) == 1 else values for name, values in parse_query(search).items()}
    links = []
    for code, name in LANGUAGES.items():
        if offered is not None and code not in offered:
            continue
        href = f"{pathname}{to_query({**query, 'lang': code})}"
        links.append(
            dbc.NavLink(html.Span(name, lang=code), href=href, active=code == lang, className="shell-lang-link")
        )
    return links


def missing_data(view: ModuleType, datasets: Datasets | None) -> list[str]:
    """The optional datasets a view needs (its REQUIRES) that the data directory does not have."""
    if datasets is None:
        return []
    return [name for name in getattr(view, "REQUIRES", ()) if not datasets.has(name)]


def navbar_items(
    views: tuple[ModuleType, ...], lang: str, pathname: str, search: str | None, datasets: Datasets | None = None
) -> list:
    """The navbar's links for everyone (partner-only views are added by the per-user menu).

    A view whose optional datasets are absent (a region without routes, without media) is left out.
    """
    items = sorted(
        (
            v
            for v in views
            if getattr(v, "NAV_LABEL", None)
            and not getattr(v, "NAV_PARTNER_ONLY", False)
            and not missing_data(v, datasets)
        ),
        key=lambda v: v.NAV_ORDER,
    )
    pinned = pinned_query(search)  # a pinned data release stays pinned from view to view
    links = [dbc.NavItem(dbc.NavLink(nav_label(v, lang), href=v.PATH + pinned, active="exact")) for v in items]
    links.append(
        html.Div(
            language_links(pathname, search, lang, datasets.region.languages if datasets is not None else None),
            className="navbar-nav shell-langs",
            role="group",
            **{"aria-label": t("common.language", lang)},
        )
    )
    return links


def navbar(brand_text: list | None = None, links: list | None = None) -> dbc.Navbar:
    """Top navigation frame; its links are filled per language by the router (or by `first_page`)."""
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(brand_text, id=Shell.BRAND, href="/"),
                dbc.NavbarToggler(id=Shell.TOGGLER),
                dbc.Collapse(
                    html.Div(
                        [
                            dbc.Nav(links, id=Shell.LINKS, navbar=True),
                            add_to_story_control(),
                            html.Div(id=Shell.USER, className="navbar-nav"),
                        ],
                        className="ms-auto d-lg-flex align-items-center",
                    ),
                    id=Shell.COLLAPSE,
                    navbar=True,
                ),
            ],
            fluid=True,
        ),
        id=Shell.NAV,
        color="dark",
        dark=True,
        className="shell-nav",
    )


def add_to_story_control() -> html.Div:
    """The "Add to story" button and its dialog: hidden until the per-user callback shows it to a partner.

    Static and empty (no data, no user): the dialog's form is built when it opens, in the reader's language.
    """
    return html.Div(
        [
            dbc.Button(id=Stories.ADD_OPEN, color="warning", outline=True, size="sm", className="shell-add-story"),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle(id=Stories.ADD_MODAL + "-title")),
                    dbc.ModalBody(id=Stories.ADD_BODY),
                ],
                id=Stories.ADD_MODAL,
                is_open=False,
            ),
        ],
        id=Stories.ADD_CONTROL,
        className="navbar-nav shell-add-control",
        hidden=True,
    )


def add_to_story_form(options: list[dict], permalink: str, slide_title: str, lang: str) -> list:
    """The dialog's form: which story (one of the user's or a new one), its title, the slide's title and note."""
    return [
        html.P(t("stories.add.view", lang, permalink=permalink), className="small text-muted story-add-permalink"),
        dbc.Label(t("stories.add.which", lang), html_for=Stories.ADD_PICK),
        dbc.Select(
            id=Stories.ADD_PICK,
            value=story_service.NEW_STORY,
            options=[{"label": t("stories.add.new", lang), "value": story_service.NEW_STORY}, *options],
            className="mb-2",
        ),
        dbc.Label(t("stories.add.new_title", lang), html_for=Stories.ADD_NEW_TITLE),
        dbc.Input(id=Stories.ADD_NEW_TITLE, maxLength=story_service.MAX_TITLE, className="mb-2"),
        dbc.Label(t("stories.add.slide_title", lang), html_for=Stories.ADD_SLIDE_TITLE),
        dbc.Input(id=Stories.ADD_SLIDE_TITLE, value=slide_title, maxLength=story_service.MAX_TITLE, className="mb-2"),
        dbc.Label(t("stories.add.note", lang), html_for=Stories.ADD_NOTE),
        dbc.Textarea(id=Stories.ADD_NOTE, maxLength=story_service.MAX_NOTE, rows=3, className="mb-2"),
        dbc.Button(t("stories.add.confirm", lang), id=Stories.ADD_CONFIRM, color="primary"),
        html.Div(id=Stories.ADD_RESULT, className="mt-2", **{"aria-live": "polite"}),
    ]


def default_slide_title(datasets: Datasets | None, views: tuple[ModuleType, ...], pathname: str, lang: str) -> str:
    """A first title for a slide of `pathname`: the view's name, or the country's name on a profile."""
    view = find_view(pathname, views)
    if view is None:
        return ""
    if is_prefix_view(view) and datasets is not None:
        code = (pathname or "").rstrip("/").rsplit("/", 1)[-1].upper()
        return country_names(datasets, lang).get(code, code)
    return nav_label(view, lang) if getattr(view, "NAV_LABEL", None) else ""


def add_to_story(
    engine,
    *,
    target: str | None,
    pathname: str | None,
    search: str | None,
    new_title: str | None,
    slide_title: str | None,
    note: str | None,
    user: str,
    admin: bool,
    lang: str,
) -> dbc.Alert:
    """Append the current view (path and query: its whole state) to a story; the answer to show in the dialog."""
    from .views.stories import is_story_path

    slide = {"permalink": f"{pathname or '/'}{search or ''}", "title": slide_title or "", "note": note or ""}
    try:
        story_id, number = story_service.add_slide(
            engine, target, slide, is_story_path, user=user, admin=admin, new_title=new_title, lang=lang
        )
    except story_service.StoryError as exc:
        items = [html.Li(p) for p in exc.problems]
        return dbc.Alert([t("stories.not_saved", lang), html.Ul(items, className="mb-0")], color="danger")
    story = story_service.get_story(engine, story_id, include_private=True) or {"title": ""}
    return dbc.Alert(
        [
            t("stories.add.done", lang, number=number, title=story["title"]),
            " ",
            html.A(t("stories.add.open_editor", lang), href=f"/stories?story={story_id}", className="alert-link"),
        ],
        color="success",
    )


def brand(lang: str) -> list:
    """The brand text: 'i-Map' mark plus the rest of the name in `lang`."""
    name = t("shell.brand", lang)
    if name.startswith("i-Map"):
        return [html.Span("i-Map", className="brand-mark"), name[len("i-Map") :]]
    return [name]


def pinned_query(search: str | None) -> str:
    """'?release=N' when the query pins a data release, else ''."""
    release = first(parse_query(search), QUERY_PARAM)
    return to_query({QUERY_PARAM: release}) if release else ""


def footer_content(datasets: Datasets, lang: str) -> dbc.Container:
    """Footer with the data vintage, release and version, and links to the releases, sources and API."""
    return dbc.Container(
        [
            html.Span(t("footer.data", lang, vintage=format_vintage(datasets.vintage, lang))),
            html.Span(
                " · "
                + t(
                    "footer.version",
                    lang,
                    release=format_value(datasets.release, lang),
                    data_version=datasets.version,
                    version=__version__,
                )
                + " · "
            ),
            html.A(t("footer.releases", lang), href="/releases"),
            html.Span(" · "),
            html.A(t("footer.sources", lang), href="/sources"),
            html.Span(" · "),
            html.A(t("footer.api", lang), href="/api/v1/indicators"),
        ],
        fluid=True,
    )


def unpinned_href(pathname: str | None, search: str | None) -> str:
    """The same page and state without the pinned release."""
    query = {
        name: values[0] if len(values) == 1 else values
        for name, values in parse_query(search).items()
        if name != QUERY_PARAM
    }
    return f"{pathname or '/'}{to_query(query)}"


def release_banner(pinned: dict | None, missing: str | None, current: int, lang: str, current_href: str = "/") -> list:
    """The notice above a page pinned to an earlier data release, or naming a release that does not exist.

    `pinned` is the pinned release's description (number, created_at) when it is not the current one.
    """
    if missing:
        return [
            dbc.Alert(
                t("release.missing", lang, release=missing, current=format_value(current, lang)),
                color="warning",
                className="shell-release mb-2",
            )
        ]
    if not pinned:
        return []
    number = pinned["number"]
    date = format_date(pinned["created_at"].date(), format="medium", locale=lang)
    return [
        dbc.Alert(
            [
                html.Span(
                    t(
                        "release.pinned",
                        lang,
                        release=format_value(number, lang),
                        date=date,
                        current=format_value(current, lang),
                    )
                ),
                " ",
                html.A(
                    t("release.what_changed", lang),
                    href=f"/releases{to_query({'from': number, 'to': current})}",
                    className="alert-link",
                ),
                " · ",
                html.A(t("release.show_current", lang), href=current_href, className="alert-link"),
            ],
            color="info",
            className="shell-release mb-2",
        )
    ]


def current_release_banner(lang: str, pathname: str | None, search: str | None) -> list:
    """`release_banner` for this request (reads the pinned release and the current one)."""
    number, missing = pinned_release()
    if number is None and not missing:
        return []
    provider = get_provider()
    current = provider.current_number()
    if missing:
        return release_banner(None, missing, current, lang)
    if number == current:
        return []
    return release_banner(
        {"number": number, "created_at": provider.created_at(number)},
        None,
        current,
        lang,
        unpinned_href(pathname, search),
    )


def user_menu(user: dict | None, partner_views: list[tuple[str, str]], lang: str = "en") -> list:
    """Navbar items for the current user: a login link, or partner links, name and logout."""
    if not user:
        return [dbc.NavLink(t("shell.partner_login", lang), href="/login", external_link=True)]
    items = [dbc.NavLink(label, href=path, active="exact") for label, path in partner_views if user.get("partner")]
    items.append(
        dbc.NavLink(
            t("shell.log_out", lang, name=user["name"]), href="/logout", external_link=True, className="shell-logout"
        )
    )
    return items


def current_user_summary() -> dict | None:
    """Name and partner flag of the logged-in user, or None (read at the callback edge)."""
    if not current_user.is_authenticated:
        return None
    return {"name": current_user.username, "partner": is_partner()}


def not_found(pathname: str, lang: str = "en") -> html.Div:
    """The page for a path no view answers."""
    return html.Div(
        [
            html.H1(t("notfound.title", lang)),
            html.P(t("notfound.body", lang, path=pathname)),
            html.A(t("notfound.back", lang), href="/"),
        ],
        className="view view-not-found",
    )


def no_data_page(view: ModuleType, missing: list[str], lang: str = "en") -> html.Div:
    """The page of a view whose data this region does not have: what is missing and how to add it."""
    files = ", ".join(f"{name}.csv" for name in missing)
    return html.Div(
        [
            html.H1(nav_label(view, lang) if getattr(view, "NAV_LABEL", None) else t("nodata.title", lang)),
            html.P(t("nodata.body", lang, files=files), className="view-no-data"),
            html.A(t("notfound.back", lang), href="/"),
        ],
        className="view view-no-data",
    )


@dataclass(frozen=True)
class PageAddress:
    """A page of the app in a language: its path and query (the layout's first page, or the router's)."""

    pathname: str
    search: str
    lang: str

    def data(self) -> dict:
        return {"pathname": self.pathname, "search": self.search, "lang": self.lang}


def first_page(
    views: tuple[ModuleType, ...],
    datasets: Datasets | None,
    page_url: str | None,
    host: str,
    cookie_lang: str | None = None,
) -> PageAddress | None:
    """The page to put in the layout served for `page_url` (the page asking for its layout), or None.

    Only a view that says `PRERENDER = True` (public, the same for every visitor), on this host, with
    its data present and no pinned release (the router reads the release of the page's callbacks).
    """
    if not page_url:
        return None
    parts = urlsplit(page_url)
    if parts.scheme not in ("http", "https") or parts.netloc != host:
        return None
    pathname = parts.path or "/"
    view = find_view(pathname, views)
    if view is None or not getattr(view, "PRERENDER", False) or missing_data(view, datasets):
        return None
    search = f"?{parts.query}" if parts.query else ""
    if first(parse_query(search), QUERY_PARAM) is not None:
        return None
    return PageAddress(pathname, search, resolve_language(search, cookie_lang))


def app_layout(datasets: Datasets, views: tuple[ModuleType, ...], page: PageAddress | None = None) -> html.Div:
    """The app layout: location, stored language, the frames the router fills (already filled for `page`)."""
    filled = page_frame(datasets, views, page) if page is not None else {}
    address = {"pathname": page.pathname, "search": page.search} if page is not None else {}
    return html.Div(
        [
            # at the first page's address already: mounting it changes no input (no callback asks again)
            dcc.Location(id=Shell.URL, refresh="callback-nav", **address),
            dcc.Store(id=Shell.LANG_STORE, storage_type="local"),
            dcc.Store(id=Shell.DOC_SYNC),
            dcc.Store(id=Shell.SEARCH),  # a query change the router must see (shell.js searchChanged)
            dcc.Store(id=Shell.SEARCH_WRITTEN),  # views/context.py bind_url: the query the controls wrote
            dcc.Store(id=Shell.SEARCH_EXTERNAL),  # ... and a query change they did not write (shell.js)
            dcc.Store(id=Shell.FIRST, data=page.data() if page is not None else None),
            dcc.Store(id=Shell.ROUTE),
            dcc.Store(id=Shell.SETTLED),
            html.A(filled.get("skip"), id=Shell.SKIP, href="#main", className="visually-hidden-focusable shell-skip"),
            navbar(filled.get("brand"), filled.get("links")),
            dcc.Store(id=Shell.RELEASE_SHOWN, data="" if page is not None else None),
            html.Main(
                [
                    dbc.Container(id=Shell.RELEASE, fluid=True),
                    dbc.Container(filled.get("page"), id=Shell.PAGE, fluid=True),
                ],
                id="main",
                className="shell-main",
                tabIndex="-1",
            ),
            html.Footer(filled.get("footer"), id=Shell.FOOTER, className="shell-footer"),
        ],
        id=Shell.ROOT,
        **filled.get("root", {}),
    )


def page_frame(datasets: Datasets, views: tuple[ModuleType, ...], page: PageAddress) -> dict:
    """What the router's full render gives the frame for `page` (one place, so the two cannot drift)."""
    lang = page.lang
    return {
        "page": render_page(datasets, views, page.pathname, page.search, lang),
        "root": {"className": root_class(page.search), "dir": direction(lang), "lang": lang},
        "links": navbar_items(views, lang, page.pathname, page.search, datasets),
        "brand": brand(lang),
        "footer": footer_content(datasets, lang),
        "skip": t("shell.skip_to_content", lang),
    }


def request_layout(datasets: Datasets, views: tuple[ModuleType, ...]):
    """`app.layout`: the empty frame, or for a first request of a PRERENDER view the frame and its page.

    The page asking for its layout is the request's Referer (the app sends `Referrer-Policy: same-origin`,
    so its own pages name their full URL); without one, or if the page cannot be built, the empty frame
    (the router then renders the page as for any other view).
    """

    def layout() -> html.Div:
        if not has_request_context():
            return app_layout(datasets, views)
        page = first_page(views, datasets, request.referrer, request.host, request.cookies.get(LANG_COOKIE))
        if page is None:
            return app_layout(datasets, views)
        try:
            return app_layout(datasets, views, page)
        except Exception:  # the router renders the same page again and reports the problem there
            log.exception("first page %s%s not built into the layout", page.pathname, page.search)
            return app_layout(datasets, views)

    return layout


DCC_CHUNK = "_dash-component-suites/dash/dcc/async-{}.js"


def first_load_hints(prefix: str, datasets: Datasets, views: tuple[ModuleType, ...], pathname: str) -> str:
    """<link rel=preload> for what the first paint waits on after the scripts, fetched while they load, and
    the view's dcc chunks as scripts.

    Every page: the layout and the callbacks (the renderer asks for them once every script has run).
    A view's own first fetches (`preloads(datasets)`: {"fetch": URLs, "chunks": dcc chunk names}), e.g. the
    explorer's geometry and base map, which plotly would only ask for once the map is in the page; its
    "geojson" and "topojson" ({URL: key}) mark those shell.js hands to plotly.js (`data-plotly-*` attributes).
    """
    fetches = [f"{prefix}_dash-layout", f"{prefix}_dash-dependencies"]
    chunks: list[str] = []
    # a fetched file plotly.js would ask for itself, by URL: the attribute telling shell.js where plotly.js
    # looks for it (window.PlotlyGeoAssets: a geojson under the figure's URL, a base map under its name)
    plotly_keys: dict[str, str] = {}
    view = find_view(pathname, views)
    if view is not None and hasattr(view, "preloads") and not missing_data(view, datasets):
        wanted = view.preloads(datasets)
        fetches += [prefix + url.lstrip("/") for url in wanted.get("fetch", ())]
        chunks = [prefix + DCC_CHUNK.format(name) for name in wanted.get("chunks", ())]
        for kind in ("geojson", "topojson"):
            for url, key in wanted.get(kind, {}).items():
                plotly_keys[prefix + url.lstrip("/")] = f' data-plotly-{kind}="{escape(key)}"'
    # low priority: the page's scripts come first (the browser would otherwise ask for these before them)
    low = 'fetchpriority="low"'
    links = [
        f'<link rel="preload" href="{escape(url)}" as="fetch" crossorigin="anonymous" {low}{plotly_keys.get(url, "")}>'
        for url in fetches
    ]
    # the chunks run before the renderer starts: a chunk only registers its modules with dcc (webpack's chunk
    # list), so the graphs, dropdowns and slider find them loaded when the page first renders, instead of
    # asking for each chunk then and waiting for its script to be fetched and run
    links += [f'<script src="{escape(url)}"></script>' for url in chunks]
    return "\n".join(links)


POLYFILL_SCRIPT = re.compile(r'<script src="[^"]*/dash/deps/polyfill@[^"]*"></script>\s*')
REGENERATOR_SETTER = "dash_bootstrap_components"


def without_polyfill(scripts: str) -> str:
    """The page's script tags without Dash's @babel/polyfill, when nothing needs it.

    The polyfill (core-js and regenerator-runtime, 99 KB) ran ~60-90 ms of the explorer's first-load main thread
    before the renderer could start, to polyfill what every browser imapdash supports already has. The one
    global the bundles use from it is `regeneratorRuntime` (their lazy components' loader), which the
    dash-bootstrap-components bundle defines too (browser test: test_the_first_page_runs_without_babel_polyfill):
    without that bundle among the scripts the polyfill stays.
    """
    if REGENERATOR_SETTER not in scripts:
        return scripts
    return POLYFILL_SCRIPT.sub("", scripts, count=1)


DASH_TABLE_SCRIPT = re.compile(r'<script src="[^"]*/dash/dash_table/[^"]*"></script>\s*')


def without_dash_table(scripts: str) -> str:
    """The script tags without dash_table's loader, which Dash links because the `dash` package registers it:
    imapdash draws no DataTable (its tables are components.chart_alt.TextTable; tests/unit/test_shell.py
    checks that no module uses dash_table), so the request and the script's run are saved."""
    return DASH_TABLE_SCRIPT.sub("", scripts, count=1)


PLOTLY_SCRIPT = re.compile(r'<script src="[^"]*/assets/js/plotly-partial\.min\.js[^"]*"></script>\s*')


def plotly_last(scripts: str) -> str:
    """The script tags with plotly.js moved after the others (the component libraries and the renderer) and
    loaded asynchronously.

    The browser compiles a large script on another thread while it downloads (script streaming, and V8's
    compile hint on its first line makes that compilation eager). Asynchronous, plotly.js (1.6 MB) no longer
    holds back DOMContentLoaded: the renderer fetches the layout and draws the page while plotly.js compiles,
    instead of the main thread waiting idle for it (issue 20). dcc.Graph asks for `window.Plotly` only when a
    graph first renders: until plotly.js has run, assets/js/shell.js `pendingPlotly` answers with a promise of
    it, so dcc never loads a second plotly.js (and falls back to the plotly package's file only if this one
    fails to load). present.js and shell.js wrap `Plotly` when plotly.js defines it.
    """
    found = PLOTLY_SCRIPT.search(scripts)
    if found is None:
        return scripts
    tag = found.group(0).strip().replace("<script ", '<script async fetchpriority="high" ', 1)
    return scripts.replace(found.group(0), "", 1).rstrip() + "\n" + tag


def install_first_load_hints(
    app: Dash,
    datasets: Datasets,
    views: tuple[ModuleType, ...],
    *,
    bundles: tuple[asset_bundle.Bundle | None, asset_bundle.Bundle | None] = (None, None),
) -> None:
    """The index page names its first fetches (`first_load_hints`) and, for a first page, its language;
    its scripts leave out Dash's polyfill (`without_polyfill`) and end with plotly.js (`plotly_last`);
    `bundles` (asset_bundle.install: the joined stylesheet and script, or None) take the assets' place."""
    plain = app.interpolate_index
    css_bundle, js_bundle = bundles

    def interpolate_index(**parts: str) -> str:
        prefix = app.config.requests_pathname_prefix
        # after the scripts: the server answers them first (one worker answers in turn), and the
        # layout and geometry are ready before the renderer, which runs once every script has run
        hints = first_load_hints(prefix, datasets, views, request.path)
        scripts = without_dash_table(without_polyfill(parts.get("scripts", "")))
        if js_bundle is not None:  # where Dash puts the assets: after the component libraries
            scripts = scripts.rstrip() + "\n" + asset_bundle.script_tag(prefix, js_bundle)
        scripts = plotly_last(scripts)
        if css_bundle is not None:
            parts["css"] = parts.get("css", "") + "\n" + asset_bundle.link_tag(prefix, css_bundle)
        parts["scripts"] = scripts + "\n" + hints
        index = plain(**parts)
        page = first_page(views, datasets, request.url, request.host, request.cookies.get(LANG_COOKIE))
        if page is not None and page.lang != DEFAULT_LANGUAGE:
            index = index.replace(
                '<html lang="en" dir="ltr">', f'<html lang="{page.lang}" dir="{direction(page.lang)}">', 1
            )
        return index

    app.interpolate_index = interpolate_index  # type: ignore[method-assign]


def validation_layout(datasets: Datasets, views: tuple[ModuleType, ...]) -> html.Div:
    """Every view's layout in one tree, so callbacks can be checked against all IDs."""
    pages = [
        v.validation_layout(datasets) if is_prefix_view(v) else v.layout(datasets, path=v.PATH, query={}) for v in views
    ]
    form = html.Div(add_to_story_form([], "/", "", "en"))
    return html.Div([app_layout(datasets, views), form, *pages])


def resolve_language(search: str | None, stored: str | None) -> str:
    """`?lang=` wins, then the stored choice, then the default."""
    from_url = first(parse_query(search), "lang")
    return normalise_language(from_url or stored)


def render_page(
    datasets: Datasets, views: tuple[ModuleType, ...], pathname: str | None, search: str | None, lang: str = "en"
):
    """Pure router: the layout of the view answering `pathname`, given its query and the language."""
    view = find_view(pathname, views)
    if view is None:
        return not_found(pathname or "/", lang)
    missing = missing_data(view, datasets)
    if missing:
        return no_data_page(view, missing, lang)
    query = parse_query(search)
    query["lang"] = [lang]
    return view.layout(datasets, path=pathname or "/", query=query)


def shows_first_page(first_shown: dict | None, pathname: str | None, search: str | None, lang: str) -> bool:
    """Whether the page on screen is the layout's own first page (`first_page`) for this address and language."""
    if not isinstance(first_shown, dict):
        return False
    shown = (first_shown.get("pathname"), first_shown.get("search") or "", first_shown.get("lang"))
    return shown == (pathname or "/", search or "", lang)


def root_class(search: str | None) -> str:
    """Display modes from the query: embed (no navbar/footer) and presentation."""
    query = parse_query(search)
    classes = []
    if first(query, "embed") == "1":
        classes.append("embed")
    if first(query, "present") == "1":
        classes.append("present")
    return " ".join(classes)


def register_shell_callbacks(
    app: Dash, datasets: Datasets, views: tuple[ModuleType, ...], *, usage_retention_days: int = 730
) -> None:
    """Router, per-user menu and page-view counter (the admins' usage table: no IP, no user name).

    On the first load nothing here asks the server before the page's graphs are drawn: the router only for a
    page the layout does not hold (`boot`), the menu and the count once the page has settled (`settled`).

    The router re-renders on pathname (or language) changes; a query change alone is handled by the view.
    """

    # A query change alone reaches the router only when it changes what the frame shows (language, release,
    # display mode); shell.js keeps the navbar's language links on the current address on every page.
    app.clientside_callback(
        ClientsideFunction(namespace="shell", function_name="searchChanged"),
        Output(Shell.SEARCH, "data"),
        Input(Shell.URL, "search"),
        State(Shell.URL, "pathname"),
        State(Shell.ROOT, "lang"),
        State(Shell.ROOT, "className"),
        State(Shell.RELEASE_SHOWN, "data"),
        State(Shell.LANG_STORE, "data"),
        prevent_initial_call=True,
    )

    # A query change reaches a view's URL -> controls callback (views/context.py bind_url) unless the view's
    # own controls just wrote it (Shell.SEARCH_WRITTEN): then the controls already show it.
    app.clientside_callback(
        ClientsideFunction(namespace="shell", function_name="externalSearch"),
        Output(Shell.SEARCH_EXTERNAL, "data"),
        Input(Shell.URL, "search"),
        State(Shell.SEARCH_WRITTEN, "data"),
        prevent_initial_call=True,
    )

    # Every address change reaches the router through Shell.ROUTE, except the first when the layout already
    # holds its page in the stored language (shell.js boot): that check costs the first page no round trip.
    app.clientside_callback(
        ClientsideFunction(namespace="shell", function_name="boot"),
        Output(Shell.ROUTE, "data"),
        Output(Shell.FIRST, "data", allow_duplicate=True),
        Output(Shell.LANG_STORE, "data", allow_duplicate=True),
        Input(Shell.URL, "pathname"),
        State(Shell.URL, "search"),
        State(Shell.FIRST, "data"),
        State(Shell.LANG_STORE, "data"),
        prevent_initial_call="initial_duplicate",
    )

    @app.callback(
        Output(Shell.PAGE, "children"),
        Output(Shell.ROOT, "className"),
        Output(Shell.ROOT, "dir"),
        Output(Shell.ROOT, "lang"),
        Output(Shell.LINKS, "children"),
        Output(Shell.BRAND, "children"),
        Output(Shell.FOOTER, "children"),
        Output(Shell.SKIP, "children"),
        Output(Shell.LANG_STORE, "data"),
        Output(Shell.RELEASE, "children"),
        Output(Shell.RELEASE_SHOWN, "data"),
        Output(Shell.FIRST, "data"),
        Input(Shell.ROUTE, "data"),
        Input(Shell.SEARCH, "data"),
        State(Shell.URL, "pathname"),
        State(Shell.URL, "search"),
        State(Shell.LANG_STORE, "data"),
        State(Shell.ROOT, "lang"),
        State(Shell.RELEASE_SHOWN, "data"),
        State(Shell.FIRST, "data"),
        prevent_initial_call=True,
    )
    def _on_location(_address, _search_changed, pathname, search, stored_lang, shown_lang, shown_release, first_shown):
        lang = resolve_language(search, stored_lang)
        if shows_first_page(first_shown, pathname, search, lang):
            # the layout already holds this page and its frame (first_page): keep them, remember the language
            return (*(no_update,) * 8, lang, no_update, no_update, None)
        return (*_route(pathname, search, lang, shown_lang, shown_release), None)

    def _route(pathname, search, lang, shown_lang, shown_release) -> tuple:
        pinned = pinned_query(search)
        triggered = set(ctx.triggered_prop_ids)
        search_only = bool(triggered) and triggered <= {f"{Shell.URL}.search", f"{Shell.SEARCH}.data"}
        if search_only and lang == shown_lang and pinned == (shown_release or ""):
            links = navbar_items(views, lang, pathname or "/", search, datasets)
            # a pinned page's banner links back to the same state, unpinned: refresh it with the state
            banner = current_release_banner(lang, pathname, search) if pinned else no_update
            return (
                no_update,
                root_class(search),
                no_update,
                no_update,
                links,
                no_update,
                no_update,
                no_update,
                no_update,
                banner,
                no_update,
            )
        frame = page_frame(datasets, views, PageAddress(pathname or "/", search or "", lang))
        return (
            frame["page"],
            frame["root"]["className"],
            frame["root"]["dir"],
            lang,
            frame["links"],
            frame["brand"],
            frame["footer"],
            frame["skip"],
            lang,
            current_release_banner(lang, pathname, search),
            pinned,
        )

    partner_views = [v for v in views if getattr(v, "NAV_PARTNER_ONLY", False)]

    @app.callback(
        Output(Shell.USER, "children"),
        Output(Stories.ADD_CONTROL, "hidden"),
        Output(Stories.ADD_OPEN, "children"),
        Input(Shell.SETTLED, "data"),
        Input(Shell.ROOT, "lang"),
        State(Shell.URL, "pathname"),
        prevent_initial_call=True,
    )
    def _on_user(_settled, lang, pathname):
        from .views.stories import is_story_path

        lang = normalise_language(lang)
        links = [(nav_label(v, lang), v.PATH) for v in partner_views]
        summary = current_user_summary()
        can_add = bool(summary and summary["partner"]) and is_story_path((pathname or "/").rstrip("/") or "/")
        return user_menu(summary, links, lang), not can_add, t("stories.add.open", lang)

    @app.callback(
        Output(Stories.ADD_MODAL, "is_open"),
        Output(Stories.ADD_MODAL + "-title", "children"),
        Output(Stories.ADD_BODY, "children"),
        Input(Stories.ADD_OPEN, "n_clicks"),
        State(Shell.URL, "pathname"),
        State(Shell.URL, "search"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_add_open(clicks, pathname, search, lang):
        if not clicks or not is_partner():
            raise PreventUpdate
        lang = normalise_language(lang)
        mine = story_service.owned_stories(get_engine(), user=str(current_user.username), admin=has_role("admin"))
        options = [{"label": s["title"], "value": str(s["id"])} for s in mine]
        title = default_slide_title(datasets, views, pathname or "/", lang)
        permalink = f"{pathname or '/'}{search or ''}"
        return True, t("stories.add.heading", lang), add_to_story_form(options, permalink, title, lang)

    @app.callback(
        Output(Stories.ADD_RESULT, "children"),
        Input(Stories.ADD_CONFIRM, "n_clicks"),
        State(Stories.ADD_PICK, "value"),
        State(Stories.ADD_NEW_TITLE, "value"),
        State(Stories.ADD_SLIDE_TITLE, "value"),
        State(Stories.ADD_NOTE, "value"),
        State(Shell.URL, "pathname"),
        State(Shell.URL, "search"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_add_confirm(clicks, target, new_title, slide_title, note, pathname, search, lang):
        if not clicks or not is_partner():  # any callback can be POSTed: the server checks the user itself
            raise PreventUpdate
        return add_to_story(
            get_engine(),
            target=target,
            pathname=pathname,
            search=search,
            new_title=new_title,
            slide_title=slide_title,
            note=note,
            user=str(current_user.username),
            admin=has_role("admin"),
            lang=normalise_language(lang),
        )

    view_paths = tuple(v.PATH for v in views)

    # The per-user menu (above) and this count ask the server once the page's graphs are drawn (shell.js
    # settled), not before: on the first load their two round trips cost the map ~50-70 ms of renderer work.
    app.clientside_callback(
        ClientsideFunction(namespace="shell", function_name="settled"),
        Output(Shell.SETTLED, "data"),
        Input(Shell.URL, "pathname"),
    )

    @app.callback(
        Input(Shell.SETTLED, "data"), State(Shell.URL, "pathname"), State(Shell.ROOT, "lang"), prevent_initial_call=True
    )
    def _count_view(_settled, pathname, lang):
        authenticated = current_user.is_authenticated and current_user.is_active
        usage.count_page_view(
            get_engine(),
            pathname,
            view_paths,
            role=current_user.role if authenticated else None,
            country_iso3=current_user.country_iso3 if authenticated else None,
            countries=datasets.countries,
            today=utcnow().date(),
            lang=normalise_language(lang),
            retention_days=usage_retention_days,
        )

    app.clientside_callback(
        ClientsideFunction(namespace="shell", function_name="syncDocument"),
        Output(Shell.DOC_SYNC, "data"),
        Input(Shell.ROOT, "lang"),
        Input(Shell.ROOT, "dir"),
        Input(Shell.ROOT, "className"),
        Input(Shell.LANG_STORE, "data"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="shell", function_name="toggleNav"),
        Output(Shell.COLLAPSE, "is_open"),
        Input(Shell.TOGGLER, "n_clicks"),
        State(Shell.COLLAPSE, "is_open"),
        prevent_initial_call=True,
    )
