"""The News Centre's URL state, pure: `/news?theme=detention&ilang=fr&country=TUN&from=2016&to=2020&q=…&every=week`.

`ilang` is the language of the items shown; the interface language (`lang`) is the shell's, which
the binder keeps in the URL by the rule every view shares. Unknown themes, languages, countries and
periods are ignored. `NEWS_URL` describes the state once for `bind_url`; its functions receive the
corpus (`queries.Corpus`: the known themes and the year span).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...ids import News
from ...news.language import LANGUAGES
from ...news.media import EVERY, NewsFilters
from ...urlstate import UrlBinder, as_int, first, to_query

PATH = "/news"
MAX_SEARCH = 200
CONTROLS = (News.THEME, News.LANGUAGE, News.COUNTRY, News.YEARS, News.SEARCH, News.EVERY)
CONTROL_PROPS = ("value",) * len(CONTROLS)


@dataclass(frozen=True)
class NewsState:
    """Everything the reader chose; the URL query is its serialised form."""

    filters: NewsFilters = field(default_factory=NewsFilters)
    every: str = "month"


def parse_state(query: dict[str, list[str]], *, theme_ids: tuple[str, ...] = ()) -> NewsState:
    """Query -> state; unknown themes, languages, countries and periods are ignored."""
    theme = first(query, "theme")
    language = first(query, "ilang")
    country = (first(query, "country") or "").upper()
    every = first(query, "every", "month")
    text = (first(query, "q") or "").strip()[:MAX_SEARCH]
    filters = NewsFilters(
        theme=theme if theme in theme_ids else None,
        language=language if language in LANGUAGES else None,
        country=country if len(country) == 3 and country.isalpha() and country.isascii() else None,
        year_from=as_int(query, "from"),
        year_to=as_int(query, "to"),
        text=text or None,
    )
    return NewsState(filters, every if every in EVERY else "month")


def state_params(state: NewsState) -> dict[str, object]:
    """The view's own query parameters (defaults left out; no `lang`, no shell parameters)."""
    f = state.filters
    return {
        "theme": f.theme,
        "ilang": f.language,
        "country": f.country,
        "from": f.year_from,
        "to": f.year_to,
        "q": f.text,
        "every": None if state.every == "month" else state.every,
    }


def state_query(state: NewsState) -> str:
    """State -> '?theme=…&ilang=…' (the view's parameters only)."""
    return to_query(state_params(state))


def state_from_controls(
    theme: str | None,
    language: str | None,
    country: str | None,
    years: list | None,
    text: str | None,
    every: str | None,
    bounds: tuple[int, int],
) -> NewsState:
    """Control values -> state (a year range equal to the full span is no filter)."""
    low, high = (years or [bounds[0], bounds[1]])[:2]
    text = (text or "").strip()[:MAX_SEARCH]
    filters = NewsFilters(
        theme or None,
        language or None,
        country or None,
        int(low) if int(low) > bounds[0] else None,
        int(high) if int(high) < bounds[1] else None,
        text or None,
    )
    return NewsState(filters, every if every in EVERY else "month")


def controls_from_state(state: NewsState, bounds: tuple[int, int]) -> tuple:
    """State -> (theme, language, country, years, search, every) control values."""
    f = state.filters
    years = [f.year_from if f.year_from is not None else bounds[0], f.year_to if f.year_to is not None else bounds[1]]
    return f.theme, f.language, f.country, years, f.text or "", state.every


NEWS_URL: UrlBinder[NewsState] = UrlBinder(
    path=PATH,
    controls=tuple(zip(CONTROLS, CONTROL_PROPS, strict=True)),
    read_query=lambda corpus, query: parse_state(query, theme_ids=corpus.theme_ids),
    read_controls=lambda corpus, values: state_from_controls(*values, corpus.bounds),
    control_values=lambda corpus, state: controls_from_state(state, corpus.bounds),
    write_query=lambda corpus, state: state_params(state),
)


def read_controls(corpus: Any, values: tuple) -> NewsState:
    """The state the six controls show (what each chart callback draws)."""
    return NEWS_URL.read_controls(corpus, values)
