"""The frames the explorer shows, from the datasets: pure, and computed once per (data version, state).

Every chart, the table, the slider and the export read the same `Resolved` for a state; it is kept in a
small bounded LRU keyed by the data version, so the map, the side panel, the slider and the URL writer
answering one change share one computation (the layout used to recompute it seven times).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from ...datasets import Datasets
from ...figures.arcs import arc_points
from ...figures.choropleth import localise_meta, period_texts
from ...figures.sources import distinct_sources, format_vintage
from ...i18n import DEFAULT_LANGUAGE, format_value, t
from ...lru import BoundedLRU
from ...transforms.indicators import (
    VALUE_COLUMNS,
    IndicatorMeta,
    corridor_meta,
    corridor_series,
    corridor_values,
    corridor_years,
    country_series,
    indicator_meta,
    nearest_year,
    partner_aggregate,
    ranking,
    value_range,
    values_for_year,
    years_with_data,
)
from ...transforms.names import country_names
from ..context import ViewContext
from .state import ExplorerState

RANKING_SIZE = 10
TABLE_COLUMNS = (
    "country",
    "iso3",
    "indicator",
    "value",
    "unit",
    "period",
    "status",
    "source_org",
    "source_url",
    "vintage",
)

_RESOLVED: BoundedLRU[tuple, Resolved] = BoundedLRU(64)
_TABLES: BoundedLRU[tuple, pd.DataFrame] = BoundedLRU(64)
_AGGREGATES: BoundedLRU[tuple, pd.DataFrame] = BoundedLRU(32)
_GEOMETRY: BoundedLRU[str, list[str]] = BoundedLRU(4)
_POINTS: BoundedLRU[str, dict[str, tuple[float, float]]] = BoundedLRU(4)
_SHOWN: BoundedLRU[tuple, object] = BoundedLRU(128)  # sources, vintage and formatted rows per state
_YEARS: BoundedLRU[tuple, list] = BoundedLRU(16)  # every year's rows of an indicator (or corridor focus)


@dataclass(frozen=True)
class Resolved:
    """What the state shows: the indicator (or corridor) meta, its years, the year and the rows."""

    meta: IndicatorMeta
    years: list[int]
    year: int | None
    frame: pd.DataFrame
    value_range: tuple[float, float] | None
    subject: str | None
    note: str


def names(vc: ViewContext, state: ExplorerState) -> dict[str, str]:
    """ISO3 -> country name in the state's language (the shared lookup)."""
    return country_names(vc.datasets, state.lang)


def _state_key(vc: ViewContext, state: ExplorerState) -> tuple:
    corridor = state.mode != "indicator"
    return (
        vc.datasets.version,
        state.mode,
        None if corridor else state.indicator,
        state.year,
        state.focus if corridor else None,
        state.lang,
    )


def resolve(vc: ViewContext, state: ExplorerState) -> Resolved:
    """The rows a state shows (corridor mode swaps the indicator for corridors.csv); computed once per state."""
    return _RESOLVED.get_or_compute(_state_key(vc, state), lambda: _resolve(vc.datasets, state))


def _resolve(datasets: Datasets, state: ExplorerState) -> Resolved:
    lang = state.lang
    if state.mode in ("origins", "destinations"):
        corridors = datasets.corridors
        meta = replace(corridor_meta(state.mode), label=t(f"explorer.corridors.label_{state.mode}", lang))
        years = corridor_years(corridors)
        year = nearest_year(years, state.year)
        frame = corridor_values(corridors, state.focus, year, state.mode)
        totals = corridors["total"].dropna().astype(float)
        vrange = (float(totals.min()), float(totals.max())) if len(totals) else None
        if state.focus is None:
            subject, note = t("explorer.corridors.subject_none", lang), t("explorer.corridors.note_none", lang)
        else:
            country = country_names(datasets, lang).get(state.focus, state.focus)
            subject = t(f"explorer.corridors.subject_{state.mode}", lang, country=country)
            note = t(f"explorer.corridors.note_{state.mode}", lang)
        return Resolved(meta, years, year, frame, vrange, subject, note)
    meta = indicator_meta(datasets.indicators, state.indicator)
    if meta is None:
        meta = IndicatorMeta(state.indicator, state.indicator, "", "persons", "linear", 0, "", "")
    meta = localise_meta(meta, lang)
    values = datasets.indicator_values
    rows = values[values["indicator_id"] == meta.indicator_id]  # filter the big table once
    years = years_with_data(rows, meta.indicator_id)
    year = nearest_year(years, state.year)
    frame = values_for_year(rows, meta.indicator_id, year)
    vrange = value_range(rows, meta.indicator_id)
    return Resolved(meta, years, year, frame, vrange, None, meta.description)


def shown_state(vc: ViewContext, state: ExplorerState) -> ExplorerState:
    """The state with its year snapped to the nearest year with data (what the URL and the slider show)."""
    year = resolve(vc, state).year
    return state if year == state.year else replace(state, year=year)


def geometry_iso3(vc: ViewContext) -> list[str]:
    """ISO3 of every country polygon in the served geometry."""
    datasets = vc.datasets
    return _GEOMETRY.get_or_compute(datasets.version, lambda: list(datasets.geometry_ids))


def sources_of(resolved: Resolved) -> list[tuple[str, str]]:
    """The publishers of the rows shown (the indicator's own source when nothing is shown)."""
    found = distinct_sources(resolved.frame)
    if not found and resolved.meta.source_org:
        found = [(resolved.meta.source_org, resolved.meta.source_url)]
    return found


def sources(vc: ViewContext, state: ExplorerState) -> list[tuple[str, str]]:
    """`sources_of` the state's rows, computed once per state (the map, ranking and series all cite them)."""
    return _SHOWN.get_or_compute(("sources", *_state_key(vc, state)), lambda: sources_of(resolve(vc, state)))


def vintage_of(vc: ViewContext, resolved: Resolved, lang: str = DEFAULT_LANGUAGE) -> str:
    """The vintage(s) of the rows shown, else the dataset vintage (dates in `lang`)."""
    vintages = sorted({str(v) for v in resolved.frame["vintage"].dropna()})
    return ", ".join(format_vintage(v, lang) for v in (vintages or [vc.datasets.vintage]))


def vintage(vc: ViewContext, state: ExplorerState) -> str:
    """`vintage_of` the state's rows in its language, computed once per state."""
    return _SHOWN.get_or_compute(
        ("vintage", *_state_key(vc, state)), lambda: vintage_of(vc, resolve(vc, state), state.lang)
    )


def formatted_rows(vc: ViewContext, state: ExplorerState) -> list[tuple[str, str, str]]:
    """(country, value as the reader reads it, period) per row of the table, largest first; once per state.

    The map's and the ranking's data tables and the table tab show these same strings.
    """

    def compute() -> list[tuple[str, str, str]]:
        rows = table_rows(vc, state)
        unit = str(rows["unit"].iloc[0]) if len(rows) else "persons"
        places = decimals(vc, state)
        return [
            (c, format_value(v, state.lang, unit=unit, decimals=places), p)
            for c, v, p in zip(rows["country"], rows["value"].tolist(), rows["period"], strict=True)
        ]

    return _SHOWN.get_or_compute(("formatted", *_state_key(vc, state)), compute)


def decimals(vc: ViewContext, state: ExplorerState) -> int:
    """Decimals the indicator is published with (0 for corridors)."""
    return resolve(vc, state).meta.decimals if state.mode == "indicator" else 0


def table_rows(vc: ViewContext, state: ExplorerState) -> pd.DataFrame:
    """Exactly the numbers on the map, with names, units and sources (largest first), texts in the state's language."""
    return _TABLES.get_or_compute(_state_key(vc, state), lambda: _table_rows(vc, state))


def _table_rows(vc: ViewContext, state: ExplorerState) -> pd.DataFrame:
    resolved = resolve(vc, state)
    known = names(vc, state)
    frame = resolved.frame
    return pd.DataFrame(
        {
            "country": [known.get(i, i) for i in frame["iso3"].astype(str)],
            "iso3": frame["iso3"].astype(str).tolist(),
            "indicator": resolved.subject or resolved.meta.label,
            "value": frame["value"].astype(float).tolist(),
            "unit": resolved.meta.unit,
            "period": period_texts(frame, state.lang),
            "status": frame["status"].astype(str).tolist(),
            "source_org": frame["source_org"].astype(str).tolist(),
            "source_url": frame["source_url"].astype(str).tolist(),
            "vintage": frame["vintage"].astype(str).tolist(),
        },
        columns=list(TABLE_COLUMNS),
    )


def top(vc: ViewContext, state: ExplorerState) -> pd.DataFrame:
    """The ranking's rows: the largest values of the year (or corridors)."""
    return _SHOWN.get_or_compute(
        ("top", *_state_key(vc, state)), lambda: ranking(resolve(vc, state).frame, RANKING_SIZE)
    )


def top_sources(vc: ViewContext, state: ExplorerState) -> list[tuple[str, str]]:
    """The publishers of the ranking's rows (else those of the whole year)."""
    return _SHOWN.get_or_compute(
        ("top_sources", *_state_key(vc, state)), lambda: distinct_sources(top(vc, state)) or sources(vc, state)
    )


def preset_view(vc: ViewContext, state: ExplorerState) -> tuple[str, tuple[float, float], tuple[float, float]]:
    """(preset id, lon range, lat range) of the state's map preset, from the data's manifest."""
    preset = vc.datasets.region.preset(state.region)
    return preset.id, preset.lon, preset.lat


def label_points(vc: ViewContext) -> dict[str, tuple[float, float]]:
    """ISO3 -> (lon, lat) label point of every country that has one (countries.csv)."""
    countries = vc.datasets.countries
    known = countries[countries["lon"].notna() & countries["lat"].notna()]
    return _POINTS.get_or_compute(
        vc.datasets.version,
        lambda: {
            str(i): (float(x), float(y)) for i, x, y in zip(known["iso3"], known["lon"], known["lat"], strict=True)
        },
    )


def arcs(vc: ViewContext, state: ExplorerState) -> list[dict]:
    """The corridor arcs of the state (empty traces in indicator mode)."""
    resolved = resolve(vc, state)
    frame = resolved.frame if state.mode != "indicator" else resolved.frame.iloc[0:0]
    return arc_points(frame, state.focus, state.mode, label_points(vc), names(vc, state), lang=state.lang)


def partner_iso3(vc: ViewContext) -> list[str]:
    """The region's partner states (countries.csv `partner`; the manifest names them)."""
    countries = vc.datasets.countries
    return countries.loc[countries["partner"].astype(bool), "iso3"].astype(str).tolist()


def series_frames(vc: ViewContext, state: ExplorerState) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """(selected countries over time, partner aggregate, title) for the time-series chart, once per selection."""
    key = ("series", *_state_key(vc, state), state.selection)
    return _SHOWN.get_or_compute(key, lambda: _series_frames(vc, state))


def series_sources(vc: ViewContext, state: ExplorerState) -> list[tuple[str, str]]:
    """The publishers of the series and the aggregate drawn (else those of the year's rows)."""

    def compute() -> list[tuple[str, str]]:
        series, aggregate, _ = series_frames(vc, state)
        return distinct_sources(pd.concat([series, aggregate], ignore_index=True)) or sources(vc, state)

    return _SHOWN.get_or_compute(("series_sources", *_state_key(vc, state), state.selection), compute)


def _series_frames(vc: ViewContext, state: ExplorerState) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    resolved = resolve(vc, state)
    datasets = vc.datasets
    if state.mode != "indicator":
        others = [c for c in state.selection if c != state.focus] or top(vc, state).head(5)["iso3"].tolist()
        series = corridor_series(datasets.corridors, state.focus, others, state.mode)
        aggregate = pd.DataFrame(columns=["year", "value", "n_reporting", "n_partners"])
        return series, aggregate, resolved.subject or t("explorer.corridors.series_title", state.lang)
    indicator, unit = resolved.meta.indicator_id, resolved.meta.unit
    series = country_series(datasets.indicator_values, indicator, list(state.selection))
    aggregate = _AGGREGATES.get_or_compute(
        (datasets.version, indicator, unit),
        lambda: partner_aggregate(datasets.indicator_values, indicator, partner_iso3(vc), unit),
    )
    return series, aggregate, t("explorer.series_title", state.lang, label=resolved.meta.label)


def year_key(vc: ViewContext, state: ExplorerState) -> tuple:
    """What every year of a state shares: data version, mode, indicator (or corridor focus), language."""
    return _state_key(vc, state)[:3] + _state_key(vc, state)[4:]


def every_year(vc: ViewContext, state: ExplorerState) -> list[tuple[int, pd.DataFrame]]:
    """(year, rows shown that year) for every year with data, the rows as `resolve` gives them; once per indicator.

    The big table is filtered once and grouped, instead of once per year (what the clientside year change
    needs, all years at once; `resolve` per year took up to a second for 24 years).
    """

    def compute() -> list[tuple[int, pd.DataFrame]]:
        resolved = resolve(vc, state)
        if state.mode != "indicator":
            corridors = vc.datasets.corridors
            return [(y, corridor_values(corridors, state.focus, y, state.mode)) for y in resolved.years]
        values = vc.datasets.indicator_values
        rows = values[(values["indicator_id"] == resolved.meta.indicator_id) & values["value"].notna()]
        rows = rows[VALUE_COLUMNS].sort_values(["value", "iso3"], ascending=[False, True])
        groups = {int(y): g.reset_index(drop=True) for y, g in rows.groupby("year", sort=True)}
        return [(y, groups.get(y, rows.iloc[0:0])) for y in resolved.years]

    return _YEARS.get_or_compute(year_key(vc, state), compute)
