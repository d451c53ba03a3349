"""One bounded, thread-safe LRU mapping for the app's small in-process caches.

Use it where a value is a pure function of its key (a data release, a language, a query) and the
set of keys can grow without bound: name lookups per data version and language, loaded releases,
release diffs, news samples. The bound is the point: a per-process cache must not grow with the
number of distinct URLs a crawler can invent.

    names = BoundedLRU(16)
    value = names.get_or_compute((datasets.version, lang), lambda: build(datasets, lang))

Values are shared between requests, so callers treat them as read-only. Two threads missing the same
key may both compute it (the computation runs outside the lock, so one slow build never blocks the
readers of other keys); the last one stored wins, which is harmless for pure values.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_MISSING = object()


class BoundedLRU(Generic[K, V]):
    """At most `max_items` entries; reading or writing a key makes it the most recent."""

    def __init__(self, max_items: int) -> None:
        if max_items < 1:
            raise ValueError("an LRU needs room for at least one item")
        self.max_items = max_items
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: K, default: V | None = None) -> V | None:
        """The value under `key` (now the most recent), or `default`."""
        with self._lock:
            value = self._items.get(key, _MISSING)
            if value is _MISSING:
                self.misses += 1
                return default
            self._items.move_to_end(key)
            self.hits += 1
            return value  # type: ignore[return-value]

    def put(self, key: K, value: V) -> V | None:
        """Store `value`; returns the least recent value evicted to make room, if any."""
        evicted: V | None = None
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.max_items:
                _, evicted = self._items.popitem(last=False)
        return evicted

    def get_or_compute(self, key: K, compute: Callable[[], V]) -> V:
        """The value under `key`, computed (outside the lock) and stored on a miss."""
        with self._lock:
            value = self._items.get(key, _MISSING)
            if value is not _MISSING:
                self._items.move_to_end(key)
                self.hits += 1
                return value  # type: ignore[return-value]
            self.misses += 1
        value = compute()
        self.put(key, value)
        return value

    def pop(self, key: K, default: V | None = None) -> V | None:
        with self._lock:
            return self._items.pop(key, default)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def keys(self) -> list[K]:
        """Keys from least to most recent (a copy)."""
        with self._lock:
            return list(self._items)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._items

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __iter__(self) -> Iterator[K]:
        return iter(self.keys())
