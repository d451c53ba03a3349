"""Interface languages (English, French, Arabic): message catalogues, direction, number formats.

Catalogues are JSON files in `messages/<lang>/<namespace>.json` (one namespace per part of the app, so
views can be translated independently), merged per language; a unit test fails
when a key used in the code, or present in English, is missing from any catalogue. Placeholders use
`str.format` names: `t("footer.version", lang, version="1.2")`.
"""

from __future__ import annotations

import json
import math
import re
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


FSI, PDI = "\u2068", "\u2069"  # first-strong isolate ... pop directional isolate (Unicode bidi)
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def isolate(text: str) -> str:
    """`text` between FSI and PDI when it holds Latin letters, so that in a right-to-left sentence it keeps
    its own order and does not pull the punctuation and numbers around it along ('Frontex: 66,855' in Arabic
    read 'Frontex :66,855'; '2026-W49' read 'W49-2026'). Arabic text and plain numbers (which already
    read right in Arabic) are returned as they are, and so are plotly's %{...} placeholders."""
    if not text or text.startswith(FSI) or "%{" in text or not _LATIN.search(text):
        return text
    return f"{FSI}{text}{PDI}"


_ISOLATE_MARKS = dict.fromkeys(range(0x2066, 0x206A))  # LRI, RLI, FSI, PDI


def strip_isolates(text: str) -> str:
    """`text` without the directional isolates `isolate` puts in for the page: in a CSV cell or a name read
    back from a figure they are invisible characters that break lookups and comparisons."""
    return text.translate(_ISOLATE_MARKS)


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """Translate `key` into `lang`, filling `{placeholders}`; raises MissingMessage for unknown keys.

    In a right-to-left language every text value with Latin letters is isolated (`isolate`): names, codes
    and units then sit in the sentence in its reading order, whatever surrounds them.
    """
    code = normalise_language(lang)
    messages = catalogue(code)
    try:
        text = messages[key]
    except KeyError:
        raise MissingMessage(f"{key!r} missing from the {lang} catalogue") from None
    if not values:
        return text
    if code in RTL_LANGUAGES:
        values = {k: isolate(v) if isinstance(v, str) else v for k, v in values.items()}
    return text.format(**values)


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
