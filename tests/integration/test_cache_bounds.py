"""Caches are bounded by bytes (per process and in Redis) and the API keys them by what it reads.

Issue 16 (High): `GET /api/v1/flows.json?cb=N` stored one whole body per value of an ignored
parameter, in a cache bounded by count only (and not at all in Redis).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest

from imapdash.cache import (
    MAX_ITEM_BYTES,
    REDIS_TOTAL_KEY,
    MemoryCache,
    RedisCache,
    cached,
    current_cache,
)


def test_memory_cache_is_bounded_by_bytes_oldest_out() -> None:
    cache = MemoryCache(max_items=1000, max_bytes=10_000)
    for n in range(50):
        cache.set(f"k{n}", b"x" * 1000)
    assert cache.size_bytes <= 10_000
    assert cache.get("k49") == b"x" * 1000
    assert cache.get("k0") is None
    cache.set("k49", b"y" * 10)  # replacing a value releases its bytes
    assert cache.size_bytes <= 9 * 1000 + 10
    cache.set("huge", b"z" * 20_000)  # larger than the whole budget: not stored, nothing evicted
    assert cache.get("huge") is None and cache.get("k49") == b"y" * 10


def test_values_above_the_item_limit_are_never_cached() -> None:
    cache = MemoryCache()
    calls = []

    def big() -> str:
        calls.append(1)
        return "x" * (MAX_ITEM_BYTES + 1)

    cached(cache, "big", big)
    cached(cache, "big", big)
    assert len(calls) == 2 and cache.size_bytes == 0
    assert cached(cache, "small", lambda: "ok") == "ok" and cache.get("small") is not None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def redis_client() -> Iterator[object]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server not found (Debian: apt-get install redis-server)")
    import redis

    port = _free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield client
    finally:
        proc.terminate()
        proc.wait(10)


def test_redis_cache_keeps_a_shared_byte_budget(redis_client) -> None:
    redis_client.flushall()
    worker_a = RedisCache("redis://unused", client=redis_client, max_bytes=50_000)
    worker_b = RedisCache("redis://unused", client=redis_client, max_bytes=50_000)
    for n in range(200):
        (worker_a if n % 2 else worker_b).set(f"imapdash:api.flows:v:{n}", b"x" * 1000)
    stored = list(redis_client.keys("imapdash:api.flows:*"))
    assert 0 < len(stored) <= 50
    assert sum(len(redis_client.get(k)) for k in stored) <= 50_000
    assert int(redis_client.get(REDIS_TOTAL_KEY)) <= 50_000
    assert worker_a.get("imapdash:api.flows:v:199") == b"x" * 1000  # newest kept, oldest gone
    assert worker_a.get("imapdash:api.flows:v:0") is None
    used = redis_client.info("memory")["used_memory"]
    assert used < 5 * 1024 * 1024  # the index and the sizes stay small too


def test_ignored_query_parameters_neither_grow_the_cache_nor_pass(app, client) -> None:
    cache = None
    with app.server.app_context():
        cache = current_cache()
    assert client.get("/api/v1/flows.json?route=other").status_code == 200
    size = cache.size_bytes
    assert size > 0
    for n in range(20):
        response = client.get(f"/api/v1/flows.json?route=other&cb={n}")
        assert response.status_code == 400
        assert response.get_json()["parameter"] == "cb"
    assert cache.size_bytes == size
    # the same query spelled differently is one entry
    client.get("/api/v1/flows.json?route=other&year=")
    client.get("/api/v1/flows.json?route=other,other")
    client.get("/api/v1/flows.json?year=&route=other&restricted=0")
    assert cache.size_bytes == size


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/indicators.json?x=1",
        "/api/v1/indicators/migrant_stock_total.json?iso=ITA",
        "/api/v1/countries/ITA.json?year=2023",
        "/api/v1/routes.json?route=other",
        "/api/v1/composition.csv?nationality=SYR",
        "/api/v1/flows/by-route.json?from=2023&measure=detections&cb=1",
    ],
)
def test_every_endpoint_refuses_parameters_it_does_not_read(client, url) -> None:
    response = client.get(url)
    assert response.status_code == 400, url
    assert response.is_json and response.get_json()["parameter"] in ("x", "iso", "year", "route", "nationality", "cb")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/flows.json?year=%C2%B2",  # '²'
        "/api/v1/flows.json?year=%D9%A2%D9%A0%D9%A2%D9%A3",  # Arabic-Indic 2023
        "/api/v1/composition.json?year=%E2%91%A0",  # '①'
        "/api/v1/indicators/migrant_stock_total.json?year=%C2%B2",
        "/api/v1/flows.json?release=%E2%91%A0",
        "/api/v1/flows.json?nationality=%C2%B2%C2%B2%C2%B2",
        "/api/v1/flows/by-route.json?from=%D9%A2%D9%A0%D9%A2%D9%A3&measure=detections",
    ],
)
def test_unicode_digits_are_a_bad_request_not_a_crash(client, url) -> None:
    response = client.get(url)
    assert response.status_code in (400, 404), url
    assert response.is_json and "error" in response.get_json()


def test_unicode_digits_in_release_numbers_do_not_crash_pages(client) -> None:
    for url in ("/?release=%E2%91%A0", "/releases?from=%C2%B2&to=%E2%91%A0"):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("url", ["/api/v1/nonexistent", "/api/v2/flows.json", "/api", "/api/v1/flows/by-country.json"])
def test_unknown_api_paths_are_json_404(client, url) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.is_json and "error" in response.get_json()
    assert client.post(url).status_code == 404
    assert client.get("/api/v1/flows.json?route=other").status_code == 200  # real endpoints still answer
