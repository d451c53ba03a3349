"""Themes and countries of a news item, by transparent keyword rules an analyst can read and edit.

The rules live in `imapdash/news/rules/*.json` (see the "about" key in each file for the pattern
syntax). Every decision keeps its evidence: the keywords that matched each theme and the words that
named each country, so the News Centre can show *why* an item got its theme. Machine-learned
classifiers were ruled out on purpose: partners must be able to audit and correct the rules, in
three languages, without a training set.

Matching works on the counting keys of `imapdash.news.language` (case, accents and Arabic letter
variants folded; Arabic words also without the article and one proclitic). At each position the
longest matching keyword wins and its words are consumed, so "Guinea-Bissau" is not also "Guinea"
and "Niger" never matches inside "Nigeria".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .language import LANGUAGES, Token, match_forms, stop_keys, tokenize, word_key

RULES_DIR = Path(__file__).resolve().parent / "rules"
THEMES_FILE = "themes.json"
TERMINOLOGY_FILE = "terminology.json"
COUNTRY_ALIASES_FILE = "country_aliases.json"
OTHER_THEME = "other"
OTHER_LABEL = "Other / unclassified"


@dataclass(frozen=True)
class Pattern:
    """A keyword as written in the rules (`text`) and its words as (key, is_prefix) pairs."""

    text: str
    words: tuple[tuple[str, bool], ...]

    @classmethod
    def parse(cls, text: str) -> Pattern | None:
        """'demandeur* d asile' -> words (('demandeur', True), ('d', False), ('asile', False))."""
        words = []
        for raw in text.replace("-", " ").replace("'", " ").replace("’", " ").split():
            prefix = raw.endswith("*")
            key = word_key(raw.rstrip("*"))
            if key:
                words.append((key, prefix))
        return cls(text, tuple(words)) if words else None


def _word_matches(word: tuple[str, bool], token: Token) -> bool:
    key, prefix = word
    forms = match_forms(token.key)
    if prefix:
        return any(form.startswith(key) for form in forms)
    return key in forms


@dataclass(frozen=True)
class Matcher:
    """Finds the patterns of one label set in token sequences, longest match first."""

    exact: Mapping[str, tuple[tuple[str, Pattern], ...]]
    prefix: Mapping[str, tuple[tuple[str, Pattern], ...]]

    @classmethod
    def build(cls, patterns: Iterable[tuple[str, str]]) -> Matcher:
        """`patterns` are (label, keyword text) pairs."""
        exact: dict[str, list[tuple[str, Pattern]]] = {}
        prefix: dict[str, list[tuple[str, Pattern]]] = {}
        for label, text in patterns:
            pattern = Pattern.parse(text)
            if pattern is None:
                continue
            key, is_prefix = pattern.words[0]
            (prefix if is_prefix else exact).setdefault(key, []).append((label, pattern))
        return cls({k: tuple(v) for k, v in exact.items()}, {k: tuple(v) for k, v in prefix.items()})

    def __post_init__(self) -> None:
        # candidates per word key, filled as words are met (news vocabulary repeats: ~10x faster on the corpus)
        object.__setattr__(self, "_memo", {})

    def _candidates(self, token: Token) -> tuple[tuple[str, Pattern], ...]:
        memo: dict[str, tuple[tuple[str, Pattern], ...]] = self._memo  # type: ignore[attr-defined]
        found = memo.get(token.key)
        if found is None:
            collected: list[tuple[str, Pattern]] = []
            for form in match_forms(token.key):
                collected.extend(self.exact.get(form, ()))
                for end in range(1, len(form) + 1):
                    collected.extend(self.prefix.get(form[:end], ()))
            found = memo[token.key] = tuple(collected)
        return found

    def find(self, clauses: Sequence[Sequence[Token]]) -> list[tuple[str, str]]:
        """(label, keyword text) for every match, in text order."""
        matches: list[tuple[str, str]] = []
        for tokens in clauses:
            position = 0
            while position < len(tokens):
                best: tuple[str, Pattern] | None = None
                for label, pattern in self._candidates(tokens[position]):
                    size = len(pattern.words)
                    if best is not None and size <= len(best[1].words):
                        continue
                    window = tokens[position : position + size]
                    if len(window) == size and all(
                        _word_matches(w, t) for w, t in zip(pattern.words, window, strict=True)
                    ):
                        best = (label, pattern)
                if best is None:
                    position += 1
                    continue
                matches.append((best[0], best[1].text))
                position += len(best[1].words)
        return matches


@dataclass(frozen=True)
class Theme:
    """A theme id, its label and keywords per language."""

    id: str
    label: str
    keywords: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Rules:
    """Everything classification needs, built once from the rule files and the countries table."""

    themes: tuple[Theme, ...]
    theme_matchers: Mapping[str, Matcher]
    country_matcher: Matcher
    terminology: tuple[dict, ...] = field(default=())
    terminology_matchers: Mapping[str, Matcher] = field(default_factory=dict)

    @property
    def theme_labels(self) -> dict[str, str]:
        """Theme id -> label, in rule order, with the 'other' bucket last."""
        return {**{t.id: t.label for t in self.themes}, OTHER_THEME: OTHER_LABEL}


@dataclass(frozen=True)
class Classification:
    """Themes and countries of one item, with the evidence for each."""

    themes: tuple[str, ...]
    main_theme: str
    theme_matches: dict[str, list[str]]
    countries: tuple[str, ...]
    country_matches: dict[str, list[str]]
    terminology: tuple[str, ...] = ()


def read_rule_file(name: str, rules_dir: Path | None = None) -> dict:
    """One JSON rule file from `rules_dir` (default: the package's rules/)."""
    path = (rules_dir or RULES_DIR) / name
    return json.loads(path.read_text(encoding="utf-8"))


def _name_pattern(name: str, language: str) -> str | None:
    """A country name as a keyword: first clause only ('Palestine, État de' -> 'Palestine')."""
    clauses = tokenize(str(name).split("(")[0])
    if not clauses:
        return None
    words = [t.surface for t in clauses[0]]
    stops = stop_keys(language)
    while words and word_key(words[0]) in stops:
        words = words[1:]
    return " ".join(words) or None


def build_rules(countries: pd.DataFrame, rules_dir: Path | None = None) -> Rules:
    """Rules from the JSON files plus country names (name_en/name_fr/name_ar) of `countries`."""
    raw_themes = read_rule_file(THEMES_FILE, rules_dir)["themes"]
    themes = tuple(
        Theme(t["id"], t["label"], {lang: tuple(t.get("keywords", {}).get(lang, ())) for lang in LANGUAGES})
        for t in raw_themes
    )
    matchers = {
        lang: Matcher.build((t.id, keyword) for t in themes for keyword in t.keywords[lang]) for lang in LANGUAGES
    }
    country_patterns: list[tuple[str, str]] = []
    for column, lang in (("name_en", "en"), ("name_fr", "fr"), ("name_ar", "ar")):
        if column not in countries:
            continue
        for iso3, name in zip(countries["iso3"], countries[column], strict=True):
            pattern = _name_pattern(name, lang) if isinstance(name, str) and name else None
            if pattern:
                country_patterns.append((str(iso3), pattern))
    aliases = read_rule_file(COUNTRY_ALIASES_FILE, rules_dir)["aliases"]
    known = set(countries["iso3"]) if "iso3" in countries else set()
    country_patterns += [(iso3, alias) for iso3, names in aliases.items() if iso3 in known for alias in names]
    terminology = tuple(read_rule_file(TERMINOLOGY_FILE, rules_dir)["groups"])
    term_matchers = {
        group["language"]: Matcher.build((term["id"], p) for term in group["terms"] for p in term["patterns"])
        for group in terminology
    }
    return Rules(themes, matchers, Matcher.build(country_patterns), terminology, term_matchers)


@lru_cache(maxsize=4)
def _cached_rules(countries_key: tuple[tuple[str, str, str, str], ...], rules_dir: str) -> Rules:
    frame = pd.DataFrame(list(countries_key), columns=["iso3", "name_en", "name_fr", "name_ar"])
    return build_rules(frame, Path(rules_dir))


def rules_for(countries: pd.DataFrame, rules_dir: Path | None = None) -> Rules:
    """`build_rules`, memoised per countries table (rules are read-only once built)."""
    columns = ["iso3", "name_en", "name_fr", "name_ar"]
    frame = countries.reindex(columns=columns).fillna("").astype(str)
    key = tuple(frame.itertuples(index=False, name=None))
    return _cached_rules(key, str(rules_dir or RULES_DIR))


def _grouped(matches: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for label, text in matches:
        texts = grouped.setdefault(label, [])
        if text not in texts:
            texts.append(text)
    return grouped


def classify_text(text: str, language: str, rules: Rules) -> Classification:
    """Themes (all with a match; main = most matches) and countries named in `text`."""
    clauses = tokenize(text)
    theme_order = [t.id for t in rules.themes]
    languages = [language] if language in rules.theme_matchers else list(rules.theme_matchers)
    theme_hits = [hit for lang in languages for hit in rules.theme_matchers[lang].find(clauses)]
    counts = dict.fromkeys(theme_order, 0)
    for theme, _ in theme_hits:
        counts[theme] += 1
    themes = tuple(t for t in theme_order if counts[t])
    main = max(themes, key=lambda t: (counts[t], -theme_order.index(t))) if themes else OTHER_THEME
    country_hits = rules.country_matcher.find(clauses)
    countries = tuple(dict.fromkeys(iso3 for iso3, _ in country_hits))
    term_matcher = rules.terminology_matchers.get(language)
    used_terms = tuple(dict.fromkeys(t for t, _ in term_matcher.find(clauses))) if term_matcher else ()
    return Classification(
        themes or (OTHER_THEME,), main, _grouped(theme_hits), countries, _grouped(country_hits), used_terms
    )


def item_text(title: str | None, summary: str | None) -> str:
    """The text that is classified and counted: title and summary as separate sentences."""
    parts = [str(p).strip() for p in (title, summary) if isinstance(p, str) and p.strip()]
    return " . ".join(parts)
