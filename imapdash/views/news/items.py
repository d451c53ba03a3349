"""The News Centre's item list: the newest items of the selection, each with why it got its themes and countries."""

from __future__ import annotations

import pandas as pd
from babel.dates import format_date, format_skeleton
from dash import html

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


def _theme_badges(row: dict, labels: dict[str, str], lang: str = "en") -> list:
    evidence = row["matches"].get("themes", {}) if isinstance(row["matches"], dict) else {}
    badges = []
    for theme in split_codes(row["themes"]):
        words = evidence.get(theme, [])
        text = labels.get(theme, theme) + (f" ({', '.join(words)})" if words else "")
        main = theme == row["main_theme"]
        badges.append(
            html.Span(
                text,
                className="badge me-1 " + ("text-bg-primary" if main else "text-bg-light"),
                title=t("news.item.main_theme", lang) if main else t("news.item.also_matched", lang),
            )
        )
    return badges


def _country_links(row: dict, names: dict[str, str], lang: str = "en") -> list:
    evidence = row["matches"].get("countries", {}) if isinstance(row["matches"], dict) else {}
    links: list = []
    for iso3 in split_codes(row["countries"]):
        words = evidence.get(iso3, [])
        links.append(
            html.A(
                names.get(iso3, iso3),
                href=f"/country/{iso3}",
                className="me-2",
                title=t("news.item.named_as", lang, words=", ".join(words)) if words else None,
            )
        )
    return links


def item_entry(row: dict, labels: dict[str, str], names: dict[str, str], lang: str = "en") -> html.Li:
    """One listed item: linked title (http(s) only, new tab), outlet and date, summary, themes and why."""
    language = row["language"]
    # the item's own direction, so an English summary on an Arabic page keeps its full stop at the end
    text_attrs = {"lang": language, "dir": "rtl" if language == "ar" else "ltr"}
    title = (
        html.A(row["title"], href=row["link"], target="_blank", rel="noopener noreferrer", **text_attrs)
        if is_web_link(row["link"])
        else html.Span(row["title"], **text_attrs)
    )
    parts = [
        html.Div(title, className="news-item-title fw-semibold"),
        html.Div(
            [
                # isolated, so a Latin outlet name and a numeric date do not swap places on an Arabic page
                html.Bdi(row["outlet"], className="news-item-outlet"),
                " · ",
                html.Bdi(published_text(row["published"], row["date_precision"], lang)),
                f" · {language_name(language, lang)}",
            ],
            className="text-muted small",
        ),
    ]
    also = [o for o in (row.get("outlets") or []) if o != row["outlet"]]
    if also:  # syndicated copies are one story: the other outlets that ran it
        parts.append(html.Div(t("news.item.also_in", lang, outlets=", ".join(also)), className="small news-item-also"))
    if row["summary"]:
        parts.append(html.P(row["summary"], className="news-item-summary small mb-1", **text_attrs))
    parts.append(
        html.Div(
            [t("news.item.themes", lang) + " ", *_theme_badges(row, labels, lang)], className="small news-item-themes"
        )
    )
    countries = _country_links(row, names, lang)
    if countries:
        parts.append(
            html.Div([t("news.item.countries", lang) + " ", *countries], className="small news-item-countries")
        )
    return html.Li(parts, className="list-group-item news-item", **{"data-language": language})


def item_list(items: pd.DataFrame, labels: dict[str, str], names: dict[str, str], lang: str = "en") -> list:
    """The newest items of the selection as list entries (at most MAX_LISTED)."""
    rows = items.head(MAX_LISTED).to_dict("records")
    return [item_entry(row, labels, names, lang) for row in rows]


def count_text(shown: int, total: int, corpus: int, origin: str, lang: str = "en") -> str:
    """'42 of 246 items match (showing the newest 42) · source: the bundled sample'."""
    where = t("news.count.sample" if origin == "sample" else "news.count.database", lang)
    listed = t("news.count.showing", lang, count=min(shown, MAX_LISTED)) if total else t("news.count.none", lang)
    return t("news.count", lang, total=total, corpus=corpus, listed=listed, where=where)


def update_items(corpus: Corpus, sel: Selection, lang: str, names: dict[str, str]) -> tuple[list, str]:
    """(list entries, count line) for the selection."""
    labels = theme_names(corpus.rules.theme_labels, lang)
    selected = sel.selected
    return (
        item_list(selected, labels, names, lang),
        count_text(len(selected.head(MAX_LISTED)), len(selected), len(corpus.items), corpus.origin, lang),
    )
