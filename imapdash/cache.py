"""A small cache facade: one process (default) or Redis shared by every worker (IMAPDASH_REDIS_URL).

Why our own and not Flask-Caching: we cache only a few heavy, *pure* aggregations whose results are
small pandas frames or JSON values, keyed by the data version plus scalar arguments, and we want
those values stored as data (Arrow IPC / JSON), never pickled — a value read back from a shared Redis
must not be able to run code in the app. The facade also keeps usage counters (INCR in Redis).

- `MemoryCache`: bounded by bytes (MEMORY_MAX_BYTES, least recently used first out), thread-safe,
  per process; used when IMAPDASH_REDIS_URL is unset, so the embedded mode (one process, no servers)
  behaves exactly as before.
- `RedisCache`: the same interface over Redis, with its own byte budget (REDIS_MAX_BYTES, shared by
  every worker, oldest entry first out, enforced atomically by a Lua script); errors are logged and
  treated as a miss, so a Redis outage slows the app down instead of breaking it.
- Values larger than MAX_ITEM_BYTES are never stored (`cached` computes them every time): one big
  answer cannot push everything else out, and nobody can fill a cache with a few large bodies.
- `memoize(namespace)`: decorator for a function whose first argument has a `.version` (Datasets,
  FlowStore) and whose other arguments are scalars/tuples. Outside a Flask app context (unit tests,
  scripts) it simply calls the function.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar

import flask
import orjson
import pandas as pd
import pyarrow as pa

log = logging.getLogger(__name__)

EXTENSION_KEY = "imapdash.cache"
KEY_PREFIX = "imapdash:"
DEFAULT_TTL_SECONDS = 24 * 3600
MEMORY_MAX_ITEMS = 512
MEMORY_MAX_BYTES = 64 * 1024 * 1024  # per process (per worker)
REDIS_MAX_BYTES = 256 * 1024 * 1024  # shared by every worker
MAX_ITEM_BYTES = 4 * 1024 * 1024  # larger values are not cached
REDIS_INDEX_KEY = KEY_PREFIX + "cache-index"  # sorted set: cached key -> insertion order
REDIS_SIZES_KEY = KEY_PREFIX + "cache-sizes"  # hash: cached key -> bytes
REDIS_TOTAL_KEY = KEY_PREFIX + "cache-bytes"  # bytes accounted for (an upper bound: expiry is not seen)

# Store one value and evict the oldest until the accounted bytes fit the budget, in one atomic step.
# KEYS: value key, index, sizes, total. ARGV: value, ttl seconds, budget bytes.
_REDIS_SET_BOUNDED = """
local size = string.len(ARGV[1])
local old = tonumber(redis.call('HGET', KEYS[3], KEYS[1]) or '0')
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
redis.call('HSET', KEYS[3], KEYS[1], size)
local seq = redis.call('INCR', KEYS[4] .. ':seq')
redis.call('ZADD', KEYS[2], seq, KEYS[1])
local total = redis.call('INCRBY', KEYS[4], size - old)
local budget = tonumber(ARGV[3])
while total > budget do
  local oldest = redis.call('ZPOPMIN', KEYS[2])
  if #oldest == 0 then break end
  local gone = tonumber(redis.call('HGET', KEYS[3], oldest[1]) or '0')
  redis.call('HDEL', KEYS[3], oldest[1])
  redis.call('DEL', oldest[1])
  total = redis.call('INCRBY', KEYS[4], -gone)
end
return total
"""

_FRAME = b"F"
_JSON = b"J"

T = TypeVar("T")


class Cache(Protocol):
    """What the app needs from a cache backend."""

    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, value: bytes, ttl: int = DEFAULT_TTL_SECONDS) -> None: ...

    def incr(self, key: str, amount: int = 1, ttl: int | None = None) -> int: ...

    def counters(self, prefix: str) -> dict[str, int]: ...


class MemoryCache:
    """Per-process LRU cache with expiry, bounded by item count and by bytes (default without Redis)."""

    kind = "memory"

    def __init__(self, max_items: int = MEMORY_MAX_ITEMS, max_bytes: int = MEMORY_MAX_BYTES) -> None:
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._counts: dict[str, int] = {}
        self._max_items = max_items
        self._max_bytes = max_bytes
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def size_bytes(self) -> int:
        """Bytes held by cached values right now (counters excluded)."""
        return self._bytes

    def get(self, key: str) -> bytes | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            expires, value = item
            if expires < time.monotonic():
                del self._items[key]
                self._bytes -= len(value)
                return None
            self._items.move_to_end(key)
            return value

    def set(self, key: str, value: bytes, ttl: int = DEFAULT_TTL_SECONDS) -> None:
        if len(value) > self._max_bytes:
            return
        with self._lock:
            previous = self._items.pop(key, None)
            if previous is not None:
                self._bytes -= len(previous[1])
            self._items[key] = (time.monotonic() + ttl, value)
            self._bytes += len(value)
            while len(self._items) > self._max_items or self._bytes > self._max_bytes:
                _key, (_expires, gone) = self._items.popitem(last=False)
                self._bytes -= len(gone)

    def incr(self, key: str, amount: int = 1, ttl: int | None = None) -> int:
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + amount
            return self._counts[key]

    def counters(self, prefix: str) -> dict[str, int]:
        with self._lock:
            return {k: v for k, v in self._counts.items() if k.startswith(prefix)}


class RedisCache:
    """Shared cache and counters in Redis; every worker (and host) sees the same values."""

    kind = "redis"

    def __init__(self, url: str, *, client: Any = None, max_bytes: int = REDIS_MAX_BYTES) -> None:
        if client is None:
            import redis  # only needed when IMAPDASH_REDIS_URL is set

            client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._client = client
        self._max_bytes = max_bytes
        self._set_bounded = client.register_script(_REDIS_SET_BOUNDED)

    def get(self, key: str) -> bytes | None:
        try:
            return self._client.get(key)
        except Exception as exc:  # a cache must never take the app down
            log.warning("cache get failed (%s): computing instead", exc)
            return None

    def set(self, key: str, value: bytes, ttl: int = DEFAULT_TTL_SECONDS) -> None:
        if len(value) > self._max_bytes:
            return
        try:
            self._set_bounded(
                keys=[key, REDIS_INDEX_KEY, REDIS_SIZES_KEY, REDIS_TOTAL_KEY],
                args=[value, max(1, int(ttl)), self._max_bytes],
            )
        except Exception as exc:
            log.warning("cache set failed (%s)", exc)

    def incr(self, key: str, amount: int = 1, ttl: int | None = None) -> int:
        try:
            pipe = self._client.pipeline()
            pipe.incrby(key, amount)
            if ttl:
                pipe.expire(key, ttl)
            return int(pipe.execute()[0])
        except Exception as exc:
            log.warning("counter increment failed (%s)", exc)
            return 0

    def counters(self, prefix: str) -> dict[str, int]:
        try:
            keys = sorted(self._client.scan_iter(match=prefix + "*", count=500))
            values = self._client.mget(keys) if keys else []
        except Exception as exc:
            log.warning("reading counters failed (%s)", exc)
            return {}
        return {k.decode(): int(v) for k, v in zip(keys, values, strict=True) if v is not None}


def cache_from_url(redis_url: str | None) -> MemoryCache | RedisCache:
    """Redis when a URL is given (`Settings.redis_url`, from IMAPDASH_REDIS_URL), else a per-process memory cache."""
    url = (redis_url or "").strip()
    return RedisCache(url) if url else MemoryCache()


def init_cache(server: flask.Flask, cache: Cache | None = None) -> Cache:
    """Attach `cache` (default: a per-process memory cache) to `server` and return it."""
    cache = cache if cache is not None else MemoryCache()
    server.extensions[EXTENSION_KEY] = cache
    return cache


def current_cache() -> Cache | None:
    """The cache of the app handling this request, or None outside an app context."""
    if not flask.has_app_context():
        return None
    return flask.current_app.extensions.get(EXTENSION_KEY)


def encode(value: Any) -> bytes:
    """DataFrames as Arrow IPC (dtypes survive), everything else as JSON. Never pickle."""
    if isinstance(value, pd.DataFrame):
        table = pa.Table.from_pandas(value, preserve_index=False)
        sink = io.BytesIO()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        return _FRAME + sink.getvalue()
    return _JSON + orjson.dumps(value)


def decode(raw: bytes) -> Any:
    """Inverse of `encode`."""
    kind, body = raw[:1], raw[1:]
    if kind == _FRAME:
        return pa.ipc.open_stream(body).read_all().to_pandas()
    if kind == _JSON:
        return orjson.loads(body)
    raise ValueError("unknown cache value encoding")


def make_key(namespace: str, version: str, args: tuple, kwargs: Mapping[str, Any]) -> str:
    """`imapdash:<namespace>:<version>:<sha256 of the arguments>`; arguments must be scalars/tuples."""
    for value in (*args, *kwargs.values()):
        if not isinstance(value, str | int | float | bool | tuple | frozenset | type(None)):
            raise TypeError(f"memoized arguments must be scalars or tuples, got {type(value).__name__}")
    digest = hashlib.sha256(repr((args, sorted(kwargs.items()))).encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}{namespace}:{version}:{digest}"


def cached(cache: Cache | None, key: str, compute: Callable[[], T], ttl: int = DEFAULT_TTL_SECONDS) -> T:
    """Return the value stored under `key`, computing and storing it on a miss."""
    if cache is None:
        return compute()
    raw = cache.get(key)
    if raw is not None:
        try:
            return decode(raw)
        except Exception as exc:  # a corrupt entry is a miss
            log.warning("ignoring unreadable cache entry %s (%s)", key, exc)
    value = compute()
    raw = encode(value)
    if len(raw) <= MAX_ITEM_BYTES:
        cache.set(key, raw, ttl)
    return value


def memoize(namespace: str, *, ttl: int = DEFAULT_TTL_SECONDS) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Memoize `fn(source, *scalars)` in the current app's cache, keyed by `source.version`.

    A new data version gives new keys, so stale entries are never read (they expire with `ttl`).
    Results must be DataFrames or JSON values; callers must treat returned frames as read-only.
    """

    def decorator(fn: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(fn)
        def wrapper(source: Any, *args: Any, **kwargs: Any) -> T:
            cache = current_cache()
            if cache is None:
                return fn(source, *args, **kwargs)
            key = make_key(namespace, str(source.version), args, kwargs)
            return cached(cache, key, lambda: fn(source, *args, **kwargs), ttl)

        return wrapper

    return decorator
