"""HTTP caching of /api/v1 answers: an ETag tied to the data release, Cache-Control, 304 on revalidation.

Every public (non-restricted) 200 answer under /api/v1 gets

- `ETag: "<data version>-r<release>-<digest of app version, path and query>"`: it changes exactly when
  the data release served for that URL changes (or the app's answer format does);
- `Cache-Control: public, max-age=60` for the current release (an administrator may make another
  release current; workers switch within their poll interval), and `public, max-age=31536000,
  immutable` when the URL pins `?release=N` (a release is never edited).

A request whose `If-None-Match` holds the current ETag is answered 304 before any data is read or any
body is built. Answers that include partner-only rows (`restricted=1`) are `private, no-store` and get
no ETag; so is any answer that sets a cookie. Errors get no ETag.

What a shared cache in front (nginx proxy_cache, Varnish, a CDN) then serves with no worker involved:
every anonymous GET/HEAD of /api/v1/* (JSON, CSV, the OpenAPI document and its page) for 60 s, and
for a year when the URL names its release; after that it revalidates with `If-None-Match` and a worker
answers a bodiless 304. /geo/countries.geojson is cached a day by the same rule (see imapdash.web).
"""

from __future__ import annotations

import hashlib

from flask import Flask, Response, request

from imapdash import __version__
from imapdash.datasets import Datasets

API_PATH = "/api/v1/"
CURRENT_MAX_AGE = 60
PINNED_MAX_AGE = 365 * 24 * 3600
PRIVATE = "private, no-store"


def _asks_restricted() -> bool:
    return request.args.get("restricted") in ("1", "true")


def _cacheable_request() -> bool:
    return request.method in ("GET", "HEAD") and request.path.startswith(API_PATH) and not _asks_restricted()


def api_etag(datasets: Datasets) -> str:
    """The entity tag of the current request's answer (without quotes)."""
    query = sorted(request.args.items(multi=True))
    digest = hashlib.sha256(repr((__version__, request.path, query)).encode("utf-8")).hexdigest()[:16]
    return f"{datasets.version}-r{datasets.release}-{digest}"


def cache_control() -> str:
    if request.args.get("release"):
        return f"public, max-age={PINNED_MAX_AGE}, immutable"
    return f"public, max-age={CURRENT_MAX_AGE}"


def install_http_cache(server: Flask, datasets: Datasets) -> None:
    """Add the ETag / Cache-Control / 304 hooks for /api/v1 to `server` (once)."""
    if server.extensions.get("imapdash.api_http_cache"):
        return
    server.extensions["imapdash.api_http_cache"] = True

    @server.before_request
    def _not_modified() -> Response | None:
        if not _cacheable_request() or not request.if_none_match:
            return None
        etag = api_etag(datasets)
        if not request.if_none_match.contains(etag):
            return None
        response = Response(status=304)
        response.set_etag(etag)
        response.headers["Cache-Control"] = cache_control()
        return response

    @server.after_request
    def _cache_headers(response: Response) -> Response:
        if not request.path.startswith(API_PATH) or response.status_code == 304:
            return response
        if _asks_restricted() or "Set-Cookie" in response.headers:
            response.headers["Cache-Control"] = PRIVATE
            return response
        if response.status_code == 200 and _cacheable_request():
            response.set_etag(api_etag(datasets))
            response.headers["Cache-Control"] = cache_control()
        return response
