"""Country and route names in the reader's language: one lookup, one fallback rule, computed once.

The rule, for every view: the name in the reader's language, else the English name, else the code.
A cell counts as missing when it is empty or a pandas/CSV placeholder ("nan", "<NA>", "None").
Route names come from the `routes` catalogue (`route.<id>.name`), else routes.csv's `name`, else the id
(the same rule as `figures.route_map.route_label`).

The dictionaries are built once per data version and language and kept in a small bounded LRU, so a
page that needs the names fourteen times builds them once. They are shared: treat them as read-only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..i18n import DEFAULT_LANGUAGE, catalogue, normalise_language
from ..lru import BoundedLRU

MISSING_TEXTS = frozenset({"", "nan", "NaN", "<NA>", "None", "none"})
_NAMES: BoundedLRU[tuple, dict[str, str]] = BoundedLRU(48)


def present(value: object) -> str | None:
    """`value` as a stripped string, or None when it is missing (None, NaN, '', 'nan', '<NA>')."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return None if text in MISSING_TEXTS else text


def pick_name(names: Mapping[str, object], code: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The one fallback rule: names[lang], else names['en'], else the code."""
    return present(names.get(normalise_language(lang))) or present(names.get(DEFAULT_LANGUAGE)) or code


def country_names_from(countries: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """ISO3 -> country name in `lang` from a countries frame (iso3, name_en, name_fr, name_ar)."""
    lang = normalise_language(lang)
    iso3 = countries["iso3"].astype(str).tolist()
    wanted = countries[f"name_{lang}"].tolist() if f"name_{lang}" in countries else [None] * len(iso3)
    english = countries["name_en"].tolist() if "name_en" in countries else [None] * len(iso3)
    return {code: present(own) or present(en) or code for code, own, en in zip(iso3, wanted, english, strict=True)}


def route_name(route_id: str, lang: str = DEFAULT_LANGUAGE, default: object = None) -> str:
    """A route's name in `lang`: the catalogue's `route.<id>.name`, else `default` (routes.csv), else the id."""
    messages = catalogue(normalise_language(lang))
    key = f"route.{route_id}.name"
    if key in messages:
        return messages[key]
    return present(default) or route_id


def route_names_from(routes: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """route_id -> route name in `lang`, in the order of routes.csv."""
    ids = routes["route_id"].astype(str).tolist()
    published = routes["name"].tolist() if "name" in routes else [None] * len(ids)
    return {r: route_name(r, lang, n) for r, n in zip(ids, published, strict=True)}


def _key(datasets: Any, kind: str, lang: str) -> tuple:
    return (kind, str(getattr(datasets, "version", id(datasets))), normalise_language(lang))


def country_names(datasets: Any, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """ISO3 -> name in `lang` for `datasets.countries` (built once per data version and language)."""
    return _NAMES.get_or_compute(
        _key(datasets, "countries", lang), lambda: country_names_from(datasets.countries, lang)
    )


def route_names(datasets: Any, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """route_id -> name in `lang` for `datasets.routes` (built once per data version and language)."""
    return _NAMES.get_or_compute(_key(datasets, "routes", lang), lambda: route_names_from(datasets.routes, lang))


def place_names(datasets: Any, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Countries and routes together (Sankey nodes): route ids win over a clashing ISO3 code."""
    return _NAMES.get_or_compute(
        _key(datasets, "places", lang), lambda: {**country_names(datasets, lang), **route_names(datasets, lang)}
    )
