"""News items as frames: classification of the sample, filters, counts by period/theme/country, terms.

Every function is pure (frames and rules in, frames out). The standard items frame (`ITEM_COLUMNS`)
is the same whether items come from the database or straight from `datasets.media`:
`published` is a datetime (the 1st of the month for month-precision items), `countries` and
`themes` are ';'-joined codes, `matches` maps theme ids and ISO3 codes to the keywords that
matched, and `terms`/`bigrams` hold each item's distinct counting keys with `surfaces` mapping a
key to the form it was written in.

Counts are counts of *items* (an item mentioning a term twice counts once), which is what a
reader can check by opening the list.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd

from .classify import Rules, classify_text, item_text
from .language import bigrams, terms

ITEM_COLUMNS = [
    "item_id",
    "guid",
    "link",
    "title",
    "summary",
    "published",
    "date_precision",
    "outlet",
    "language",
    "countries",
    "themes",
    "main_theme",
    "matches",
    "source_feed",
]
EDITORIAL = "listed in data/media.csv"
# A share (of items of a period, a language, a theme) is computed only when at least this many items stand
# behind it; below, the count is shown and the share is left out (charts grey the point out). With 20 items one
# item moves a share by 5 points at most.
MIN_ITEMS_FOR_SHARE = 20
# Syndicated copies: items of one language published within this many days whose title-and-summary terms
# overlap at least this much (Jaccard) are one story, counted once, with every outlet listed.
SAME_STORY_DAYS = 7
SAME_STORY_OVERLAP = 0.6
# pandas period aliases: weeks run Monday-Sunday
EVERY = {"week": "W-SUN", "month": "M", "year": "Y"}
SAMPLE_SOURCE = "data/media.csv (bundled sample)"


def is_web_link(url: object) -> bool:
    """Only http(s) links with a host may become hrefs (notes §B10)."""
    if not isinstance(url, str):
        return False
    lowered = url.strip().lower()
    return lowered.startswith(("http://", "https://")) and len(lowered.split("://", 1)[1].split("/", 1)[0]) > 0


def parse_published(value: object) -> tuple[pd.Timestamp | None, str]:
    """'2023-06-14' -> (2023-06-14, 'day'); '2015-04' -> (2015-04-01, 'month'); junk -> (None, '')."""
    text = str(value or "").strip()
    for fmt, precision in (("%Y-%m-%d", "day"), ("%Y-%m", "month")):
        stamp = pd.to_datetime(text, format=fmt, errors="coerce")
        if not pd.isna(stamp):
            return stamp, precision
    return None, ""


def split_codes(value: object) -> list[str]:
    """'LBN;SYR' -> ['LBN', 'SYR'] (empty and missing -> [])."""
    if not isinstance(value, str):
        return []
    return [part.strip() for part in value.split(";") if part.strip()]


def classify_media(media: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """The bundled sample (data/media.csv rows) as a standard items frame, themes and countries added.

    Countries are the sample's editorial `countries` plus those the rules find in the text.
    """
    rows = []
    for record in media.to_dict("records"):
        published, precision = parse_published(record.get("published"))
        link = str(record.get("url") or "")
        if published is None or not is_web_link(link):
            continue
        summary = record.get("summary") if isinstance(record.get("summary"), str) else ""
        result = classify_text(item_text(record.get("title"), summary), str(record.get("language")), rules)
        editorial = split_codes(record.get("countries"))
        countries = list(dict.fromkeys([*editorial, *result.countries]))
        country_matches = {iso3: [EDITORIAL] for iso3 in editorial}
        for iso3, words in result.country_matches.items():
            country_matches[iso3] = [*country_matches.get(iso3, []), *words]
        rows.append(
            {
                "item_id": int(record["item_id"]),
                "guid": link,
                "link": link,
                "title": str(record.get("title") or ""),
                "summary": summary,
                "published": published,
                "date_precision": precision,
                "outlet": str(record.get("outlet") or ""),
                "language": str(record.get("language") or ""),
                "countries": ";".join(countries),
                "themes": ";".join(result.themes),
                "main_theme": result.main_theme,
                "matches": {
                    "themes": result.theme_matches,
                    "countries": country_matches,
                    "terminology": list(result.terminology),
                },
                "source_feed": SAMPLE_SOURCE,
            }
        )
    return items_frame(rows)


def items_frame(rows: Iterable[Mapping]) -> pd.DataFrame:
    """Rows (dicts with ITEM_COLUMNS) -> the standard frame, newest first, with term columns added."""
    frame = pd.DataFrame(list(rows), columns=ITEM_COLUMNS)
    frame["published"] = pd.to_datetime(frame["published"])
    frame["matches"] = [json.loads(m) if isinstance(m, str) else (m or {}) for m in frame["matches"]]
    frame = frame.sort_values(["published", "item_id"], ascending=[False, False], ignore_index=True)
    return dedupe_stories(add_language_columns(frame))


def add_language_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Add each item's distinct term and bigram keys and a key -> written form map."""
    term_keys, bigram_keys, surfaces = [], [], []
    for title, summary, language in zip(frame["title"], frame["summary"], frame["language"], strict=True):
        text = item_text(title, summary)
        seen: dict[str, str] = {}
        words = list(terms(text, language))
        pairs = list(bigrams(text, language))
        for token in [*words, *pairs]:
            seen.setdefault(token.key, token.surface)
        term_keys.append(frozenset(t.key for t in words))
        bigram_keys.append(frozenset(b.key for b in pairs))
        surfaces.append(seen)
    return frame.assign(terms=term_keys, bigrams=bigram_keys, surfaces=surfaces)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def story_groups(frame: pd.DataFrame) -> list[int]:
    """For each row (by position), the position of the earliest copy of its story (itself when first).

    Rows are compared with the earlier rows of the same language within SAME_STORY_DAYS; a row joins the
    story of the first earlier row whose terms overlap by SAME_STORY_OVERLAP or more.
    """
    published = frame["published"].tolist()
    languages = frame["language"].tolist()
    words = frame["terms"].tolist()
    ids = frame["item_id"].tolist()
    order = sorted(range(len(frame)), key=lambda i: (published[i], ids[i]))
    window = pd.Timedelta(days=SAME_STORY_DAYS)
    leader = list(range(len(frame)))
    recent: dict[str, list[int]] = {}
    for i in order:
        kept = [j for j in recent.get(languages[i], []) if published[i] - published[j] <= window]
        recent[languages[i]] = kept
        match = next((j for j in kept if _overlap(words[i], words[j]) >= SAME_STORY_OVERLAP), None)
        leader[i] = leader[match] if match is not None else i
        kept.append(i)
    return leader


def dedupe_stories(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per story: the earliest copy, with `outlets` (every outlet that ran it, earliest first) and
    `copies` (how many items were merged). Counts over the result count a syndicated story once."""
    if frame.empty:
        return frame.assign(outlets=pd.Series(dtype=object), copies=pd.Series(dtype=int))
    leaders = story_groups(frame)
    published, ids, names = frame["published"].tolist(), frame["item_id"].tolist(), frame["outlet"].tolist()
    outlets: dict[int, list[str]] = {}
    copies: dict[int, int] = {}
    for i in sorted(range(len(frame)), key=lambda i: (published[i], ids[i])):
        group = outlets.setdefault(leaders[i], [])
        if names[i] not in group:
            group.append(names[i])
        copies[leaders[i]] = copies.get(leaders[i], 0) + 1
    keep = sorted(outlets)
    out = frame.iloc[keep].copy()
    out["outlets"] = [outlets[i] for i in keep]
    out["copies"] = [copies[i] for i in keep]
    return out.sort_values(["published", "item_id"], ascending=[False, False], ignore_index=True)


def share_pct(items: int, of_items: int) -> float | None:
    """items / of_items in %, or None when fewer than MIN_ITEMS_FOR_SHARE items stand behind it."""
    return 100.0 * items / of_items if of_items >= MIN_ITEMS_FOR_SHARE else None


def suggest_every(frame: pd.DataFrame) -> str:
    """The finest period (week, month, year) whose typical period holds MIN_ITEMS_FOR_SHARE items or more.

    'Typical' is the median over periods between the first and last item, empty periods included, so a few
    busy months do not hide many empty ones. Falls back to 'year'.
    """
    if frame.empty:
        return "year"
    for every in ("week", "month"):
        periods = frame["published"].dt.to_period(EVERY[every])
        span = pd.period_range(periods.min(), periods.max(), freq=EVERY[every])
        counts = periods.value_counts().reindex(span, fill_value=0)
        if counts.median() >= MIN_ITEMS_FOR_SHARE:
            return every
    return "year"


@dataclass(frozen=True)
class NewsFilters:
    """What the reader selected; None/empty means no restriction."""

    theme: str | None = None
    language: str | None = None
    country: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    text: str | None = None


def filter_items(frame: pd.DataFrame, filters: NewsFilters) -> pd.DataFrame:
    """Items matching every filter (theme: any of the item's themes; text: title, summary or outlet)."""
    mask = pd.Series(True, index=frame.index)
    if filters.theme:
        mask &= frame["themes"].map(lambda v: filters.theme in split_codes(v))
    if filters.language:
        mask &= frame["language"] == filters.language
    if filters.country:
        mask &= frame["countries"].map(lambda v: filters.country in split_codes(v))
    if filters.year_from is not None:
        mask &= frame["published"].dt.year >= filters.year_from
    if filters.year_to is not None:
        mask &= frame["published"].dt.year <= filters.year_to
    if filters.text and filters.text.strip():
        needle = filters.text.strip().casefold()
        haystack = (frame["title"] + " " + frame["summary"].fillna("") + " " + frame["outlet"]).str.casefold()
        mask &= haystack.str.contains(needle, regex=False)
    return frame[mask]


def counts_by_period_theme(frame: pd.DataFrame, *, every: str = "month") -> pd.DataFrame:
    """Items per period and main theme: columns period (Timestamp), main_theme, items, of_items (items of
    the period) and share_pct (None where of_items < MIN_ITEMS_FOR_SHARE).

    Month-precision items fall in the week of the 1st when counting by week.
    """
    if frame.empty:
        return pd.DataFrame(
            {
                "period": pd.Series(dtype="datetime64[ns]"),
                "main_theme": pd.Series(dtype=str),
                "items": pd.Series(dtype=int),
                "of_items": pd.Series(dtype=int),
                "share_pct": pd.Series(dtype=float),
            }
        )
    starts = frame["published"].dt.to_period(EVERY.get(every, EVERY["month"])).dt.start_time
    grouped = frame.assign(period=starts).groupby(["period", "main_theme"]).size().rename("items").reset_index()
    grouped["of_items"] = grouped.groupby("period")["items"].transform("sum")
    grouped["share_pct"] = [share_pct(n, of) for n, of in zip(grouped["items"], grouped["of_items"], strict=True)]
    return grouped.sort_values(["period", "main_theme"], ignore_index=True)


def theme_shares(frame: pd.DataFrame, theme_order: Sequence[str]) -> pd.DataFrame:
    """Items per main theme and share of all items (%), in rule order; themes with no items left out.

    share_pct is None for every theme when fewer than MIN_ITEMS_FOR_SHARE items are selected.
    """
    counts = frame["main_theme"].value_counts()
    total = int(counts.sum())
    rows = [
        {"main_theme": t, "items": int(counts[t]), "share_pct": share_pct(int(counts[t]), total)}
        for t in theme_order
        if t in counts.index and counts[t] > 0
    ]
    return pd.DataFrame(rows, columns=["main_theme", "items", "share_pct"])


def country_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Items mentioning each country: columns iso3, items (most first)."""
    codes = frame["countries"].where(frame["countries"].map(lambda v: isinstance(v, str)), "").str.split(";")
    pairs = codes.explode().str.strip()
    pairs = pairs[pairs.fillna("") != ""]
    # an item naming a country twice counts once
    counts = pairs.reset_index().drop_duplicates().iloc[:, 1].value_counts()
    rows = sorted(
        zip(counts.index.astype(str), counts.astype(int).tolist(), strict=True), key=lambda kv: (-kv[1], kv[0])
    )
    return pd.DataFrame(rows, columns=["iso3", "items"])


def top_terms(frame: pd.DataFrame, *, column: str = "terms", n: int = 15) -> pd.DataFrame:
    """The `n` terms (or bigrams) used by most items: columns key, term (as written), items."""
    counter: Counter[str] = Counter(chain.from_iterable(frame[column]))
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    written: dict[str, Counter[str]] = {key: Counter() for key, _ in ranked}
    for surfaces in frame["surfaces"]:
        for key, counts in written.items():
            if key in surfaces:
                counts[surfaces[key]] += 1
    rows = [{"key": k, "term": written[k].most_common(1)[0][0], "items": c} for k, c in ranked]
    return pd.DataFrame(rows, columns=["key", "term", "items"])


@dataclass(frozen=True)
class TermIndex:
    """Every item's term (or bigram) keys of one frame as flat arrays (an entry per item and key), so the
    top terms of any selection of the frame's rows are counted with numpy rather than by walking Python
    sets: `top_terms` over all items took a fifth of a filter change. Same result as `top_terms`."""

    keys: tuple[str, ...]  # key id -> key
    written: tuple[str, ...]  # written-form id -> written form
    item: np.ndarray  # entry -> row position in the frame
    key: np.ndarray  # entry -> key id
    form: np.ndarray  # entry -> written-form id (the form the item wrote the key in)
    rows: int

    @classmethod
    def build(cls, frame: pd.DataFrame, column: str = "terms") -> TermIndex:
        key_ids: dict[str, int] = {}
        form_ids: dict[str, int] = {}
        item: list[int] = []
        key: list[int] = []
        form: list[int] = []
        for position, (keys, surfaces) in enumerate(zip(frame[column], frame["surfaces"], strict=True)):
            for k in keys:
                item.append(position)
                key.append(key_ids.setdefault(k, len(key_ids)))
                form.append(form_ids.setdefault(surfaces.get(k, k), len(form_ids)))
        return cls(
            tuple(key_ids),
            tuple(form_ids),
            np.asarray(item, dtype=np.int32),
            np.asarray(key, dtype=np.int32),
            np.asarray(form, dtype=np.int32),
            len(frame),
        )

    def top(self, positions: Sequence[int] | np.ndarray, n: int = 15) -> pd.DataFrame:
        """`top_terms` of the rows at `positions`: columns key, term (as written most often), items."""
        chosen = np.zeros(self.rows, dtype=bool)
        chosen[np.asarray(positions, dtype=np.intp)] = True
        entries = np.flatnonzero(chosen[self.item])
        counts = np.bincount(self.key[entries], minlength=len(self.keys))
        used = np.flatnonzero(counts)
        if len(used) > n:  # candidates: every key counted at least as often as the n-th most counted
            used = used[counts[used] >= np.partition(counts[used], -n)[-n]]
        ranked = sorted(used.tolist(), key=lambda k: (-counts[k], self.keys[k]))[:n]
        rows = []
        for k in ranked:
            # entries are in row order, so ties between written forms go to the first row, as in top_terms
            forms = Counter(self.written[f] for f in self.form[entries[self.key[entries] == k]].tolist())
            rows.append({"key": self.keys[k], "term": forms.most_common(1)[0][0], "items": int(counts[k])})
        return pd.DataFrame(rows, columns=["key", "term", "items"])


def term_trends(frame: pd.DataFrame, rules: Rules, *, languages: Sequence[str] | None = None) -> pd.DataFrame:
    """Items per year using each terminology term (rules/terminology.json): year, language, term, items.

    `of_items` is the number of items of that language and year, so a chart can show shares; years
    with items of the language but no use of a term count 0 (a real zero: the items were read).
    """
    rows = []
    years = frame["published"].dt.year
    used = Counter(
        (language, year, term)
        for language, year, matches in zip(frame["language"], years, frame["matches"], strict=True)
        for term in (matches.get("terminology", ()) if isinstance(matches, dict) else ())
    )
    totals = Counter(zip(frame["language"], years, strict=True))
    for group in rules.terminology:
        language = group["language"]
        if languages and language not in languages:
            continue
        item_years = sorted(year for lang, year in totals if lang == language)
        for term in group["terms"]:
            for year in item_years:
                rows.append(
                    {
                        "year": int(year),
                        "language": language,
                        "term": term["label"],
                        "items": used[(language, year, term["id"])],
                        "of_items": totals[(language, year)],
                        "share_pct": share_pct(used[(language, year, term["id"])], totals[(language, year)]),
                    }
                )
    return pd.DataFrame(rows, columns=["year", "language", "term", "items", "of_items", "share_pct"])
