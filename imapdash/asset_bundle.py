"""The app's own stylesheets and scripts served as one file each (issue 20).

Dash links every `.css` and `.js` of `assets/` on its own: seven stylesheets and eight small scripts, fifteen
requests in front of the renderer. Under one synchronous worker (the benchmark's gunicorn -w 1, and a small
deployment) those requests are answered in turn, so the large scripts arrived ~150 ms after the page and the
first map waited for them. Joined, in Dash's own order, they are two requests; the sources stay separate files
in `assets/` (and are still served at their own URLs, e.g. for the meeting packs).

plotly.js stays a file of its own: it loads last and asynchronously, with V8's compile hint on its first line
(shell.plotly_last).
In debug mode nothing is joined, so Dash's hot reload sees each file.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response

# assets Dash must not link itself: every stylesheet and script except plotly.js (Dash matches file names)
KEEP_APART = "plotly-partial.min.js"
IGNORE = rf"^(?!{re.escape(KEEP_APART)}$).*\.(css|js)$"
ROUTE = "/assets/_bundle/<name>"  # under /assets/: the stylesheets' relative url(../fonts/...) still resolve


@dataclass(frozen=True)
class Bundle:
    name: str  # "app-<digest>.css" or "app-<digest>.js"
    body: bytes
    files: tuple[str, ...]  # the sources, relative to assets/, in order


def asset_files(assets_dir: Path, suffix: str) -> list[Path]:
    """The files Dash would link, in Dash's order (dash.Dash._walk_assets_directory: sorted folders, then
    sorted names), without plotly.js."""
    found = []
    for current, _, files in sorted(os.walk(assets_dir)):
        for name in sorted(files):
            if name.endswith(suffix) and name != KEEP_APART:
                found.append(Path(current) / name)
    return found


def build(assets_dir: Path, suffix: str) -> Bundle | None:
    """One file of every `suffix` ("css" or "js") asset, each ending on its own line (a script also with `;`,
    so a file without a final semicolon cannot run into the next); None when there is none."""
    files = asset_files(assets_dir, suffix)
    if not files:
        return None
    separator = b"\n;\n" if suffix == "js" else b"\n"
    parts = []
    for path in files:
        relative = path.relative_to(assets_dir).as_posix()
        parts.append(f"/* {relative} */\n".encode() + path.read_bytes().rstrip() + separator)
    body = b"".join(parts)
    digest = hashlib.sha256(body).hexdigest()[:12]
    return Bundle(f"app-{digest}.{suffix}", body, tuple(p.relative_to(assets_dir).as_posix() for p in files))


def install(server: Flask, assets_dir: Path) -> tuple[Bundle | None, Bundle | None]:
    """Serve the stylesheet and script bundles; (css, js) for the index page to link."""
    css, js = build(assets_dir, "css"), build(assets_dir, "js")
    bundles = {b.name: b for b in (css, js) if b is not None}

    @server.get(ROUTE, endpoint="asset_bundle")
    def asset_bundle(name: str) -> Response:
        found = bundles.get(name)
        if found is None:
            return Response("no such bundle\n", status=404, mimetype="text/plain")
        mimetype = "text/css" if name.endswith(".css") else "application/javascript"
        response = Response(found.body, mimetype=mimetype)
        # the name holds the content's digest: what it names never changes
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response

    return css, js


def url(prefix: str, bundle: Bundle) -> str:
    return f"{prefix}assets/_bundle/{bundle.name}"


def link_tag(prefix: str, bundle: Bundle) -> str:
    return f'<link rel="stylesheet" href="{url(prefix, bundle)}">'


def script_tag(prefix: str, bundle: Bundle) -> str:
    return f'<script src="{url(prefix, bundle)}"></script>'
