"""Helpers shared by the profile and the comparison view: language, names, links, source lines."""

from __future__ import annotations

import re

import pandas as pd
from dash import html

from ...figures.choropleth import message
from ...figures.sources import format_vintage
from ...i18n import DEFAULT_LANGUAGE, normalise_language, t
from ...releases.provider import pin_params
from ...theme import graph_config
from ...urlstate import first, to_query

CHART_CONFIG = graph_config(filename="imapdash-profile")
SPARKLINE_CONFIG = {**graph_config(filename="imapdash-sparkline"), "displayModeBar": False}


def slug(name: str) -> str:
    """'South-eastern Asia' -> 'south_eastern_asia' (catalogue keys of names found in the data)."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def lang_of(query: dict | None) -> str:
    """The language the shell put into the query."""
    return normalise_language(first(query or {}, "lang"))


def lang_query(lang: str, params: dict | None = None) -> str:
    """A query string with `params`, plus `lang` unless it is the default, and a pinned release."""
    return to_query({**(params or {}), "lang": lang if lang != DEFAULT_LANGUAGE else None, **pin_params()})


def country_names(countries: pd.DataFrame, lang: str) -> dict[str, str]:
    """{iso3: name in `lang`} (English where the language has no name)."""
    column = f"name_{lang}" if f"name_{lang}" in countries.columns else "name_en"
    names = countries[column].where(countries[column].notna() & (countries[column] != ""), countries["name_en"])
    return dict(zip(countries["iso3"], names.astype(str), strict=True))


def route_name(route_id: str, default: str, lang: str) -> str:
    """A route's name in `lang`."""
    return message(f"route.{route_id}.name", lang, default)


def join_names(names: list[str], lang: str) -> str:
    """'A, B and C' in `lang`."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    separator = "، " if lang == "ar" else ", "
    return t("profile.list_and", lang, items=separator.join(names[:-1]), last=names[-1])


def source_line(org: str, url: str, vintage: str | None, lang: str, *, note: str | None = None) -> html.Div:
    """'Source: <Org> · data <vintage>' with the publisher linked (the page's own citation line)."""
    parts: list = [t("overview.source_label", lang) + " ", html.A(org, href=url, target="_blank", rel="noopener")]
    if vintage and vintage != "nan":
        parts.append(" · " + t("figure.data_vintage", lang, vintage=format_vintage(vintage, lang)))
    if note:
        parts.append(" · " + note)
    return html.Div(parts, className="small source-note")
