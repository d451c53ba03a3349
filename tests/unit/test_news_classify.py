"""Rule-based themes and countries on real-looking titles in English, French and Arabic."""

import pandas as pd
import pytest

from imapdash.news.classify import OTHER_THEME, Matcher, build_rules, classify_text
from imapdash.news.language import tokenize

COUNTRIES = pd.DataFrame(
    {
        "iso3": ["TUN", "LBY", "ITA", "NER", "NGA", "GIN", "GNB", "MAR", "SYR", "LBN", "ESP"],
        "name_en": [
            "Tunisia",
            "Libya",
            "Italy",
            "Niger",
            "Nigeria",
            "Guinea",
            "Guinea-Bissau",
            "Morocco",
            "Syria",
            "Lebanon",
            "Spain",
        ],
        "name_fr": [
            "Tunisie",
            "Libye",
            "Italie",
            "Niger",
            "Nigéria",
            "Guinée",
            "Guinée-Bissau",
            "Maroc",
            "Syrie",
            "Liban",
            "Espagne",
        ],
        "name_ar": [
            "تونس",
            "ليبيا",
            "إيطاليا",
            "النّيجر",
            "نيجيريا",
            "غينيا",
            "غينيا بيساو",
            "المغرب",
            "الجمهوريّة العربيّة السّوريّة",
            "لبنان",
            "إسبانيا",
        ],
    }
)


@pytest.fixture(scope="module")
def rules():
    return build_rules(COUNTRIES)


def test_english_shipwreck(rules):
    result = classify_text("As Many As 900 People Dead in Mediterranean Shipwreck off Libya", "en", rules)
    assert result.main_theme == "deaths"
    assert result.theme_matches["deaths"] == ["dead", "shipwreck*"]
    assert result.countries == ("LBY",)


def test_english_deal_is_policy_with_returns_evidence(rules):
    result = classify_text("EU, Turkey strike deal: migrants sent back from Greek islands", "en", rules)
    assert result.main_theme == "policy"
    assert result.themes == ("returns", "policy")
    assert result.theme_matches == {"policy": ["eu", "deal"], "returns": ["sent back"]}


def test_french_detention_and_terminology(rules):
    text = "En Libye, les migrants clandestins piégés dans les centres de rétention"
    result = classify_text(text, "fr", rules)
    assert result.main_theme == "detention"
    assert result.theme_matches["detention"] == ["centre* de rétention"]
    assert result.countries == ("LBY",) and result.country_matches["LBY"] == ["libye"]
    assert result.terminology == ("fr-clandestins",)


def test_arabic_drowning_with_proclitic_country(rules):
    text = "غرق سبعين مهاجرا غير شرعي قبالة السواحل الليبية بعد إبحارهم من تونس وبلبنان"
    result = classify_text(text, "ar", rules)
    assert result.main_theme in {"deaths", "arrivals"}
    assert "غرق*" in result.theme_matches["deaths"]
    assert set(result.countries) == {"LBY", "TUN", "LBN"}  # ليبي* alias, تونس, بلبنان (proclitic ب)
    assert result.terminology == ("ar-shariya",)


def test_arabic_long_official_name_matches_with_diacritics_folded(rules):
    result = classify_text("اللاجئون من الجمهورية العربية السورية في لبنان", "ar", rules)
    assert result.main_theme == "asylum"
    assert set(result.countries) == {"SYR", "LBN"}


def test_longest_match_wins_for_country_names(rules):
    assert classify_text("Migrants from Nigeria and Guinea-Bissau", "en", rules).countries == ("NGA", "GNB")
    assert classify_text("Migrants from Niger and Guinea", "en", rules).countries == ("NER", "GIN")


def test_item_without_any_keyword_is_other(rules):
    result = classify_text("Agadez, si discrète capitale", "fr", rules)
    assert result.themes == (OTHER_THEME,) and result.main_theme == OTHER_THEME and result.theme_matches == {}


def test_prefix_patterns_and_multiword_keywords():
    matcher = Matcher.build([("a", "migra*"), ("b", "search and rescue"), ("c", "rescue*")])
    found = matcher.find(tokenize("Migrants need search and rescue; rescuers came"))
    assert found == [("a", "migra*"), ("b", "search and rescue"), ("c", "rescue*")]


def test_rule_files_are_valid_and_cover_three_languages(rules):
    assert [t.id for t in rules.themes] == [
        "arrivals",
        "deaths",
        "smuggling",
        "asylum",
        "returns",
        "labour",
        "policy",
        "integration",
        "detention",
        "climate",
    ]
    for theme in rules.themes:
        assert all(theme.keywords[lang] for lang in ("en", "fr", "ar")), theme.id
    assert {g["language"] for g in rules.terminology} == {"en", "fr", "ar"}
