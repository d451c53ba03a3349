"""Feeds fetched from a local HTTP server: good RSS and Atom load; broken and hostile feeds are reported."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select

from imapdash.cli import main
from imapdash.datasets import load_datasets
from imapdash.db import open_engine, session_scope
from imapdash.news.classify import rules_for
from imapdash.news.ingest import FeedConfig, fetch_feeds, import_sample, load_items, read_feed_config, reclassify
from imapdash.news.models import NewsItem
from tests.conftest import BUNDLED_DATA, FIXTURE_DATA

FEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"
CAP = 1024 * 1024


ROUTES = {
    "/rss.xml": ("good_rss.xml", "application/rss+xml; charset=utf-8"),
    "/atom.xml": ("good_atom.xml", "application/atom+xml"),
    "/malformed.xml": ("malformed.xml", "application/rss+xml"),
    "/wrong-encoding.xml": ("wrong_encoding.xml", "application/rss+xml; charset=utf-8"),
}


class FeedHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path in ROUTES:
            name, content_type = ROUTES[self.path]
            self._send(200, (FEEDS / name).read_bytes(), content_type)
        elif self.path == "/huge.xml":
            # no Content-Length: the reader must stop at its cap, not trust the header
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            chunk = b"<!-- " + b"x" * 65_000 + b" -->\n"
            try:
                for _ in range(CAP // len(chunk) + 10):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/slow.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/to-file.xml":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/feed.xml")  # urllib alone would follow ftp:
            self.end_headers()
        else:
            self._send(404, b"not found", "text/plain")

    def _send(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def engine(tmp_path):
    return open_engine(f"sqlite:///{tmp_path / 'news.db'}")


@pytest.fixture(scope="module")
def rules():
    return rules_for(load_datasets(BUNDLED_DATA).countries)


def _feeds(base: str) -> list[FeedConfig]:
    return [
        FeedConfig("Good RSS", "en", f"{base}/rss.xml"),
        FeedConfig("Malformed", "en", f"{base}/malformed.xml"),
        FeedConfig("Huge", "en", f"{base}/huge.xml"),
        FeedConfig("Wrong encoding", "fr", f"{base}/wrong-encoding.xml"),
        FeedConfig("Missing", "en", f"{base}/missing.xml"),
        FeedConfig("Slow", "en", f"{base}/slow.xml"),
        FeedConfig("Redirect to file", "en", f"{base}/to-file.xml"),
        FeedConfig("Good Atom", "fr", f"{base}/atom.xml"),
    ]


def test_good_feeds_load_and_bad_ones_are_reported(feed_server, engine, rules):
    report = fetch_feeds(_feeds(feed_server), engine, rules, timeout=1.5, max_bytes=CAP)
    by_name = {r.name: r for r in report.results}
    assert [r.name for r in report.results] == [f.name for f in _feeds(feed_server)]

    rss = by_name["Good RSS"]
    assert (rss.status, rss.entries, rss.new_items, rss.duplicates, rss.rejected) == ("warning", 4, 2, 1, 1)
    assert "http(s)" in rss.message
    assert by_name["Good Atom"].status == "ok" and by_name["Good Atom"].new_items == 2

    assert by_name["Malformed"].status == "error" and "malformed" in by_name["Malformed"].message
    assert by_name["Huge"].status == "error" and "cap" in by_name["Huge"].message
    assert by_name["Wrong encoding"].status == "error" and "encoding" in by_name["Wrong encoding"].message
    assert by_name["Missing"].status == "error" and "404" in by_name["Missing"].message
    assert by_name["Slow"].status == "error" and "timed out" in by_name["Slow"].message
    assert by_name["Redirect to file"].status == "error" and "non-http(s)" in by_name["Redirect to file"].message
    assert report.new_items == 4

    with session_scope(engine=engine) as session:
        items = {i.guid: i for i in session.scalars(select(NewsItem))}
    assert set(items) == {"rss-1", "rss-2", "urn:imapdash:atom-1", "urn:imapdash:atom-2"}
    assert all(i.link.startswith("https://") for i in items.values())
    boat = items["rss-1"]
    assert boat.summary == "Rescuers found 12 survivors after the boat left Sfax in Tunisia."  # tags stripped
    assert str(boat.published) == "2023-03-14" and boat.outlet == "Good RSS" and boat.language == "en"
    assert boat.main_theme == "deaths"
    assert set(boat.countries.split(";")) >= {"ITA", "TUN"}
    evidence = json.loads(boat.matches)
    assert "capsiz*" in evidence["themes"]["deaths"] and "lampedusa" in evidence["countries"]["ITA"]
    maroc = items["urn:imapdash:atom-1"]
    assert maroc.language == "fr" and "detention" in maroc.themes.split(";") and maroc.countries.startswith("MAR")
    assert set(json.loads(maroc.matches)["terminology"]) == {"fr-irreguliers", "fr-clandestins"}
    arabic = items["urn:imapdash:atom-2"]
    # the Atom feed is configured as French; the entry's script says Arabic
    assert arabic.language == "ar" and arabic.main_theme == "deaths" and "LBY" in arabic.countries
    assert json.loads(arabic.matches)["terminology"] == ["ar-shariya"]


def test_fetching_twice_stores_nothing_new(feed_server, engine, rules):
    feeds = [FeedConfig("Good RSS", "en", f"{feed_server}/rss.xml")]
    assert fetch_feeds(feeds, engine, rules).new_items == 2
    again = fetch_feeds(feeds, engine, rules)
    assert again.new_items == 0 and again.results[0].duplicates == 3


def test_import_sample_is_idempotent_and_reads_back(engine):
    datasets = load_datasets(BUNDLED_DATA)
    rules = rules_for(datasets.countries)
    assert import_sample(engine, datasets.media, rules) == (2463, 0)  # syndicated copies are one story
    assert import_sample(engine, datasets.media, rules) == (0, 2463)
    items = load_items(engine)
    assert len(items) == 2463
    assert items["language"].value_counts().to_dict() == {"en": 2316, "fr": 46, "ar": 101}
    first = items[items["link"] == datasets.media["url"].iloc[0]].iloc[0]
    assert set(first["countries"].split(";")) >= {"LBN", "SYR"}  # editorial countries kept
    assert reclassify(engine, rules) == 2463
    again = load_items(engine).set_index("link")["countries"]
    assert again.loc[first["link"]] == first["countries"]


def test_cli_fetch_with_config_and_import_sample(feed_server, tmp_path, monkeypatch, capsys):
    config = tmp_path / "feeds.csv"
    config.write_text(
        f"name,language,feed_url,seen_at\nGood Atom,fr,{feed_server}/atom.xml,test\n"
        f"Missing,en,{feed_server}/missing.xml,test\n",
        encoding="utf-8",
    )
    assert [f.name for f in read_feed_config(config)] == ["Good Atom", "Missing"]
    monkeypatch.setenv("IMAPDASH_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("IMAPDASH_DATA_DIR", str(FIXTURE_DATA))
    assert main(["news", "fetch", "--config", str(config), "--timeout", "5"]) == 0
    out = capsys.readouterr().out
    assert "OK      Good Atom: 2 new" in out and "ERROR   Missing" in out and "HTTP 404" in out
    assert main(["news", "import-sample"]) == 0
    assert "imported 2 items" in capsys.readouterr().out


def test_cli_fetch_rejects_a_config_with_a_non_web_url(tmp_path, monkeypatch, capsys):
    config = tmp_path / "feeds.csv"
    config.write_text("name,language,feed_url\nLocal file,en,file:///etc/passwd\n", encoding="utf-8")
    monkeypatch.setenv("IMAPDASH_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("IMAPDASH_DATA_DIR", str(FIXTURE_DATA))
    assert main(["news", "fetch", "--config", str(config)]) == 1
    assert "not an http(s) URL" in capsys.readouterr().err
