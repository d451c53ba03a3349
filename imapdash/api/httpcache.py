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

Each worker also keeps the public 200 answers it gave (`ResponseCache`: whole answers with their final headers,
security headers included, keyed by the current release, path and raw query, within a byte budget) and answers
a repeat in front of Flask (`CachedAnswers`, WSGI middleware): no request context, session, release choice,
parameter parsing, pandas or serialisation; the API usage count is still kept, and If-None-Match still gets
a 304. Only what the full path answered 200 with a public ETag is kept, so a
refused query (`?cb=N`: 400) never makes an entry and a restricted answer (`restricted=1`: private) never
reaches it (issue 20: cached answers at >= 50 % of the stack's ceiling; `benchmarks/bench_vs_tutorial.py`).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from flask import Flask, Response, request
from werkzeug.http import parse_etags

from imapdash import __version__
from imapdash.datasets import Datasets

API_PATH = "/api/v1/"
CURRENT_MAX_AGE = 60
PINNED_MAX_AGE = 365 * 24 * 3600
PRIVATE = "private, no-store"
RESPONSE_CACHE_BYTES = 16 * 1024 * 1024  # per worker
RESPONSE_MAX_BYTES = 2 * 1024 * 1024  # a larger answer is built each time (and cached as a body by imapdash.cache)
NOT_KEPT = frozenset({"set-cookie", "vary"})  # never part of a public answer kept for everyone
NOT_MODIFIED_HEADERS = frozenset({"etag", "cache-control"})


class Stored(NamedTuple):
    body: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    endpoint: str


class ResponseCache:
    """Whole public API answers of one worker, least recently used first out, within `max_bytes`."""

    def __init__(self, max_bytes: int = RESPONSE_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[tuple, Stored] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Stored | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple, value: Stored) -> None:
        if len(value.body) > RESPONSE_MAX_BYTES:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= len(old.body)
            self._items[key] = value
            self.size += len(value.body)
            while self.size > self.max_bytes and self._items:
                _, dropped = self._items.popitem(last=False)
                self.size -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._items)


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
    responses = server.extensions["imapdash.api_responses"] = ResponseCache()

    usage = server.extensions.get("imapdash.cache")

    def release_key() -> tuple:
        # the provider's current release (no request context needed; a pinned ?release=N is in the raw query)
        provider = server.extensions.get("imapdash.releases")
        current = provider.current() if provider is not None else datasets
        return (current.version, current.release)

    def count(endpoint: str) -> None:
        if usage is not None and endpoint:
            from imapdash.ops import USAGE_TTL_SECONDS, usage_key

            usage.incr(usage_key(endpoint), ttl=USAGE_TTL_SECONDS)

    answers = CachedAnswers(server.wsgi_app, responses, release_key, count)

    def worker_header() -> list[tuple[str, str]]:
        # multi-worker tests ask which worker answered (ops.py sets the header name when exposing it)
        name = server.config.get("imapdash.worker_header")
        return [(name, str(os.getpid()))] if name else []

    answers.extra_headers = worker_header
    server.wsgi_app = answers  # type: ignore[method-assign]

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
        if response.status_code == 200 and _cacheable_request() and "ETag" not in response.headers:
            response.set_etag(api_etag(datasets))
            response.headers["Cache-Control"] = cache_control()
            key = answer_key(request.environ, release_key)
            if key is not None and not response.direct_passthrough and not response.is_streamed:
                # every after_request hook registered before this one (security headers) has run: keep it all
                body = response.get_data()
                kept = tuple((k, v) for k, v in response.headers.items() if k.lower() not in NOT_KEPT)
                if not any(k.lower() == "content-length" for k, _ in kept):
                    kept += (("Content-Length", str(len(body))),)
                etag = response.get_etag()[0] or ""
                responses.put(key, Stored(body, kept, etag, request.endpoint or ""))
        return response


def answer_key(environ: dict, release_key: Callable[[], tuple]) -> tuple | None:
    """The ResponseCache key of a request (None when its answer may not be shared)."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    path = environ.get("PATH_INFO", "")
    if not path.startswith(API_PATH):
        return None
    query = environ.get("QUERY_STRING", "")
    if "restricted" in query:
        return None
    return (*release_key(), path, query)


class CachedAnswers:
    """WSGI middleware: a kept public answer is sent without entering Flask (see the module doc)."""

    def __init__(
        self,
        app: Callable,
        responses: ResponseCache,
        release_key: Callable[[], tuple],
        count: Callable[[str], None],
    ) -> None:
        self.app = app
        self.responses = responses
        self.release_key = release_key
        self.count = count
        self.extra_headers: Callable[[], list[tuple[str, str]]] = lambda: []

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        key = answer_key(environ, self.release_key)
        stored = self.responses.get(key) if key is not None else None
        if stored is None:
            return self.app(environ, start_response)
        self.count(stored.endpoint)
        asked: Any = environ.get("HTTP_IF_NONE_MATCH")
        if asked and parse_etags(asked).contains(stored.etag):
            start_response("304 NOT MODIFIED", [h for h in stored.headers if h[0].lower() in NOT_MODIFIED_HEADERS])
            return []
        start_response("200 OK", [*stored.headers, *self.extra_headers()])
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [stored.body]
