"""Fetch RSS/Atom feeds into news_items, import the bundled sample, reclassify, read items back.

Feeds are hostile input. Each one is fetched with urllib (http/https only, also on redirects; a
total deadline, not only a socket timeout, so a server dripping bytes cannot hold the run; a read
cap, 5 MB by default) and only the bytes are handed to feedparser, which then never touches the
network. A feed that fails in any way (HTTP error, timeout, body over the cap, malformed XML,
bytes that do not match the declared encoding) is reported and skipped; the others go on.
Items whose link is not http(s) are rejected (notes §B10: links from data become hrefs).
Duplicates are dropped by guid and by link, against the database and within one run.
"""

from __future__ import annotations

import calendar
import csv
import html
import json
import logging
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import feedparser
import pandas as pd
from sqlalchemy import Engine, delete, func, select

from imapdash.db import session_scope, utcnow

from .classify import Rules, classify_text, item_text
from .language import LANGUAGES, guess_language
from .media import EDITORIAL, classify_media, is_web_link, items_frame
from .models import LINK_MAX, SUMMARY_MAX, TITLE_MAX, NewsItem, ensure_tables

log = logging.getLogger(__name__)

MAX_FEED_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 15.0
WORKERS = 4
USER_AGENT = "imapdash-news/1 (+https://github.com/; feed reader of the i-Map News Centre)"
FEED_COLUMNS = ("name", "language", "feed_url")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
# feedparser's "bozo" reasons that leave the text trustworthy: a wrong Content-Type header only.
_TOLERATED = (feedparser.NonXMLContentType,)


class FeedError(Exception):
    """One feed could not be used; the message goes into the report."""


class ConfigError(ValueError):
    """The feed configuration file cannot be used."""


@dataclass(frozen=True)
class FeedConfig:
    """One configured feed."""

    name: str
    language: str
    feed_url: str


@dataclass
class FeedResult:
    """What happened to one feed."""

    name: str
    feed_url: str
    status: str = "ok"  # ok | warning | error
    entries: int = 0
    new_items: int = 0
    duplicates: int = 0
    rejected: int = 0
    message: str = ""


@dataclass
class FetchReport:
    """Per-feed results of one run."""

    results: list[FeedResult] = field(default_factory=list)

    @property
    def new_items(self) -> int:
        """New items stored over all feeds."""
        return sum(r.new_items for r in self.results)

    @property
    def failed(self) -> list[FeedResult]:
        """Feeds reported as errors."""
        return [r for r in self.results if r.status == "error"]

    def lines(self) -> list[str]:
        """One readable line per feed, then a total."""
        out = [
            f"{r.status.upper():<7} {r.name}: {r.new_items} new, {r.duplicates} already stored, "
            f"{r.rejected} rejected" + (f" — {r.message}" if r.message else "")
            for r in self.results
        ]
        out.append(
            f"{self.new_items} new items from {len(self.results) - len(self.failed)} of {len(self.results)} feeds"
        )
        return out


def feeds_from_frame(frame: pd.DataFrame) -> list[FeedConfig]:
    """Feed configurations from a news_feeds table (datasets.news_feeds or a --config CSV)."""
    missing = [c for c in FEED_COLUMNS if c not in frame.columns]
    if missing:
        raise ConfigError(f"feed configuration lacks column(s): {', '.join(missing)}")
    feeds = []
    for number, row in enumerate(frame.to_dict("records"), start=2):
        url, language = str(row.get("feed_url") or "").strip(), str(row.get("language") or "").strip()
        if not is_web_link(url):
            raise ConfigError(f"row {number}: feed_url {url!r} is not an http(s) URL")
        if language not in LANGUAGES:
            raise ConfigError(f"row {number}: language {language!r} is not one of {', '.join(LANGUAGES)}")
        feeds.append(FeedConfig(str(row.get("name") or url).strip(), language, url))
    return feeds


def read_feed_config(path: Path) -> list[FeedConfig]:
    """Feeds listed in a CSV with the columns of data/news_feeds.csv."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    return feeds_from_frame(pd.DataFrame(rows, columns=list(rows[0]) if rows else list(FEED_COLUMNS)))


class _WebOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only (urllib would also follow ftp:)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not is_web_link(newurl):
            raise FeedError(f"redirect to a non-http(s) URL refused: {newurl[:100]}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _fetch_blocking(
    url: str, deadline: float, timeout: float, max_bytes: int, opener: urllib.request.OpenerDirector
) -> tuple[bytes, str]:
    """The download itself; each socket wait is bounded by what is left of `deadline`."""
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
        },
    )
    with opener.open(request, timeout=max(0.05, min(timeout, deadline - time.monotonic()))) as response:
        declared = response.headers.get("Content-Length")
        if declared and declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
            raise FeedError(f"body of {int(declared):,} bytes is over the {max_bytes:,}-byte cap")
        sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
        chunks, size = [], 0
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise FeedError(f"timed out after {timeout:g} s")
            if sock is not None:
                sock.settimeout(max(0.05, left))
            # read1: whatever one recv brings. read(n) waits for n bytes, so a server sending one byte a
            # second held a 5-second fetch for minutes (issue 16).
            chunk = response.read1(64 * 1024)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FeedError(f"body is over the {max_bytes:,}-byte cap")
            chunks.append(chunk)
        return b"".join(chunks), response.headers.get("Content-Type", "")


def fetch_bytes(url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_FEED_BYTES) -> tuple[bytes, str]:
    """The body and Content-Type of `url`; raises FeedError (scheme, HTTP status, deadline, size).

    `timeout` bounds the *whole* fetch (connect, headers, body), not each read: the download runs in
    a daemon thread and is abandoned at the deadline (a server dripping its headers cannot hold the
    caller; the thread ends at its next socket timeout, and never delays the process exit).
    """
    if not is_web_link(url):
        raise FeedError("only http(s) feed URLs are fetched")
    opener = urllib.request.build_opener(_WebOnlyRedirects)
    deadline = time.monotonic() + timeout
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(_fetch_blocking(url, deadline, timeout, max_bytes, opener))
        except BaseException as exc:  # handed to the caller below
            outcome.append(exc)

    worker = threading.Thread(target=run, name="feed-fetch", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()) + 0.05)
    if not outcome:
        raise FeedError(f"timed out after {timeout:g} s")
    result = outcome[0]
    if not isinstance(result, BaseException):
        return result
    try:
        raise result
    except FeedError:
        raise
    except urllib.error.HTTPError as exc:
        raise FeedError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise FeedError(f"timed out after {timeout:g} s") from None
        raise FeedError(f"cannot connect: {exc.reason}") from None
    except TimeoutError:
        raise FeedError(f"timed out after {timeout:g} s") from None
    except OSError as exc:
        raise FeedError(f"network error: {exc}") from None


def parse_feed(raw: bytes, content_type: str = "") -> tuple[list, str]:
    """Entries of a feed body and a warning ('' if none); raises FeedError for unusable bodies."""
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(raw, response_headers=headers)
    warning = ""
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        if isinstance(problem, _TOLERATED):
            warning = f"served with Content-Type {content_type!r}"
        elif isinstance(problem, feedparser.CharacterEncodingOverride | feedparser.CharacterEncodingUnknown):
            raise FeedError(f"the bytes do not match the declared encoding ({problem})")
        else:
            raise FeedError(f"malformed feed: {problem}")
    if not parsed.get("version") and not parsed.entries:
        raise FeedError("not an RSS or Atom feed")
    return list(parsed.entries), warning


def plain_text(value: object, limit: int) -> str:
    """Feed HTML as one line of text (tags dropped, entities decoded), at most `limit` characters."""
    text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", str(value or "")))).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _entry_date(entry: dict, fallback: date) -> date:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC).date()
    return fallback


def entry_to_item(entry: dict, feed: FeedConfig, rules: Rules, fetched_at: datetime) -> NewsItem | None:
    """A NewsItem for one feed entry, or None when its link is missing or not http(s)."""
    link = str(entry.get("link") or "").strip()
    if not is_web_link(link) or len(link) > LINK_MAX:
        return None
    title = plain_text(entry.get("title"), TITLE_MAX)
    summary = plain_text(entry.get("summary"), SUMMARY_MAX)
    guid = str(entry.get("id") or link).strip()[:LINK_MAX]
    language = guess_language(item_text(title, summary), feed.language)
    result = classify_text(item_text(title, summary), language, rules)
    return NewsItem(
        guid=guid,
        link=link,
        title=title or link,
        summary=summary,
        published=_entry_date(entry, fetched_at.date()),
        date_precision="day",
        outlet=feed.name[:300],
        language=language,
        countries=";".join(result.countries),
        themes=";".join(result.themes),
        main_theme=result.main_theme,
        matches=json.dumps(
            {
                "themes": result.theme_matches,
                "countries": result.country_matches,
                "terminology": list(result.terminology),
            },
            ensure_ascii=False,
        ),
        source_feed=feed.feed_url,
        fetched_at=fetched_at,
    )


def _known_keys(engine: Engine) -> tuple[set[str], set[str]]:
    with session_scope(engine=engine) as session:
        rows = session.execute(select(NewsItem.guid, NewsItem.link)).all()
    return {r.guid for r in rows}, {r.link for r in rows}


def store_items(engine: Engine, items: Iterable[NewsItem], known: tuple[set[str], set[str]]) -> tuple[int, int]:
    """Add items whose guid and link are both new; returns (stored, duplicates). Updates `known`."""
    guids, links = known
    fresh = []
    duplicates = 0
    for item in items:
        if item.guid in guids or item.link in links:
            duplicates += 1
            continue
        guids.add(item.guid)
        links.add(item.link)
        fresh.append(item)
    if fresh:
        with session_scope(engine=engine) as session:
            session.add_all(fresh)
    return len(fresh), duplicates


def _download(feed: FeedConfig, timeout: float, max_bytes: int, run_deadline: float) -> tuple[bytes, str] | FeedError:
    left = run_deadline - time.monotonic()
    if left <= 0.05:
        return FeedError("not fetched: the run's time limit was reached")
    try:
        return fetch_bytes(feed.feed_url, timeout=min(timeout, left), max_bytes=max_bytes)
    except FeedError as exc:
        return exc


def fetch_feeds(
    feeds: Sequence[FeedConfig],
    engine: Engine,
    rules: Rules,
    *,
    timeout: float = TIMEOUT_SECONDS,
    max_bytes: int = MAX_FEED_BYTES,
    workers: int = WORKERS,
    run_timeout: float | None = None,
) -> FetchReport:
    """Fetch every feed (downloads in parallel), store new items, and report per feed.

    `timeout` bounds each feed's whole download; `run_timeout` (default: two rounds of `timeout`
    over the worker pool) bounds every download of the run together: a feed not finished by then
    is reported as not fetched. Parsing and storing what arrived comes after that bound.
    """
    ensure_tables(engine)
    known = _known_keys(engine)
    report = FetchReport()
    workers = max(1, workers)
    if run_timeout is None:
        run_timeout = timeout * 2 * max(1, -(-len(feeds) // workers))
    run_deadline = time.monotonic() + run_timeout
    with ThreadPoolExecutor(max_workers=workers) as pool:
        downloads = list(pool.map(lambda f: _download(f, timeout, max_bytes, run_deadline), feeds))
    for feed, download in zip(feeds, downloads, strict=True):
        result = FeedResult(feed.name, feed.feed_url)
        report.results.append(result)
        try:
            if isinstance(download, FeedError):
                raise download
            entries, result.message = parse_feed(*download)
            fetched_at = utcnow()
            result.entries = len(entries)
            items = [entry_to_item(e, feed, rules, fetched_at) for e in entries]
            result.rejected = sum(item is None for item in items)
            result.new_items, result.duplicates = store_items(engine, [i for i in items if i is not None], known)
            if result.message or result.rejected:
                result.status = "warning"
                if result.rejected:
                    result.message = "; ".join(
                        filter(None, [result.message, f"{result.rejected} item(s) without an http(s) link"])
                    )
        except FeedError as exc:
            result.status, result.message = "error", str(exc)
        except Exception as exc:  # one feed must never stop the others; the report names the cause
            log.exception("feed %s failed", feed.feed_url)
            result.status, result.message = "error", f"unexpected {type(exc).__name__}: {exc}"
        log.info("feed %s: %s %s", feed.feed_url, result.status, result.message)
    return report


def _record_to_item(record: dict) -> NewsItem:
    published = record["published"]
    return NewsItem(
        guid=record["guid"],
        link=record["link"],
        title=record["title"][:TITLE_MAX],
        summary=(record["summary"] or "")[:SUMMARY_MAX],
        published=published.date(),
        date_precision=record["date_precision"],
        outlet=record["outlet"][:300],
        language=record["language"],
        countries=record["countries"],
        themes=record["themes"],
        main_theme=record["main_theme"],
        matches=json.dumps(record["matches"], ensure_ascii=False),
        source_feed=record["source_feed"],
        fetched_at=utcnow(),
    )


def import_sample(engine: Engine, media: pd.DataFrame, rules: Rules) -> tuple[int, int]:
    """Import the bundled data/media.csv rows; returns (stored, duplicates). Safe to run twice."""
    ensure_tables(engine)
    frame = classify_media(media, rules)
    items = [_record_to_item(r) for r in frame.to_dict("records")]
    return store_items(engine, items, _known_keys(engine))


def reclassify(engine: Engine, rules: Rules) -> int:
    """Re-run the rules on every stored item (after editing rules/*.json); returns items updated.

    Editorial countries of the sample (evidence "listed in data/media.csv") are kept.
    """
    ensure_tables(engine)
    changed = 0
    with session_scope(engine=engine) as session:
        for item in session.scalars(select(NewsItem)):
            old = json.loads(item.matches or "{}")
            editorial = [iso3 for iso3, words in old.get("countries", {}).items() if EDITORIAL in words]
            result = classify_text(item_text(item.title, item.summary), item.language, rules)
            countries = list(dict.fromkeys([*editorial, *result.countries]))
            country_matches = {iso3: [EDITORIAL] for iso3 in editorial}
            for iso3, words in result.country_matches.items():
                country_matches[iso3] = [*country_matches.get(iso3, []), *words]
            item.countries = ";".join(countries)
            item.themes = ";".join(result.themes)
            item.main_theme = result.main_theme
            item.matches = json.dumps(
                {"themes": result.theme_matches, "countries": country_matches, "terminology": list(result.terminology)},
                ensure_ascii=False,
            )
            changed += 1
    return changed


def stored_state(engine: Engine) -> tuple[int, int, str] | None:
    """(rows, max id, latest fetch) of news_items, or None when the table is missing or unreadable."""
    try:
        with session_scope(engine=engine) as session:
            count, top, latest = session.execute(
                select(func.count(NewsItem.id), func.max(NewsItem.id), func.max(NewsItem.fetched_at))
            ).one()
    except Exception:  # no table yet, or a database that cannot be read: the view falls back to the sample
        log.debug("news_items not readable", exc_info=True)
        return None
    return int(count or 0), int(top or 0), str(latest or "")


def load_items(engine: Engine) -> pd.DataFrame:
    """Every stored item as the standard items frame of `imapdash.news.media`."""
    with session_scope(engine=engine) as session:
        rows = [
            {
                "item_id": i.id,
                "guid": i.guid,
                "link": i.link,
                "title": i.title,
                "summary": i.summary or "",
                "published": pd.Timestamp(i.published),
                "date_precision": i.date_precision,
                "outlet": i.outlet,
                "language": i.language,
                "countries": i.countries,
                "themes": i.themes,
                "main_theme": i.main_theme,
                "matches": i.matches,
                "source_feed": i.source_feed,
            }
            for i in session.scalars(select(NewsItem))
        ]
    return items_frame(rows)


def delete_all(engine: Engine) -> int:
    """Remove every stored item (used by tests and `news import-sample --replace`)."""
    ensure_tables(engine)
    with session_scope(engine=engine) as session:
        return session.execute(delete(NewsItem)).rowcount or 0
