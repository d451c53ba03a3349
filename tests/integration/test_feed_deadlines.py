"""A feed server dripping bytes cannot hold `news fetch` past its deadlines (issue 16, Medium).

Before: the timeout bounded each socket read, and `read(64 KB)` waited for 64 KB, so a server
sending one byte a second held `news fetch --timeout 5` for 122 s.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from imapdash.datasets import load_datasets
from imapdash.db import open_engine
from imapdash.news.classify import rules_for
from imapdash.news.ingest import FeedConfig, FeedError, fetch_bytes, fetch_feeds
from tests.conftest import FIXTURE_DATA

RSS_START = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>' + b" " * 10_000


def _drip_server(headers_too: bool) -> tuple[socket.socket, threading.Event, str]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    stop = threading.Event()

    def serve(conn: socket.socket) -> None:
        try:
            conn.recv(4096)
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n"
            payload = head + RSS_START if headers_too else RSS_START
            if not headers_too:
                conn.sendall(head)
            for byte in payload:
                if stop.is_set():
                    break
                conn.sendall(bytes([byte]))
                time.sleep(0.05)  # 20 bytes/s: every read gets something well within any socket timeout
        except OSError:
            pass
        finally:
            conn.close()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return listener, stop, f"http://127.0.0.1:{listener.getsockname()[1]}/feed.xml"


@pytest.fixture(params=[False, True], ids=["drips-body", "drips-headers"])
def drip_url(request) -> Iterator[str]:
    listener, stop, url = _drip_server(headers_too=request.param)
    yield url
    stop.set()
    listener.close()


def test_the_timeout_bounds_the_whole_fetch_of_one_feed(drip_url):
    started = time.monotonic()
    with pytest.raises(FeedError, match="timed out"):
        fetch_bytes(drip_url, timeout=1.0)
    assert time.monotonic() - started < 2.5


def test_news_fetch_bounds_the_whole_run(drip_url, tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'n.db'}")
    rules = rules_for(load_datasets(FIXTURE_DATA).countries)
    feeds = [FeedConfig(f"Slow {n}", "en", drip_url) for n in range(6)]
    started = time.monotonic()
    report = fetch_feeds(feeds, engine, rules, timeout=1.0, workers=2, run_timeout=1.5)
    elapsed = time.monotonic() - started
    assert elapsed < 3.5, f"{elapsed:.1f} s"
    assert all(r.status == "error" for r in report.results)
    assert any("time limit" in r.message for r in report.results)
    engine.dispose()
