"""Interface languages (English, French, Arabic): message catalogues, direction, number formats.

Catalogues are JSON files in `messages/<lang>/<namespace>.json` (one namespace per part of the app, so
views can be translated independently), merged per language; a unit test fails
when a key used in the code, or present in English, is missing from any catalogue. Placeholders use
`str.format` names: `t("footer.version", lang, version="1.2")`.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

from babel.numbers import format_decimal

LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français", "ar": "العربية"}
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar"})
MESSAGES_DIR = Path(__file__).resolve().parent / "messages"


class MissingMessage(KeyError):
    """A key is absent from a catalogue (tests turn this into a failure)."""


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The messages of one language (read once per process, then cached)."""
    merged: dict[str, str] = {}
    for path in sorted((MESSAGES_DIR / lang).glob("*.json")):
        for key, text in json.loads(path.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"{key!r} is defined twice in the {lang} catalogues ({path.name})")
            merged[key] = text
    return merged


def normalise_language(value: str | None) -> str:
    """A supported language code from a URL/query value; anything else gives the default."""
    code = (value or "").strip().lower()[:2]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """Translate `key` into `lang`, filling `{placeholders}`; raises MissingMessage for unknown keys."""
    messages = catalogue(normalise_language(lang))
    try:
        text = messages[key]
    except KeyError:
        raise MissingMessage(f"{key!r} missing from the {lang} catalogue") from None
    return text.format(**values) if values else text


def direction(lang: str) -> str:
    """'rtl' for right-to-left languages, else 'ltr'."""
    return "rtl" if normalise_language(lang) in RTL_LANGUAGES else "ltr"


def format_value(value: float | None, lang: str = DEFAULT_LANGUAGE, *, unit: str = "persons", decimals: int = 0) -> str:
    """A figure with its unit in the reader's conventions; None/NaN gives the translated 'no data'."""
    lang = normalise_language(lang)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("common.no_data", lang)
    if unit == "percent":
        digits = max(decimals, 1)
        return t("unit.percent", lang, value=format_decimal(value, format=f"#,##0.{'0' * digits}", locale=lang))
    if unit == "usd":
        for threshold, key in ((1e9, "unit.usd_bn"), (1e6, "unit.usd_m")):
            if abs(value) >= threshold:
                return t(key, lang, value=format_decimal(value / threshold, format="#,##0.00", locale=lang))
        return t("unit.usd", lang, value=format_decimal(value, format="#,##0", locale=lang))
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=lang)


def country_name(names: dict[str, dict[str, str]], iso3: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A country's name in `lang` from a {iso3: {lang: name}} mapping; the code if unknown."""
    entry = names.get(iso3)
    if not entry:
        return iso3
    return entry.get(normalise_language(lang)) or entry.get(DEFAULT_LANGUAGE) or iso3
