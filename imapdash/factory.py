"""Build the imapdash Dash app: server, security headers, datasets, API, layout, callbacks."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, cast

from dash import Dash
from dash.development.base_component import Component
from flask import Flask, Response, request

from . import asset_bundle, auth, memory, ops
from .api import create_api_blueprint
from .api.aggregates import create_aggregates_blueprint
from .auth.guards import is_partner
from .callback_guard import install_callback_guard
from .datasets import DatasetError, Datasets, format_report, load_datasets
from .db import DatabaseHealthError, get_engine, init_db
from .errors import AppStartupError
from .partner import usage
from .partner.routes import create_partner_blueprint
from .releases.provider import REQUEST_PRE_HOOK, ReleaseProvider
from .settings import Settings
from .shell import install_first_load_hints, register_shell_callbacks, request_layout, validation_layout
from .version import __version__
from .views import VIEWS, find_view, stories
from .web import register_web_routes

log = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 16 * 1024 * 1024
DATASETS_KEY = "imapdash.datasets"
SETTINGS_KEY = "imapdash.settings"
FULL_LAYOUT_KEY = "imapdash.full_layout"


# Dash's default page, with a document language (updated client-side when the reader switches) and
# without the Internet Explorer warning (an inline script the CSP would block anyway).
INDEX_STRING = """<!DOCTYPE html>
<html lang="en" dir="ltr">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


def _configure_server(server: Flask, settings: Settings) -> None:
    server.config.update(
        SECRET_KEY=settings.secret_key,
        DEBUG=settings.debug,
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.https,
        JSON_SORT_KEYS=False,
    )


def _content_security_policy(script_hashes: list[str]) -> str:
    scripts = " ".join(["'self'", *script_hashes])  # csp_hashes() are already quoted
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            # plotly.js and Dash components inject inline styles (notes §B9)
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


# Views a story slide or another site may show in an <iframe> with ?embed=1. The partner area, the
# story editor, /login and every non-view route keep their frame protection whatever the query says.
NOT_EMBEDDABLE = ("partner", "stories")


def embeddable(path: str) -> bool:
    """True when `path` is a public view that `?embed=1` may let other pages frame."""
    view = find_view(path, VIEWS)
    return view is not None and view.__name__.rpartition(".")[2] not in NOT_EMBEDDABLE


def _install_security_headers(server: Flask, csp: str) -> None:
    @server.after_request
    def _security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        embed = request.args.get("embed") == "1" and embeddable(request.path)
        policy = csp + ("; frame-ancestors *" if embed else "; frame-ancestors 'self'")
        response.headers.setdefault("Content-Security-Policy", policy)
        if not embed:
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response


def _start_releases(server: Flask, settings: Settings, build: Datasets) -> ReleaseProvider:
    """Register the bundled build as a release (once) and serve the current release."""
    provider = ReleaseProvider(
        get_engine(server),
        settings.instance_dir / "releases",
        poll_seconds=settings.release_poll_seconds,
        max_cached=settings.releases_cached,
    )
    try:
        provider.start(build, settings.data_dir)
    except DatasetError as exc:
        raise AppStartupError(
            "imapdash cannot start: the current data release is not valid.\n"
            + format_report(exc.problems, limit=30)
            + "\nMake a valid release current with `python -m imapdash releases activate N`."
        ) from None
    provider.install(server)
    return provider


def register_routes(server: Flask, datasets: Datasets) -> None:
    """Every plain HTTP route beside the Dash app (login and logout come with `auth.init_app`)."""
    register_web_routes(server, datasets)
    server.register_blueprint(create_api_blueprint(datasets, can_see_restricted=is_partner))
    server.register_blueprint(create_aggregates_blueprint(can_see_restricted=is_partner))
    server.register_blueprint(create_partner_blueprint(datasets, server.extensions[auth.routes.STATE_KEY].limiter))


def full_layout(app: Dash) -> Component:
    """Every view's layout in one tree (Dash's validation layout), built once on first call when the
    app did not build it at start (it does only in debug mode, where Dash sends it to the browser)."""
    built: Any = app.validation_layout  # Dash declares it None
    if built is None:
        built = app.validation_layout = app.server.extensions[FULL_LAYOUT_KEY]()
    return cast(Component, built)


def create_app(settings: Settings | None = None) -> Dash:
    """Build a fresh app; each call has its own server, callbacks and data.

    The bundled data directory is validated, registered as a numbered release the first time it is
    seen, and the app serves the current release (see `imapdash.releases`). Raises AppStartupError
    (with a readable report) when the data directory is not valid.
    """
    settings = settings or Settings.from_env()
    settings.warn_if_ephemeral()
    memory.use_system_allocator()  # before any table is decoded (imapdash.memory)
    try:
        # validated in a child process: the worker keeps the tables, not the validation's garbage
        build = memory.load_apart(lambda: load_datasets(settings.data_dir), expected=(DatasetError,))
    except DatasetError as exc:
        raise AppStartupError(
            f"imapdash cannot start: the data in {settings.data_dir} is not valid.\n"
            + format_report(exc.problems, limit=30)
            + "\nRun `python -m imapdash validate` for the full report."
        ) from None

    server = Flask("imapdash")
    _configure_server(server, settings)
    server.extensions[SETTINGS_KEY] = settings
    try:
        init_db(server, settings)
    except DatabaseHealthError as exc:
        raise AppStartupError(f"imapdash cannot start: {exc}") from None
    provider = _start_releases(server, settings, build)
    datasets = provider.proxy  # every read goes to the release of the current request
    server.extensions[DATASETS_KEY] = datasets
    auth.init_app(server, settings)
    ops.init_app(server, settings, datasets)
    register_routes(server, datasets)

    app = Dash(
        __name__,
        server=server,
        assets_folder=str(settings.assets_dir),
        # the app's own stylesheets and scripts go out joined (asset_bundle); Dash links only plotly.js
        assets_ignore="" if settings.debug else asset_bundle.IGNORE,
        title="i-Map on Migration",
        update_title=None,
        serve_locally=True,
        compress=False,
        enable_mcp=False,
        hooks={"request_pre": REQUEST_PRE_HOOK},
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.index_string = INDEX_STRING
    bundles = (None, None) if settings.debug else asset_bundle.install(server, Path(settings.assets_dir))
    # preload links (shell.first_load_hints), the joined assets
    install_first_load_hints(app, datasets, VIEWS, bundles=bundles)
    # Dash embeds the validation layout (every view) in the index HTML for client-side checks; that
    # costs hundreds of KB per page load, so only debug mode gets it. Tests check every callback's
    # IDs against the validation layout on the server instead (tests/integration/test_callbacks_ids.py).
    # Outside debug mode nothing needs it to serve a page: it is built on first use (full_layout), not
    # at start, where building every view's layout (news classification, figures, plotly's validators)
    # held ~50 MB in every worker (issue 20, `python -m benchmarks.bench_memory`).
    app.config.suppress_callback_exceptions = not settings.debug
    server.extensions[FULL_LAYOUT_KEY] = lambda: validation_layout(datasets, VIEWS)
    if settings.debug:
        full_layout(app)
    # a function (a first request may get its page in it), set after the validation layout: Dash would
    # otherwise call it once and keep the bare frame as the validation layout
    app.layout = request_layout(datasets, VIEWS)
    stories.register_routes(app, datasets)  # the player needs the app's asset URLs
    register_shell_callbacks(app, datasets, VIEWS, usage_retention_days=settings.usage_retention_days)
    for view in VIEWS:
        view.register_callbacks(app, datasets)
    _install_security_headers(server, _content_security_policy(app.csp_hashes()))
    install_callback_guard(app, lambda: full_layout(app))
    server.before_request(usage.mark_page_load)
    memory.trim()  # the start-up peak (validation copies) back to the system
    log.info("imapdash %s ready: data release %d, version %s", __version__, datasets.release, datasets.version)
    return app
