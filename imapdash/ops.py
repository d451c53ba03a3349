"""Operations wiring for several workers: shared cache, flow store, usage counters, worker header.

`init_app(server, settings, datasets)` is called once by the factory. Nothing here keeps mutable
module-level state: everything lives in `server.extensions` and, when IMAPDASH_REDIS_URL is set, in
Redis, so whichever gunicorn worker answers, the cache and the counters are the same.

The variables below are read and checked by `Settings.from_env` (imapdash/settings.py); this module
receives the `Settings`.

| variable | default | meaning |
|---|---|---|
| IMAPDASH_REDIS_URL | (unset: per-process memory) | shared cache of heavy aggregations and usage counters |
| IMAPDASH_FLOWS_PARQUET | (unset: the data directory's flows) | Parquet file or directory of flow rows |
| IMAPDASH_DUCKDB_MEMORY | 256MB | DuckDB memory limit per worker |
| IMAPDASH_DUCKDB_THREADS | 2 | DuckDB threads per query |
| IMAPDASH_PROXY_HOPS | 0 | trusted reverse proxies in front (1 behind nginx): client IP and scheme from X-Forwarded-* |
| IMAPDASH_EXPOSE_WORKER | off | add `X-Imapdash-Worker: <pid>` to responses (multi-worker tests only) |
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any

import flask
from werkzeug.middleware.proxy_fix import ProxyFix

from imapdash.cache import KEY_PREFIX, Cache, cache_from_url, init_cache
from imapdash.columnar import FlowStore
from imapdash.releases.provider import concrete
from imapdash.settings import Settings

log = logging.getLogger(__name__)

FLOW_STORE_KEY = "imapdash.flowstore"
WORKER_HEADER = "X-Imapdash-Worker"
USAGE_PREFIX = f"{KEY_PREFIX}usage:"
USAGE_TTL_SECONDS = 90 * 24 * 3600


def build_flow_store(datasets: Any, settings: Settings) -> FlowStore:
    """The flow store named by `settings.flows_parquet`, else one over the validated flows of `datasets`."""
    options = {"memory_limit": settings.duckdb_memory, "threads": settings.duckdb_threads}
    if settings.flows_parquet:
        return FlowStore.open(settings.flows_parquet, **options)
    return FlowStore.from_datasets(concrete(datasets), **options)


class FlowStores:
    """The flow store a request reads: the fixed Parquet store, else one per data release (a few kept)."""

    KEEP = 2  # the current release and one pinned or previous one (each store holds its flows)

    def __init__(self, datasets: Any, settings: Settings):
        self._datasets = datasets
        self._settings = settings
        self.fixed = build_flow_store(datasets, settings) if settings.flows_parquet else None
        self._stores: OrderedDict[str, FlowStore] = OrderedDict()
        self._lock = threading.Lock()

    def current(self) -> FlowStore:
        if self.fixed is not None:
            return self.fixed
        datasets = concrete(self._datasets)
        with self._lock:
            store = self._stores.get(datasets.version)
            if store is None:
                store = self._stores[datasets.version] = build_flow_store(datasets, self._settings)
                while len(self._stores) > self.KEEP:
                    self._stores.popitem(last=False)  # dropped; its DuckDB connection closes with it
            self._stores.move_to_end(datasets.version)
            return store


def flow_store(server: flask.Flask | None = None) -> FlowStore:
    """The flow store this request reads, of `server` (default: the current app)."""
    app = server if server is not None else flask.current_app
    return app.extensions[FLOW_STORE_KEY].current()


def usage_key(endpoint: str, day: str | None = None) -> str:
    """Counter key for one endpoint on one UTC day (`YYYY-MM-DD`)."""
    day = day or datetime.now(UTC).date().isoformat()
    return f"{USAGE_PREFIX}{day}:{endpoint}"


def usage_counts(cache: Cache, day: str | None = None) -> dict[str, int]:
    """Requests per API endpoint on `day` (default today), summed over every worker sharing the cache."""
    prefix = usage_key("", day)
    return {key[len(prefix) :]: count for key, count in cache.counters(prefix).items()}


def init_app(server: flask.Flask, settings: Settings, datasets: Any) -> None:
    """Attach the cache and the flow store, count API use, and mark responses with the worker pid if asked."""
    hops = settings.proxy_hops
    if hops:
        # login limits and session protection key on the client IP, not the proxy's (notes B8)
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    cache = init_cache(server, cache_from_url(settings.redis_url))
    server.extensions[FLOW_STORE_KEY] = FlowStores(datasets, settings)
    expose_worker = settings.expose_worker
    if expose_worker:  # answers sent before Flask (the API's kept answers, api/httpcache.py) carry it too
        server.config["imapdash.worker_header"] = WORKER_HEADER

    @server.after_request
    def _operations(response: flask.Response) -> flask.Response:
        endpoint = flask.request.endpoint or ""
        if endpoint.startswith("api_v1") and response.status_code < 400:
            cache.incr(usage_key(endpoint), ttl=USAGE_TTL_SECONDS)
        if expose_worker:
            response.headers[WORKER_HEADER] = str(os.getpid())
        return response

    log.info(
        "cache: %s; flow store %s",
        getattr(cache, "kind", type(cache).__name__),
        "parquet" if server.extensions[FLOW_STORE_KEY].fixed is not None else "per data release",
    )
