"""indicator_values.csv: country × indicator × year values (IMS 2024, UNHCR, WDI, arrivals)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from databuild.common import check_unique, is_empty
from databuild.inputs import Inputs
from databuild.output import columns, key
from databuild.sources import DTM, UNDESA, UNDESA_VINTAGE, UNHCR, UNHCR_RDF_VINTAGE, WDI_VINTAGE, WORLD_BANK
from databuild.tables import arrivals

NAME = "indicator_values"


def _values(
    df: pd.DataFrame,
    iso_col: str,
    value_col: str,
    indicator_id: str,
    *,
    label_col: str | None = None,
    source_org: str,
    vintage: str,
    url_col: str = "source_url",
) -> list[dict[str, Any]]:
    """Indicator rows from one reference column; empty cells give no row."""
    rows = []
    for rec in df.to_dict("records"):
        value = rec[value_col]
        if is_empty(value):
            continue
        year = int(rec["year"])
        label = str(rec[label_col]) if label_col else str(year)
        status = "final"
        if "provisional" in label:
            status, label = "provisional", label.replace("(provisional)", "").strip()
        rows.append(
            {
                "iso3": rec[iso_col],
                "indicator_id": indicator_id,
                "year": year,
                "value": value,
                "period_label": label,
                "status": status,
                "restricted": 0,
                "source_org": source_org,
                "source_url": rec[url_col],
                "vintage": vintage,
            }
        )
    return rows


def _arrival_rows(inputs: Inputs) -> list[dict[str, Any]]:
    """arrivals_total from IOM DTM rows; arrivals_sea/land from UNHCR rows (country codes only)."""
    arr = arrivals.frame(inputs)
    arr = arr[
        (arr["nationality_iso3"] == "ALL") & (arr["period_type"] == "year") & (arr["country_code"] == arr["iso3"])
    ]
    rows = []
    picks = [
        ("arrivals_total", DTM, "arrivals"),
        ("arrivals_sea", UNHCR, "arrivals_sea"),
        ("arrivals_land", UNHCR, "arrivals_land"),
    ]
    for indicator_id, org, col in picks:
        sub = arr[(arr["source_org"] == org) & arr[col].notna() & (arr["partial"] == 0)]
        for rec in sub.to_dict("records"):
            rows.append(
                {
                    "iso3": rec["iso3"],
                    "indicator_id": indicator_id,
                    "year": int(rec["period"]),
                    "value": rec[col],
                    "period_label": rec["period_label"],
                    "status": rec["status"],
                    "restricted": rec["restricted"],
                    "source_org": org,
                    "source_url": rec["source_url"],
                    "vintage": rec["vintage"],
                }
            )
    return rows


def build(inputs: Inputs) -> pd.DataFrame:
    """Values per country, indicator and year; every indicator_id is defined in the curated indicators."""
    rows: list[dict[str, Any]] = []
    stock = inputs.read("migrant_stock.csv")
    stock = stock[stock["revision"].str.startswith("2024")]
    for col, ind in [
        ("total", "migrant_stock_total"),
        ("pct_female_derived", "migrant_stock_pct_female"),
        ("pct_of_population_derived", "migrant_stock_pct_population"),
    ]:
        rows += _values(stock, "country_iso3", col, ind, source_org=UNDESA, vintage=UNDESA_VINTAGE)

    asylum = inputs.read("refugees_by_asylum_country.csv")
    for col, ind in [("refugees", "refugees_hosted"), ("asylum_seekers", "asylum_seekers_hosted")]:
        rows += _values(
            asylum, "country_iso3", col, ind, label_col="period", source_org=UNHCR, vintage=UNHCR_RDF_VINTAGE
        )
    origin = inputs.read("refugees_by_origin_country.csv")
    for col, ind in [("refugees_abroad", "refugees_abroad"), ("asylum_seekers_abroad", "asylum_seekers_abroad")]:
        rows += _values(
            origin, "origin_iso3", col, ind, label_col="period", source_org=UNHCR, vintage=UNHCR_RDF_VINTAGE
        )

    rem = inputs.read("remittances.csv")
    for col, ind in [
        ("remittances_received_usd", "remittances_received_usd"),
        ("remittances_paid_usd", "remittances_paid_usd"),
        ("remittances_pct_gdp_derived", "remittances_received_pct_gdp"),
    ]:
        rows += _values(
            rem.assign(_url=inputs.curated.indicator_url(ind)),
            "country_iso3",
            col,
            ind,
            source_org=WORLD_BANK,
            vintage=WDI_VINTAGE,
            url_col="_url",
        )

    rows += _arrival_rows(inputs)
    df = pd.DataFrame(rows, columns=columns(NAME))
    check_unique(df, key(NAME), NAME)
    undefined = set(df["indicator_id"]) - set(inputs.curated.indicators["indicator_id"])
    assert not undefined, f"indicator values without a definition in curated/indicators.csv: {sorted(undefined)}"
    return df
