"""CSV export that keeps numbers as numbers and neutralises formulas in text cells (CWE-1236)."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence

from ..i18n import strip_isolates

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralise(value: object) -> object:
    """A text cell without directional isolates, prefixed with a quote when a spreadsheet would run it as a
    formula; numbers as they are."""
    if not isinstance(value, str):
        return value
    value = strip_isolates(value)  # the page's bidi marks around Latin text in Arabic sentences
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, bool):
        return int(value)
    return neutralise(value)


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[object]], tags: Sequence[str] | None = None) -> str:
    """Write rows as CSV text: header first, numbers unquoted, text neutralised.

    `tags` (e.g. `imapdash.api.hxl.hashtags(columns)`) adds an HXL hashtag row under the header.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(c) for c in columns])
    if tags is not None:
        writer.writerow(list(tags))
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue()
