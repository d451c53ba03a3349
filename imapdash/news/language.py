"""Tokens, stop words, terms and bigrams for English, French and Arabic news text.

Counting needs a *key* per word that merges spelling variants, while the charts should show a
word as people write it. Every token therefore carries both: `surface` (the word with Arabic
diacritics and tatweel removed, otherwise as written, lower-cased) and `key`:

- Latin script: lower-cased with accents folded ("réfugiés" and "refugies" count together);
- Arabic: alef/hamza forms (أ إ آ ٱ -> ا, ؤ -> و, ئ -> ي), ta marbuta (ة -> ه) and ya variants
  (ى ی -> ي) normalised, and the definite article with its proclitics (ال, وال, بال, فال, كال, لل)
  removed, so "الهجرة" and "هجرة" count as one term.

Clauses split on punctuation (Latin and Arabic: ، ؛ ؟) so that a bigram never spans two clauses.
Stop words come from the maintained `stop-words` package with two small reviewed adjustments
(below); negation words such as "غير", "non" and "sans"
are stop words on their own but may start a bigram, which keeps "غير شرعية" and "sans papiers"
as terms.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from stop_words import get_stop_words

LANGUAGES = ("en", "fr", "ar")

ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
TATWEEL = "\u0640"
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك"}
)
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
# Clause boundaries: sentence punctuation in both scripts (Arabic comma, semicolon, question mark).
CLAUSE_SPLIT = re.compile(r"[.!?;:,()\[\]{}\"«»“”|…\u060c\u061b\u061f\u06d4]+|\s[-–—]\s")
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
ARTICLE_PREFIXES = ("وال", "بال", "فال", "كال", "ال")
SINGLE_PROCLITICS = ("و", "ف", "ب", "ل", "ك")

# Stop words come from a maintained multilingual list (the `stop-words` package, which is kept up to
# date for 30+ languages), adjusted for news about migration in two small, reviewed sets:
# - NEWS_BOILERPLATE: words of news prose that carry nothing in a term chart (reporting verbs, weekdays,
#   months, the "EU"/"UN" acronyms that open half the headlines);
# - DOMAIN_TERMS: words the generic lists treat as stop words but that are the subject matter here
#   ("men", "women", "work", "home", "return" — composition, labour and returns are themes of this app).
_PACKAGE_LANGUAGE = {"en": "english", "fr": "french", "ar": "arabic"}
NEWS_BOILERPLATE: dict[str, frozenset[str]] = {
    "en": frozenset(
        """says said say told tells amid eu un mr mrs ms monday tuesday wednesday thursday friday saturday
        sunday january february march april may june july august september october november december
        week weeks day days today yesterday""".split()
    ),
    "fr": frozenset(
        """selon a dit déclaré lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril
        mai juin juillet août septembre octobre novembre décembre ue onu semaine jour jours""".split()
    ),
    "ar": frozenset("""قال قالت يوم اليوم عام العام أمس امس الأسبوع الاسبوع""".split()),
}
DOMAIN_TERMS: dict[str, frozenset[str]] = {
    "en": frozenset("men women children home work working return returned returns".split()),
    "fr": frozenset("personnes hommes femmes enfants retour".split()),
    "ar": frozenset("اعادة إعادة".split()),
}


def _package_stop_words(language: str) -> frozenset[str]:
    return frozenset(get_stop_words(_PACKAGE_LANGUAGE[language]))


STOP_WORDS: dict[str, frozenset[str]] = {
    lang: (_package_stop_words(lang) | NEWS_BOILERPLATE[lang]) - DOMAIN_TERMS[lang] for lang in LANGUAGES
}
# Stop words that may still open a bigram ("غير شرعية", "sans papiers", "non accompagnés").
BIGRAM_OPENERS: dict[str, frozenset[str]] = {
    "en": frozenset(),
    "fr": frozenset({"sans", "non"}),
    "ar": frozenset({"غير"}),
}


@dataclass(frozen=True)
class Token:
    """One word: as shown (`surface`) and as counted (`key`)."""

    surface: str
    key: str


def strip_arabic_marks(text: str) -> str:
    """Remove Arabic diacritics (harakat, shadda, sukun, dagger alef) and tatweel."""
    return ARABIC_DIACRITICS.sub("", text).replace(TATWEEL, "")


def fold_latin(word: str) -> str:
    """Lower-case and remove accents: 'Réfugiés' -> 'refugies'."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_arabic(word: str) -> bool:
    """True when the word contains Arabic letters."""
    return bool(_ARABIC_LETTER.search(word))


def normalise_arabic(word: str) -> str:
    """Fold alef/hamza forms, ta marbuta and ya variants (diacritics already stripped)."""
    return word.translate(_ARABIC_FOLD)


def strip_article(word: str) -> str:
    """Remove the definite article and a proclitic before it ('والهجره' -> 'هجره'); keeps short words."""
    if word.startswith("لل") and len(word) > 4:
        return word[2:]
    for prefix in ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return word


@lru_cache(maxsize=1 << 16)
def word_key(word: str) -> str:
    """The counting key of one word (see module docstring); memoised: news vocabulary repeats."""
    if is_arabic(word):
        return strip_article(normalise_arabic(strip_arabic_marks(word)))
    return fold_latin(word)


def match_forms(key: str) -> set[str]:
    """Keys a word may be matched under: itself and, for Arabic, without its proclitics ('بلبنان' -> 'لبنان')."""
    forms = {key}
    if is_arabic(key) and len(key) > 3 and key[0] in SINGLE_PROCLITICS:
        rest = key[1:]
        forms.update((rest, strip_article(rest)))
        # conjunction + preposition ("وبلبنان" -> "لبنان")
        if key[0] in "وف" and len(rest) > 3 and rest[0] in "بلك":
            forms.update((rest[1:], strip_article(rest[1:])))
    return forms


def clauses(text: str) -> list[str]:
    """Split text into clauses at punctuation (Latin and Arabic)."""
    cleaned = strip_arabic_marks(unicodedata.normalize("NFC", text or ""))
    return [part for part in CLAUSE_SPLIT.split(cleaned) if part.strip()]


def tokenize_clause(clause: str) -> list[Token]:
    """Words of one clause; apostrophes and hyphens separate words ("l'immigration" -> l, immigration)."""
    out = []
    for match in WORD.finditer(clause):
        word = match.group(0)
        surface = word if is_arabic(word) else word.lower()
        out.append(Token(surface, word_key(word)))
    return out


def tokenize(text: str) -> list[list[Token]]:
    """Tokens of a text, grouped by clause."""
    return [tokens for tokens in (tokenize_clause(c) for c in clauses(text)) if tokens]


def _stop_keys(language: str) -> frozenset[str]:
    return frozenset(word_key(w) for w in STOP_WORDS.get(language, frozenset()))


def stop_keys(language: str) -> frozenset[str]:
    """Stop words of a language as counting keys."""
    return _STOP_KEYS.get(language, frozenset())


_STOP_KEYS: dict[str, frozenset[str]] = {lang: _stop_keys(lang) for lang in LANGUAGES}
_DISTINCT_STOP_KEYS: dict[str, frozenset[str]] = {
    "en": _STOP_KEYS["en"] - _STOP_KEYS["fr"],
    "fr": _STOP_KEYS["fr"] - _STOP_KEYS["en"],
}
_OPENER_KEYS: dict[str, frozenset[str]] = {
    lang: frozenset(word_key(w) for w in words) for lang, words in BIGRAM_OPENERS.items()
}


def _content(token: Token, stops: frozenset[str]) -> bool:
    return len(token.key) > 1 and token.key not in stops


def terms(text: str, language: str) -> Iterator[Token]:
    """Content words of a text (stop words and one-letter words left out)."""
    stops = stop_keys(language)
    for clause in tokenize(text):
        yield from (t for t in clause if _content(t, stops))


def bigrams(text: str, language: str) -> Iterator[Token]:
    """Adjacent word pairs within a clause, both content words or opened by a negation ('غير شرعية')."""
    stops = stop_keys(language)
    openers = _OPENER_KEYS.get(language, frozenset())
    for clause in tokenize(text):
        for left, right in itertools.pairwise(clause):
            if not _content(right, stops):
                continue
            if _content(left, stops) or left.key in openers:
                yield Token(f"{left.surface} {right.surface}", f"{left.key} {right.key}")


def document_keys(text: str, language: str) -> tuple[set[str], set[str]]:
    """The distinct term keys and bigram keys of a text (for 'items using a term' counts)."""
    return {t.key for t in terms(text, language)}, {b.key for b in bigrams(text, language)}


def keys_of(tokens: Iterable[Token]) -> list[str]:
    """The counting keys of tokens, in order."""
    return [t.key for t in tokens]


def guess_language(text: str, default: str) -> str:
    """The language of a text when its feed is mixed: Arabic by script, English/French by stop words.

    Keeps `default` unless the evidence is clear (mostly Arabic letters; or at least twice as many,
    and two more, stop words of the other Latin-script language).
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return default
    arabic = sum(1 for c in letters if _ARABIC_LETTER.match(c))
    if arabic * 2 > len(letters):
        return "ar"
    if default == "ar":
        default = "en"
    keys = [t.key for clause in tokenize(text) for t in clause]
    other = "fr" if default == "en" else "en"
    # only words that are stop words of one language and not the other are evidence ("a", "on", "un" are both)
    hits = {lang: sum(k in _DISTINCT_STOP_KEYS[lang] for k in keys) for lang in ("en", "fr")}
    if hits[other] >= 2 * hits[default] and hits[other] >= hits[default] + 2:
        return other
    return default
