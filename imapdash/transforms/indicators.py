"""Indicator and corridor tables for the map explorer and the country profile (pure pandas).

The explorer shows published values only: a country-year without a row is "no data", never 0,
and the one figure we compute (the partner aggregate) is a plain sum, labelled as such, of the
partner states that reported that year, for additive units only.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

ADDITIVE_UNITS = frozenset({"persons", "usd"})
AGGREGATE_LABEL = "Partner states (sum of reporting partner states)"
VALUE_COLUMNS = ["iso3", "value", "year", "period_label", "status", "source_org", "source_url", "vintage"]
CORRIDOR_DIRECTIONS = ("origins", "destinations")


@dataclass(frozen=True)
class IndicatorMeta:
    """What the map needs to know about an indicator to colour and label it."""

    indicator_id: str
    label: str
    layer: str
    unit: str
    scale: str
    decimals: int
    source_org: str
    source_url: str
    description: str = ""


def indicator_meta(indicators: pd.DataFrame, indicator_id: str) -> IndicatorMeta | None:
    """The indicators.csv row for `indicator_id`, or None when it is unknown."""
    rows = indicators[indicators["indicator_id"] == indicator_id]
    if rows.empty:
        return None
    row = rows.iloc[0]
    return IndicatorMeta(
        indicator_id=str(row["indicator_id"]),
        label=str(row["label"]),
        layer=str(row["layer"]),
        unit=str(row["unit"]),
        scale=str(row["scale"]),
        decimals=int(row["decimals"]) if pd.notna(row["decimals"]) else 0,
        source_org=str(row["source_org"]),
        source_url=str(row["source_url"]),
        description=str(row["description"]) if pd.notna(row["description"]) else "",
    )


def corridor_meta(direction: str) -> IndicatorMeta:
    """Corridor values behave like a log-scaled count indicator (UN DESA migrant stock)."""
    label = "Migrants by country of origin" if direction == "origins" else "Migrants by country of destination"
    return IndicatorMeta("corridors", label, "migration_development", "persons", "log", 0, "UN DESA", "")


def years_with_data(values: pd.DataFrame, indicator_id: str) -> list[int]:
    """Sorted years for which at least one country has a value of the indicator."""
    years = values.loc[values["indicator_id"] == indicator_id, "year"].dropna().unique()
    return sorted(int(y) for y in years)


def nearest_year(years: list[int], year: int | None) -> int | None:
    """`year` if it has data, else the closest year with data (later wins a tie); latest when None."""
    if not years:
        return None
    if year is None:
        return years[-1]
    return min(years, key=lambda y: (abs(y - year), -y))


def next_year(years: list[int], year: int | None) -> int | None:
    """The year after `year` in `years`, wrapping round to the first (the play button's step)."""
    if not years:
        return None
    later = [y for y in years if year is not None and y > year]
    return later[0] if later else years[0]


def values_for_year(values: pd.DataFrame, indicator_id: str, year: int | None) -> pd.DataFrame:
    """One row per country with a value of the indicator in `year`, largest value first."""
    rows = values[(values["indicator_id"] == indicator_id) & (values["year"] == year) & values["value"].notna()]
    return rows[VALUE_COLUMNS].sort_values(["value", "iso3"], ascending=[False, True]).reset_index(drop=True)


def value_range(values: pd.DataFrame, indicator_id: str) -> tuple[float, float] | None:
    """(min, max) over every year, so colours mean the same thing while the years play."""
    rows = values.loc[(values["indicator_id"] == indicator_id) & values["value"].notna(), "value"]
    if rows.empty:
        return None
    return float(rows.min()), float(rows.max())


def latest_per_country(values: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """Each country's most recent value of the indicator (its year can differ by country)."""
    rows = values[(values["indicator_id"] == indicator_id) & values["value"].notna()]
    latest = rows.sort_values("year").groupby("iso3", sort=True).tail(1)
    return latest[VALUE_COLUMNS].sort_values("iso3").reset_index(drop=True)


def ranking(frame: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The `n` countries with the largest value (ties broken by ISO3 so the order is stable)."""
    return frame.sort_values(["value", "iso3"], ascending=[False, True]).head(n).reset_index(drop=True)


def country_series(values: pd.DataFrame, indicator_id: str, iso3s: list[str]) -> pd.DataFrame:
    """Yearly values of the indicator for the given countries, sorted by country then year."""
    rows = values[(values["indicator_id"] == indicator_id) & values["iso3"].isin(iso3s) & values["value"].notna()]
    return rows[VALUE_COLUMNS].sort_values(["iso3", "year"]).reset_index(drop=True)


def partner_aggregate(values: pd.DataFrame, indicator_id: str, partners: list[str], unit: str) -> pd.DataFrame:
    """Per year: sum over the region's partner states that reported, and how many did.

    Empty for non-additive units (a sum of percentages means nothing). Columns: year, value,
    n_reporting, n_partners, source_org, source_url.
    """
    columns = ["year", "value", "n_reporting", "n_partners", "source_org", "source_url"]
    if unit not in ADDITIVE_UNITS:
        return pd.DataFrame(columns=columns)
    rows = values[(values["indicator_id"] == indicator_id) & values["iso3"].isin(partners) & values["value"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    grouped = rows.groupby("year", sort=True).agg(
        value=("value", "sum"),
        n_reporting=("iso3", "nunique"),
        source_org=("source_org", "first"),
        source_url=("source_url", "first"),
    )
    grouped["n_partners"] = len(set(partners))
    return grouped.reset_index()[columns]


def corridor_years(corridors: pd.DataFrame) -> list[int]:
    """Years present in corridors.csv."""
    return sorted(int(y) for y in corridors["year"].dropna().unique())


def corridor_values(corridors: pd.DataFrame, iso3: str | None, year: int | None, direction: str) -> pd.DataFrame:
    """Migrant stock between `iso3` and every partner country in `year`, in VALUE_COLUMNS shape.

    direction "origins": where the migrants living in `iso3` come from (map coloured by origin);
    "destinations": where the migrants born in `iso3` live.
    """
    if not iso3 or direction not in CORRIDOR_DIRECTIONS:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    own, other = ("destination_iso3", "origin_iso3") if direction == "origins" else ("origin_iso3", "destination_iso3")
    rows = corridors[(corridors[own] == iso3) & (corridors["year"] == year) & corridors["total"].notna()]
    frame = pd.DataFrame(
        {
            "iso3": rows[other].to_numpy(),
            "value": rows["total"].astype("float64").to_numpy(),
            "year": rows["year"].to_numpy(),
            "period_label": rows["year"].astype(str).to_numpy(),
            "status": "final",
            "source_org": rows["source_org"].to_numpy(),
            "source_url": rows["source_url"].to_numpy(),
            "vintage": rows["vintage"].to_numpy(),
        }
    )
    return frame.sort_values(["value", "iso3"], ascending=[False, True]).reset_index(drop=True)


def corridor_series(corridors: pd.DataFrame, iso3: str | None, others: list[str], direction: str) -> pd.DataFrame:
    """Every year's corridor value between `iso3` and each of `others` (VALUE_COLUMNS shape)."""
    frames = [corridor_values(corridors, iso3, year, direction) for year in corridor_years(corridors)]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    both = pd.concat(frames, ignore_index=True)
    return both[both["iso3"].isin(others)].sort_values(["iso3", "year"]).reset_index(drop=True)


def country_latest(values: pd.DataFrame, indicators: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """A country's latest value of every indicator it has, with the indicator's label and layer.

    Columns: VALUE_COLUMNS + indicator_id, label, layer, unit, decimals; ordered by layer then
    indicators.csv order.
    """
    rows = values[(values["iso3"] == iso3) & values["value"].notna()]
    latest = rows.sort_values("year").groupby("indicator_id", sort=False).tail(1)
    meta = indicators[["indicator_id", "label", "layer", "unit", "decimals"]].reset_index(names="order")
    merged = latest[[*VALUE_COLUMNS, "indicator_id"]].merge(meta, on="indicator_id", how="inner")
    return merged.sort_values(["layer", "order"]).drop(columns="order").reset_index(drop=True)


def routes_for_country(route_countries: pd.DataFrame, routes: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """Routes that touch the country, with its role(s) on each. Columns: route_id, name, roles."""
    rows = route_countries[route_countries["iso3"] == iso3]
    if rows.empty:
        return pd.DataFrame(columns=["route_id", "name", "roles"])
    roles = rows.groupby("route_id", sort=True)["role"].agg(lambda r: ", ".join(sorted(set(r)))).rename("roles")
    named = roles.reset_index().merge(routes[["route_id", "name"]], on="route_id", how="left")
    named["name"] = named["name"].fillna(named["route_id"])
    return named[["route_id", "name", "roles"]]
