"""The News Centre's frames: the items (database or bundled sample), then one selection per state.

Where the items come from (`news_items`, the view's only data access): the database table
news_items when it holds any item (feeds fetched with `python -m imapdash news fetch` or the admin
button, and/or the sample imported with `news import-sample`); otherwise the bundled sample
straight from `datasets.media`, with the classification computed when the data was built
(`news.precomputed`; classified in memory when that file is not for these items), so a fresh
install shows the News Centre without any import. Both paths give the same frame. Every cache
here is a bounded LRU keyed by what the value is a pure function of: the sample per data version,
the table per (row count, last fetch), a selection per (corpus, state), so the items are filtered
once per state.
Treat the frames as read-only: they are shared between requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import flask
import pandas as pd
from sqlalchemy import Engine

from ...datasets import Datasets
from ...db import EXTENSION_KEY
from ...lru import BoundedLRU
from ...news.classify import Rules, rules_for
from ...news.ingest import load_items, stored_state
from ...news.media import NewsFilters, TermIndex, filter_items
from ...news.precomputed import classified_sample
from ...releases.provider import concrete
from ..context import ViewContext
from .state import NewsState

_SAMPLES: BoundedLRU[str, pd.DataFrame] = BoundedLRU(2)
_STORED: BoundedLRU[tuple, pd.DataFrame] = BoundedLRU(4)
_CORPORA: BoundedLRU[tuple, Corpus] = BoundedLRU(4)
_SELECTIONS: BoundedLRU[tuple, Selection] = BoundedLRU(32)


def current_engine() -> Engine | None:
    """The app's database engine, or None outside an app (read at the edge: callback wrappers, the layout)."""
    if not flask.has_app_context():
        return None
    return flask.current_app.extensions.get(EXTENSION_KEY)


def news_items(datasets: Datasets, engine: Engine | None = None) -> tuple[pd.DataFrame, str]:
    """The items the view shows and where they come from ("database" or "sample"); see the module doc.

    Without `engine`, the current app's database (if any) is asked.
    """
    items, origin, _key = _items(concrete(datasets), engine if engine is not None else current_engine())
    return items, origin


def _items(datasets: Datasets, engine: Engine | None) -> tuple[pd.DataFrame, str, tuple]:
    state = stored_state(engine) if engine is not None else None
    if state is not None and state[0] > 0:
        return _STORED.get_or_compute((engine.url, state), lambda: load_items(engine)), "database", state
    sample = _SAMPLES.get_or_compute(datasets.version, lambda: classified_sample(datasets.media, datasets.countries))
    return sample, "sample", (datasets.version,)


@dataclass(frozen=True)
class Corpus:
    """The items shown, where they come from, the keyword rules and what the controls may take."""

    items: pd.DataFrame
    origin: str
    rules: Rules
    key: tuple  # what the items are a pure function of (data version, or the table's state)
    bounds: tuple[int, int]  # first and last publication year

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(self.rules.theme_labels)

    @cached_property
    def term_index(self) -> TermIndex:
        """The items' term keys as arrays (built on first use, kept with the corpus)."""
        return TermIndex.build(self.items, "terms")

    @cached_property
    def bigram_index(self) -> TermIndex:
        return TermIndex.build(self.items, "bigrams")

    def top_terms(self, selected: pd.DataFrame, column: str = "terms", n: int = 15) -> pd.DataFrame:
        """`news.media.top_terms` of `selected` (rows of `items`), counted on the corpus's index."""
        index = self.term_index if column == "terms" else self.bigram_index
        return index.top(self.items.index.get_indexer(selected.index), n)


def year_bounds(items: pd.DataFrame) -> tuple[int, int]:
    """First and last publication year of the items."""
    if items.empty:
        return 2014, 2014
    years = items["published"].dt.year
    return int(years.min()), int(years.max())


def corpus(vc: ViewContext, engine: Engine | None = None) -> Corpus:
    """The request's corpus (once per context, and per items and countries across requests).

    `engine` is the news database, if any; asking it whether it holds items is the only work a
    request repeats.
    """

    def load() -> Corpus:
        items, origin, key = _items(vc.datasets, engine)
        full_key = (origin, *key, vc.datasets.version)
        return _CORPORA.get_or_compute(
            full_key,
            lambda: Corpus(items, origin, rules_for(vc.datasets.countries), full_key, year_bounds(items)),
        )

    return vc.once("news.corpus", load)


@dataclass(frozen=True)
class Selection:
    """The items a state selects, and the same without the search text (the terminology chart compares
    words, so the search text, which would select the word, does not apply to it)."""

    selected: pd.DataFrame
    for_terms: pd.DataFrame


def selection(source: Corpus, state: NewsState) -> Selection:
    """The state's items, filtered once per (corpus, state) for every chart and the list."""

    def compute() -> Selection:
        without_text = NewsFilters(**{**state.filters.__dict__, "text": None})
        return Selection(filter_items(source.items, state.filters), filter_items(source.items, without_text))

    return _SELECTIONS.get_or_compute((source.key, state), compute)
