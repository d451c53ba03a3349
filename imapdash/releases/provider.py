"""Which data release a request reads, and switching releases without a restart.

The views, the API and the web routes are given one `DatasetsProxy` when the app is built. Every
attribute read on it goes to the `Datasets` of the release this request reads, chosen ONCE per
request (per Dash callback call) and kept in `flask.g`: a request that started on release N answers
entirely from N, even when another worker makes release N+1 current while it runs. The release is:

- the release pinned by the request: `?release=N` on a page, an API call or a route; for a Dash
  callback, the `release` parameter of the page's URL, which the renderer hook `REQUEST_PRE_HOOK`
  adds to every callback body (a view pinned to a release stays on it for every callback);
- otherwise the current release. Each worker re-reads the current-release pointer at most every
  `poll_seconds`; when it has moved, the worker loads the new release aside and then swaps it in,
  while other requests keep reading the release they started with (no restart, no downtime).

Loaded releases are kept in a small LRU; a release is materialised from the database to
`cache_dir/<number>/` once per machine and validated by the same loader as the bundled data.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import flask
from sqlalchemy import Engine

from imapdash.datasets import Datasets, load_datasets
from imapdash.lru import BoundedLRU
from imapdash.releases import store
from imapdash.releases.snapshot import read_snapshot, write_snapshot

log = logging.getLogger(__name__)

EXTENSION_KEY = "imapdash.releases"
BODY_KEY = "imapdash_release"
QUERY_PARAM = "release"
MAX_RELEASE_NUMBER = 10**9
G_DATASETS = "imapdash_datasets"
G_MISSING = "imapdash_release_missing"
G_ACTIVE = "imapdash_release_active"  # the release this request reads, fixed at its first read

# Dash renderer hook (runs before every callback request): copy the page's ?release= into the body.
REQUEST_PRE_HOOK = (
    "function(payload){try{var r=new URLSearchParams(window.location.search).get('release');"
    f"if(r){{payload.{BODY_KEY}=r;}}}}catch(e){{}}}}"
)


def parse_release(raw: object) -> int | None:
    """A release number from a query value, or None when it is not a whole number in range."""
    text = str(raw).strip() if raw is not None else ""
    if not (text.isascii() and text.isdigit()) or len(text) > 10:  # int("①") raises
        return None
    number = int(text)
    return number if 0 < number <= MAX_RELEASE_NUMBER else None


COLD_LOADS_PER_CLIENT = 6  # loads of a release not in memory, per client (IP) and window, per worker
COLD_LOAD_WINDOW_SECONDS = 60.0
MAX_TRACKED_CLIENTS = 10_000


def _client() -> str:
    """The client address (ProxyFix has applied IMAPDASH_PROXY_HOPS when the app is behind a proxy)."""
    return flask.request.remote_addr or "-"


class ClientLimit:
    """At most `limit` events per client in a sliding `window` (seconds); memory bounded by client count."""

    def __init__(self, limit: int, window: float, max_clients: int = MAX_TRACKED_CLIENTS) -> None:
        self.limit, self.window, self.max_clients = limit, window, max_clients
        self._events: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, client: str, now: float | None = None) -> bool:
        """Count one event for `client`; False (not counted) when the client is over its limit."""
        now = time.monotonic() if now is None else now
        with self._lock:
            recent = [t for t in self._events.pop(client, []) if now - t < self.window]
            allowed = len(recent) < self.limit
            if allowed:
                recent.append(now)
            self._events[client] = recent
            while len(self._events) > self.max_clients:
                self._events.popitem(last=False)
            return allowed


class ReleaseProvider:
    """Loads releases on demand and knows the current one; one per app (per worker)."""

    def __init__(self, engine: Engine, cache_dir: Path, *, poll_seconds: float = 2.0, max_cached: int = 1):
        self.engine = engine
        self.cache_dir = Path(cache_dir)
        self.poll_seconds = poll_seconds
        self.max_cached = max(1, max_cached)
        self._current: Datasets | None = None
        self._checked = 0.0
        self._cache: BoundedLRU[int, Datasets] = BoundedLRU(self.max_cached)
        self._load_lock = threading.Lock()
        self.load_limit = ClientLimit(COLD_LOADS_PER_CLIENT, COLD_LOAD_WINDOW_SECONDS)
        self.proxy = DatasetsProxy(self)

    # start-up ---------------------------------------------------------------------------------
    def start(self, build: Datasets, data_dir: Path, *, actor: str = "system") -> int:
        """Register the bundled build (once per content) and load the current release."""
        title = f"Data build: {build.manifest.get('title', 'bundled data')} ({build.vintage})"
        number, created = store.register_build(
            self.engine, store.read_data_dir(data_dir), title=title, actor=actor, datasets=build
        )
        if created:
            log.info("data build registered as release %d", number)
        current = store.read_current_number(self.engine) or number
        info = store.get_release(self.engine, number)
        if current == number and info is not None and info["data_version"] == build.version:
            self._current = replace(build, release=number)
        else:
            self._current = self._load(current)
        self._checked = time.monotonic()
        return self._current.release

    # reading ----------------------------------------------------------------------------------
    def current(self) -> Datasets:
        """The current release, re-reading the pointer at most every `poll_seconds`."""
        assert self._current is not None, "ReleaseProvider.start() was not called"
        now = time.monotonic()
        if now - self._checked >= self.poll_seconds:
            self._checked = now
            self.refresh()
        return self._current

    def refresh(self) -> bool:
        """Follow the pointer now; True when the current release changed."""
        number = store.read_current_number(self.engine)
        if number is None or self._current is None or number == self._current.release:
            return False
        loaded = self.get(number)
        if loaded is None:
            return False
        previous, self._current = self._current, loaded
        self._remember(previous)
        log.info("switched to data release %d (was %d)", number, previous.release)
        return True

    def get(self, number: int) -> Datasets | None:
        """Release `number`, loaded (and cached); None when there is no such release."""
        current = self._current
        if current is not None and current.release == number:
            return current
        cached = self._cache.get(number)
        if cached is not None:
            return cached
        if store.get_release(self.engine, number) is None:
            return None
        loaded = self._load(number)
        self._remember(loaded)
        return loaded

    def active(self) -> Datasets:
        """The release this request reads: the pinned one, else the one current when the request first asked.

        Inside a request the answer is fixed at the first call (kept in `flask.g`), so every later read
        of the same request sees the same release. Outside a request (CLI, start-up) it is the current one.
        """
        if not flask.has_request_context():
            return self.current()
        chosen = flask.g.get(G_ACTIVE)
        if chosen is None:
            pinned = flask.g.get(G_DATASETS)
            chosen = pinned if pinned is not None else self.current()
            flask.g.setdefault(G_ACTIVE, chosen)
        return chosen

    def list_releases(self) -> list[dict]:
        return store.list_releases(self.engine)

    def current_number(self) -> int:
        return self.current().release

    def created_at(self, number: int) -> datetime | None:
        """When release `number` was created (None if there is no such release)."""
        info = store.get_release(self.engine, number)
        return info["created_at"] if info else None

    # internals --------------------------------------------------------------------------------
    def _remember(self, datasets: Datasets) -> None:
        self._cache.put(datasets.release, datasets)

    def _load(self, number: int) -> Datasets:
        with self._load_lock:
            cached = self._cache.get(number)
            if cached is not None:
                return cached
            started = time.perf_counter()
            directory = store.materialise(self.engine, number, self.cache_dir)
            snapshot = read_snapshot(directory)
            if snapshot is None:  # first load on this machine: validate once, keep the typed frames
                snapshot = load_datasets(directory)
                write_snapshot(snapshot, directory)
            loaded = replace(snapshot, release=number)
            log.info("loaded data release %d in %.2f s", number, time.perf_counter() - started)
            return loaded

    def is_loaded(self, number: int) -> bool:
        """True when release `number` is in memory (current or kept): reading it costs nothing."""
        current = self._current
        if current is not None and current.release == number:
            return True
        return number in self._cache  # BoundedLRU locks itself

    # per request ------------------------------------------------------------------------------
    def install(self, server: flask.Flask) -> None:
        """Choose each request's release before it is handled."""
        server.extensions[EXTENSION_KEY] = self

        @server.before_request
        def _choose_release() -> Any:
            raw = flask.request.args.get(QUERY_PARAM)
            if (
                raw is None
                and flask.request.method == "POST"
                and flask.request.path.endswith("/_dash-update-component")
            ):
                body = flask.request.get_json(silent=True)
                if isinstance(body, dict):
                    raw = body.get(BODY_KEY)
            if raw is None or raw == "":
                return None
            number = parse_release(raw)
            if number is not None and not self.is_loaded(number) and not self.load_limit.allow(_client()):
                # loading a release not in memory costs a read of its snapshot (or, once per machine,
                # a validation): a few per client and minute, so cycling ?release=N cannot starve others
                response = flask.jsonify(
                    error="too many requests for other data releases; try again in a minute", parameter=QUERY_PARAM
                )
                response.status_code = 429
                response.headers["Retry-After"] = str(int(self.load_limit.window))
                return response
            pinned = self.get(number) if number is not None else None
            if pinned is None:
                flask.g.setdefault(G_MISSING, str(raw)[:24])
                if flask.request.path.startswith("/api/"):
                    return flask.jsonify(error=f"release {str(raw)[:24]!r} does not exist", parameter=QUERY_PARAM), 404
                return None
            flask.g.setdefault(G_DATASETS, pinned)
            flask.g.setdefault(G_ACTIVE, pinned)
            return None


class DatasetsProxy:
    """Stands in for `Datasets` everywhere; each read goes to the release of the current request."""

    __slots__ = ("_provider",)

    def __init__(self, provider: ReleaseProvider):
        self._provider = provider

    def __getattr__(self, name: str) -> Any:
        return getattr(self._provider.active(), name)

    def resolve(self) -> Datasets:
        """The concrete `Datasets` this request reads."""
        return self._provider.active()

    def __repr__(self) -> str:
        return f"DatasetsProxy(release={self._provider.active().release})"


def concrete(datasets: Any) -> Datasets:
    """The concrete `Datasets` behind a proxy (a `Datasets` is returned as it is)."""
    return datasets.resolve() if isinstance(datasets, DatasetsProxy) else datasets


def get_provider(server: flask.Flask | None = None) -> ReleaseProvider:
    """The provider of `server` (default: the current app)."""
    app = server if server is not None else flask.current_app
    return app.extensions[EXTENSION_KEY]


def follow_current_release() -> None:
    """After this worker moved the pointer (an approval), serve the new release at once, not after a poll."""
    if flask.has_app_context():
        provider = flask.current_app.extensions.get(EXTENSION_KEY)
        if provider is not None:
            provider.refresh()


def pin_params() -> dict[str, int]:
    """{"release": N} while this request reads a pinned release (links built now keep the pin), else {}."""
    number, _missing = pinned_release()
    return {QUERY_PARAM: number} if number is not None else {}


def pinned_release() -> tuple[int | None, str | None]:
    """(pinned release number, or None; the unknown release asked for, or None) for this request."""
    if not flask.has_request_context():
        return None, None
    pinned = flask.g.get(G_DATASETS)
    return (pinned.release if pinned is not None else None), flask.g.get(G_MISSING)
