"""`python -m imapdash news fetch | import-sample | reclassify`: fill and refresh the news_items table.

The commands open the database of `Settings.from_env()` without building the Flask app. `fetch`
reads the feeds of data/news_feeds.csv (or `--config FILE`, a CSV with the same columns) and exits
1 when every feed failed, 0 otherwise (a per-feed report is printed either way).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from imapdash.datasets import DatasetError, load_datasets
from imapdash.db import open_engine
from imapdash.settings import Settings

from .classify import rules_for
from .ingest import (
    MAX_FEED_BYTES,
    TIMEOUT_SECONDS,
    ConfigError,
    delete_all,
    feeds_from_frame,
    fetch_feeds,
    import_sample,
    read_feed_config,
    reclassify,
)
from .models import ensure_tables


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _fail(text: str) -> int:
    sys.stderr.write(text + "\n")
    return 1


def _context(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    settings = Settings.from_env()
    data_dir = Path(args.data_dir) if getattr(args, "data_dir", None) else settings.data_dir
    datasets = load_datasets(data_dir)
    engine = open_engine(settings.database_url)
    ensure_tables(engine)
    return datasets, engine


def _fetch(args: argparse.Namespace) -> int:
    try:
        datasets, engine = _context(args)
        feeds = read_feed_config(Path(args.config)) if args.config else feeds_from_frame(datasets.news_feeds)
    except (ConfigError, DatasetError) as exc:
        return _fail(f"news fetch: {exc}")
    report = fetch_feeds(
        feeds,
        engine,
        rules_for(datasets.countries),
        timeout=args.timeout,
        max_bytes=args.max_bytes,
        run_timeout=args.run_timeout,
    )
    for line in report.lines():
        _say(line)
    return 1 if feeds and len(report.failed) == len(feeds) else 0


def _import_sample(args: argparse.Namespace) -> int:
    try:
        datasets, engine = _context(args)
    except DatasetError as exc:
        return _fail(f"news import-sample: {exc}")
    if args.replace:
        _say(f"removed {delete_all(engine)} stored items")
    stored, duplicates = import_sample(engine, datasets.media, rules_for(datasets.countries))
    _say(f"imported {stored} items from data/media.csv ({duplicates} already stored)")
    return 0


def _reclassify(args: argparse.Namespace) -> int:
    try:
        datasets, engine = _context(args)
    except DatasetError as exc:
        return _fail(f"news reclassify: {exc}")
    _say(f"reclassified {reclassify(engine, rules_for(datasets.countries))} items")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `news` command and its subcommands to the main parser."""
    news = subparsers.add_parser("news", help="News Centre: fetch feeds, import the sample, reclassify")
    sub = news.add_subparsers(dest="news_command", required=True)
    fetch = sub.add_parser("fetch", help="fetch the configured RSS/Atom feeds into the database")
    fetch.add_argument("--config", help="CSV of feeds (columns name, language, feed_url); default data/news_feeds.csv")
    fetch.add_argument("--timeout", type=float, default=TIMEOUT_SECONDS, help="seconds allowed per feed (whole fetch)")
    fetch.add_argument(
        "--run-timeout",
        type=float,
        default=None,
        help="seconds allowed for all downloads (default: 2 x timeout per round)",
    )
    fetch.add_argument("--max-bytes", type=int, default=MAX_FEED_BYTES, help="largest feed body read")
    fetch.set_defaults(func=_fetch)
    sample = sub.add_parser("import-sample", help="import the bundled data/media.csv items")
    sample.add_argument("--replace", action="store_true", help="remove every stored item first")
    sample.set_defaults(func=_import_sample)
    again = sub.add_parser("reclassify", help="re-run the theme/country rules on every stored item")
    again.set_defaults(func=_reclassify)
    for parser in (fetch, sample, again):
        parser.add_argument("--data-dir", help="data directory (default: IMAPDASH_DATA_DIR or ./data)")
