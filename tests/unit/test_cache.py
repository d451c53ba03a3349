"""Cache facade: memory and Redis backends, data-only encoding, memoize keyed by data version."""

from __future__ import annotations

from types import SimpleNamespace

import flask
import pandas as pd
import pytest

from imapdash.cache import (
    MemoryCache,
    RedisCache,
    cache_from_url,
    cached,
    decode,
    encode,
    init_cache,
    make_key,
    memoize,
)
from imapdash.ops import usage_counts, usage_key
from imapdash.settings import Settings


class FakeRedis:
    """The few Redis calls RedisCache makes, in a dict; `broken` makes every call fail."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}
        self.broken = False

    def _check(self) -> None:
        if self.broken:
            raise ConnectionError("redis is down")

    def get(self, key):
        self._check()
        return self.data.get(key)

    def set(self, key, value, ex=None):
        self._check()
        self.data[key] = value

    def pipeline(self):
        return FakePipeline(self)

    def register_script(self, _source):
        # the byte budget is tested against a real redis-server (tests/integration/test_cache_bounds.py)
        def run(keys, args):
            self._check()
            self.data[keys[0]] = args[0]

        return run

    def scan_iter(self, match, count=None):
        self._check()
        return [k.encode() for k in self.data if k.startswith(match.rstrip("*"))]

    def mget(self, keys):
        return [self.data.get(k.decode()) for k in keys]


class FakePipeline:
    def __init__(self, redis: FakeRedis) -> None:
        self.redis, self.ops = redis, []

    def incrby(self, key, amount):
        self.ops.append((key, amount))

    def expire(self, key, ttl):
        pass

    def execute(self):
        self.redis._check()
        key, amount = self.ops[0]
        value = int(self.redis.data.get(key, b"0")) + amount
        self.redis.data[key] = str(value).encode()
        return [value]


def test_frames_round_trip_with_their_dtypes() -> None:
    frame = pd.DataFrame({"route_id": ["a", "b"], "value": [1, 2], "partial": [True, False]})
    back = decode(encode(frame))
    pd.testing.assert_frame_equal(back, frame)
    assert decode(encode({"rows": [1, "x", None]})) == {"rows": [1, "x", None]}
    with pytest.raises(ValueError):
        decode(b"Pgarbage")  # pickles are never read


def test_keys_carry_namespace_version_and_refuse_frames() -> None:
    key = make_key("flows.by_route", "v9", ("2023", 5), {"restricted": False})
    assert key.startswith("imapdash:flows.by_route:v9:")
    assert key != make_key("flows.by_route", "v9", ("2023", 6), {"restricted": False})
    with pytest.raises(TypeError):
        make_key("x", "v", (pd.DataFrame(),), {})


def test_memory_cache_expires_and_evicts() -> None:
    cache = MemoryCache(max_items=2)
    cache.set("a", b"1")
    cache.set("b", b"2")
    cache.get("a")
    cache.set("c", b"3")  # evicts the least recently used: b
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (b"1", None, b"3")
    cache.set("old", b"x", ttl=-1)
    assert cache.get("old") is None
    assert cache.incr("n") == 1 and cache.incr("n", 2) == 3
    assert cache.counters("n") == {"n": 3}


def test_backend_follows_the_redis_url_setting() -> None:
    assert isinstance(cache_from_url(Settings.from_env({}).redis_url), MemoryCache)
    redis_url = Settings.from_env({"IMAPDASH_REDIS_URL": "redis://127.0.0.1:1/0"}).redis_url
    assert isinstance(cache_from_url(redis_url), RedisCache)


def test_redis_cache_shares_values_and_survives_an_outage() -> None:
    fake = FakeRedis()
    worker_a, worker_b = RedisCache("redis://x", client=fake), RedisCache("redis://x", client=fake)
    calls = []
    assert cached(worker_a, "k", lambda: calls.append(1) or {"v": 1}) == {"v": 1}
    assert cached(worker_b, "k", lambda: calls.append(2) or {"v": 2}) == {"v": 1}
    assert calls == [1]
    worker_a.incr(usage_key("api_v1.flows", "2025-01-01"))
    worker_b.incr(usage_key("api_v1.flows", "2025-01-01"))
    assert usage_counts(worker_a, "2025-01-01") == {"api_v1.flows": 2}
    fake.broken = True
    assert cached(worker_a, "k2", lambda: 7) == 7  # a miss, computed, no exception
    assert worker_a.incr("n") == 0
    assert worker_a.counters("imapdash:") == {}


def test_memoize_uses_the_app_cache_and_the_source_version() -> None:
    calls: list[tuple] = []

    @memoize("test.double")
    def double(source, x: int) -> dict:
        calls.append((source.version, x))
        return {"x": x * 2}

    v1, v2 = SimpleNamespace(version="v1"), SimpleNamespace(version="v2")
    assert double(v1, 2) == {"x": 4}  # no app context: computed every time
    assert double(v1, 2) == {"x": 4}
    server = flask.Flask("t")
    init_cache(server, MemoryCache())
    with server.app_context():
        double(v1, 3)
        double(v1, 3)
        double(v2, 3)
    assert calls == [("v1", 2), ("v1", 2), ("v1", 3), ("v2", 3)]
