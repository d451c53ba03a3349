"""Catalogues are complete and formatting follows each language's conventions."""

import ast
from pathlib import Path

import pytest

from imapdash.i18n import LANGUAGES, MissingMessage, catalogue, direction, format_value, normalise_language, t

PACKAGE = Path(__file__).resolve().parents[2] / "imapdash"


def keys_used_in_code() -> set[str]:
    """Every literal first argument of a call to t(...) anywhere in the package."""
    used = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "t"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                used.add(node.args[0].value)
    return used


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_catalogue_has_every_english_key(lang):
    missing = set(catalogue("en")) - set(catalogue(lang))
    assert missing == set(), f"{lang} lacks {sorted(missing)}"


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_key_used_in_code_exists(lang):
    missing = keys_used_in_code() - set(catalogue(lang))
    assert missing == set(), f"{lang} lacks {sorted(missing)}"


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_placeholders_match_english(lang):
    import string

    def names(text):
        return {field for _, field, _, _ in string.Formatter().parse(text) if field}

    english = catalogue("en")
    assert {k for k, v in catalogue(lang).items() if names(v) != names(english[k])} == set()


def test_unknown_key_raises():
    with pytest.raises(MissingMessage):
        t("no.such.key", "fr")


def test_direction_and_language_normalisation():
    assert direction("ar") == "rtl" and direction("fr") == "ltr"
    assert normalise_language("FR") == "fr"
    assert normalise_language("de") == "en" and normalise_language(None) == "en"


def test_numbers_follow_each_language():
    assert format_value(1234567, "en") == "1,234,567"
    assert format_value(1234567, "fr") == "1\u202f234\u202f567"
    assert format_value(12.345, "fr", unit="percent", decimals=1) == "12,3 %"
    assert format_value(19.53e9, "en", unit="usd") == "US$ 19.53 bn"
    assert format_value(19.53e9, "fr", unit="usd") == "19,53 Md$ US"
    assert format_value(float("nan"), "ar") == "لا توجد بيانات"
