"""Text helpers every audience of the partner area shares: the reader's language, translated codes, numbers."""

from __future__ import annotations

import pandas as pd

from ...i18n import catalogue, format_value, normalise_language, t

MAX_TABLE_ROWS = 200
MAX_PREVIEW_ROWS = 100


def reader_language(value: object) -> str:
    """The reader's language from `app-root.lang` (anything that is not a known code gives English)."""
    return normalise_language(value if isinstance(value, str) else None)


def code_label(prefix: str, value: object, lang: str) -> str:
    """The translation of a known code (status, role, group…), else the code itself."""
    key = f"{prefix}.{str(value).replace(' ', '_').replace('(', '').replace(')', '')}"
    return t(key, lang) if key in catalogue(normalise_language(lang)) else str(value)


def typed_number(value: float | None, lang: str) -> str:
    """A value as typed by people: no decimals for whole numbers, up to two otherwise; "—" when absent."""
    if value is None or pd.isna(value):
        return "—"
    value = float(value)
    return format_value(value, lang, decimals=0 if value.is_integer() else 2)


def clicked_button(triggered_id: object, value: object, clicks: list | None) -> tuple[str, int] | None:
    """(button type, index) of the pattern-matching button that fired, or None (a re-render, not a click)."""
    if not isinstance(triggered_id, dict) or not any(clicks or []) or not value:
        return None
    return str(triggered_id["type"]), int(triggered_id["index"])
