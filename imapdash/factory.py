"""Build the imapdash Dash app: server, security headers, datasets, API, layout, callbacks."""

from __future__ import annotations

import logging

from dash import Dash
from flask import Flask, Response, request

from . import __version__, auth, ops
from .api import create_api_blueprint
from .auth.guards import is_partner
from .components.shell import app_layout, register_shell_callbacks, validation_layout
from .datasets import DatasetError, Datasets, format_report, load_datasets
from .db import init_db
from .partner.submissions import with_approved_submissions
from .settings import Settings
from .views import VIEWS
from .web import register_web_routes

log = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 16 * 1024 * 1024
DATASETS_KEY = "imapdash.datasets"
SETTINGS_KEY = "imapdash.settings"


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


class AppStartupError(RuntimeError):
    """The app cannot start; the message says why in a few readable lines (no traceback needed)."""


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


def _install_security_headers(server: Flask, csp: str) -> None:
    @server.after_request
    def _security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        embed = request.args.get("embed") == "1"
        policy = csp + ("; frame-ancestors *" if embed else "; frame-ancestors 'self'")
        response.headers.setdefault("Content-Security-Policy", policy)
        if not embed:
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response


def create_app(settings: Settings | None = None, *, datasets: Datasets | None = None) -> Dash:
    """Build a fresh app; each call has its own server, callbacks and data.

    Raises AppStartupError (with a readable report) when the data directory is not valid.
    """
    settings = settings or Settings.from_env()
    settings.warn_if_ephemeral()
    if datasets is None:
        try:
            datasets = load_datasets(settings.data_dir)
        except DatasetError as exc:
            raise AppStartupError(
                f"imapdash cannot start: the data in {settings.data_dir} is not valid.\n"
                + format_report(exc.problems, limit=30)
                + "\nRun `python -m imapdash validate` for the full report."
            ) from None

    server = Flask("imapdash")
    _configure_server(server, settings)
    server.extensions[DATASETS_KEY] = datasets
    server.extensions[SETTINGS_KEY] = settings
    init_db(server, settings)
    auth.init_app(server, settings)
    ops.init_app(server, settings, datasets)
    register_web_routes(server, datasets)
    server.register_blueprint(
        create_api_blueprint(datasets, can_see_restricted=is_partner, indicator_values_hook=with_approved_submissions)
    )

    app = Dash(
        __name__,
        server=server,
        assets_folder=str(settings.assets_dir),
        title="i-Map on Migration",
        update_title=None,
        serve_locally=True,
        compress=False,
        enable_mcp=False,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.index_string = INDEX_STRING
    app.layout = app_layout(datasets, VIEWS)
    app.validation_layout = validation_layout(datasets, VIEWS)
    # Dash embeds the validation layout (every view) in the index HTML for client-side checks; that
    # costs hundreds of KB per page load, so only debug mode gets it. Tests check every callback's
    # IDs against the validation layout on the server instead (tests/integration/test_callbacks_ids.py).
    app.config.suppress_callback_exceptions = not settings.debug
    register_shell_callbacks(app, datasets, VIEWS)
    for view in VIEWS:
        view.register_callbacks(app, datasets)
    _install_security_headers(server, _content_security_policy(app.csp_hashes()))
    log.info("imapdash %s ready: data version %s", __version__, datasets.version)
    return app
