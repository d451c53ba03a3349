"""What every dataset module reads: the reference folder and the curated tables."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from databuild.curated import Curated

log = logging.getLogger("databuild")
T = TypeVar("T")


@dataclass
class Inputs:
    """The reference folder, the curated tables, and frames shared between datasets within one build."""

    ref: Path
    curated: Curated
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def read(self, name: str, **kwargs: Any) -> pd.DataFrame:
        """Read one reference CSV (path relative to the reference folder)."""
        path = self.ref / name
        log.debug("reading %s", path)
        return pd.read_csv(path, **kwargs)

    def read_text(self, name: str) -> pd.DataFrame:
        """Read a reference CSV keeping every cell as the exact text (empty cell -> "")."""
        return self.read(name, dtype=str, keep_default_na=False)

    def shared(self, key: str, build: Callable[[], T]) -> T:
        """`build()` once per build for frames two datasets use (e.g. arrivals for indicator values)."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]
