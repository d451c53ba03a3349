"""The News Centre's item list: the newest items of the selection, each with why it got its themes and countries.

The list is one `NewsList` component whose items are plain data; assets/js/news.js draws them.
"""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import quote

import pandas as pd
from babel.dates import format_date, format_skeleton
from dash.development.base_component import Component

from ...figures.news import language_name
from ...i18n import normalise_language, t
from ...news.media import is_web_link, split_codes
from .charts import theme_names
from .queries import Corpus, Selection

MAX_LISTED = 60


def published_text(published: pd.Timestamp, precision: str, lang: str = "en") -> str:
    """An item's date in `lang` ('12 mars 2021'; month precision: 'mars 2021')."""
    lang = normalise_language(lang)
    if precision == "month":
        return format_skeleton("yMMM", published.to_pydatetime(), locale=lang)
    return format_date(published.date(), format="medium", locale=lang)


class NewsList(Component):
    """The item list as one component: `items` are plain dicts (`item_data`), drawn by assets/js/news.js.

    Written as html.* components, sixty items were ~740 Dash components, and the renderer's work per
    component delayed the first chart of /news by about a second (benchmarks/bench_news.py --browser).
    The markup is the one those components made: an <ul> of <li class="news-item">.
    """

    _children_props: ClassVar[list[str]] = []
    _base_nodes: ClassVar[list[str]] = ["children"]
    _namespace = "imapdash_news"
    _type = "NewsList"

    def __init__(self, id: str | None = None, items: list | None = None, className: str | None = None) -> None:
        self._prop_names = ["id", "items", "className"]
        self._valid_wildcard_attributes = []
        self.available_properties = ["id", "items", "className"]
        self.available_wildcard_properties = []
        super().__init__(**{k: v for k, v in (("id", id), ("items", items), ("className", className)) if v is not None})


def _theme_badges(row: dict, labels: dict[str, str], lang: str = "en") -> list[dict]:
    evidence = row["matches"].get("themes", {}) if isinstance(row["matches"], dict) else {}
    badges = []
    for theme in split_codes(row["themes"]):
        words = evidence.get(theme, [])
        main = theme == row["main_theme"]
        badges.append(
            {
                "text": labels.get(theme, theme) + (f" ({', '.join(words)})" if words else ""),
                "main": main,
                "title": t("news.item.main_theme", lang) if main else t("news.item.also_matched", lang),
            }
        )
    return badges


def _country_links(row: dict, names: dict[str, str], lang: str = "en") -> list[dict]:
    evidence = row["matches"].get("countries", {}) if isinstance(row["matches"], dict) else {}
    links = []
    for iso3 in split_codes(row["countries"]):
        words = evidence.get(iso3, [])
        links.append(
            {
                "text": names.get(iso3, iso3),
                "href": f"/country/{quote(iso3)}",
                "title": t("news.item.named_as", lang, words=", ".join(words)) if words else None,
            }
        )
    return links


def item_data(row: dict, labels: dict[str, str], names: dict[str, str], lang: str = "en") -> dict:
    """One listed item as the data `NewsList` draws: linked title (http(s) only, new tab), outlet and date,
    the other outlets that ran it, summary, themes with the keywords that gave them, countries named."""
    language = row["language"]
    also = [o for o in (row.get("outlets") or []) if o != row["outlet"]]
    return {
        "key": str(row.get("item_id", "")),
        "language": language,
        # the item's own direction, so an English summary on an Arabic page keeps its full stop at the end
        "dir": "rtl" if language == "ar" else "ltr",
        "title": row["title"],
        "link": row["link"] if is_web_link(row["link"]) else None,
        # outlet and date are isolated (<bdi>), so a Latin outlet name and a numeric date keep their places
        "outlet": row["outlet"],
        "date": published_text(row["published"], row["date_precision"], lang),
        "language_name": language_name(language, lang),
        # syndicated copies are one story: the other outlets that ran it
        "also": t("news.item.also_in", lang, outlets=", ".join(also)) if also else None,
        "summary": row["summary"] or None,
        "themes_label": t("news.item.themes", lang),
        "themes": _theme_badges(row, labels, lang),
        "countries_label": t("news.item.countries", lang),
        "countries": _country_links(row, names, lang),
    }


def item_list(items: pd.DataFrame, labels: dict[str, str], names: dict[str, str], lang: str = "en") -> list[dict]:
    """The newest items of the selection as `NewsList` items (at most MAX_LISTED)."""
    rows = items.head(MAX_LISTED).to_dict("records")
    return [item_data(row, labels, names, lang) for row in rows]


def count_text(shown: int, total: int, corpus: int, origin: str, lang: str = "en") -> str:
    """'42 of 246 items match (showing the newest 42) · source: the bundled sample'."""
    where = t("news.count.sample" if origin == "sample" else "news.count.database", lang)
    listed = t("news.count.showing", lang, count=min(shown, MAX_LISTED)) if total else t("news.count.none", lang)
    return t("news.count", lang, total=total, corpus=corpus, listed=listed, where=where)


def update_items(corpus: Corpus, sel: Selection, lang: str, names: dict[str, str]) -> tuple[list[dict], str]:
    """(list items, count line) for the selection."""
    labels = theme_names(corpus.rules.theme_labels, lang)
    selected = sel.selected
    return (
        item_list(selected, labels, names, lang),
        count_text(len(selected.head(MAX_LISTED)), len(selected), len(corpus.items), corpus.origin, lang),
    )
