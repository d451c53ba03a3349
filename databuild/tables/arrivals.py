"""arrivals.csv: arrivals per arrival country or area and period, every source side by side."""

from __future__ import annotations

from typing import Any

import pandas as pd

from databuild.citations import cite
from databuild.common import is_empty, keep_fuller, parse_period
from databuild.inputs import Inputs
from databuild.output import columns, key
from databuild.sources import DTM, DTM_EUROPE_URL, DTM_EUROPE_VINTAGE, DTM_GDIDATA_VINTAGE, FRONTEX, publisher

NAME = "arrivals"
AGGREGATE_AREAS = {"MED", "MED+NWA", "EMR"}
VALUES = ["arrivals", "arrivals_sea", "arrivals_land", "dead_missing"]


def _area_iso3(code: str) -> str:
    if code in AGGREGATE_AREAS:
        return ""
    return code.split("-")[0]


def _yearly(inputs: Inputs) -> pd.DataFrame:
    med = inputs.read("med_arrivals.csv")
    rows = []
    for rec in med.to_dict("records"):
        partial, label = parse_period(rec["period"], rec["year"])
        org = publisher(rec["source_org"])
        text = f"{rec['source_org']} {'' if is_empty(rec['note']) else rec['note']}".lower()
        status = "provisional" if "provisional" in text else "final"
        note = "" if is_empty(rec["note"]) else rec["note"]
        if org == DTM:
            vintage = DTM_EUROPE_VINTAGE
            note = "; ".join(p for p in ["sum of monthly values (iom/gdidata dtm_med)", note] if p)
        else:
            vintage = rec["source_org"]  # the publication the figure was read in
        rows.append(
            {
                "country_code": rec["country_code"],
                "iso3": _area_iso3(rec["country_code"]),
                "period": str(rec["year"]),
                "period_type": "year",
                "nationality_iso3": "ALL",
                "arrivals": rec["arrivals"],
                "arrivals_sea": rec["arrivals_sea"],
                "arrivals_land": rec["arrivals_land"],
                "dead_missing": rec["dead_missing"],
                "partial": partial,
                "period_label": label,
                "status": status,
                "restricted": 0,
                "source_org": org,
                "source_url": rec["source_url"],
                "vintage": vintage,
                "note": note,
            }
        )
    return keep_fuller(pd.DataFrame(rows), key(NAME), VALUES, "arrivals (med_arrivals.csv)")


def _by_nationality(inputs: Inputs) -> pd.DataFrame:
    top = inputs.read("med_arrivals_top_nationalities.csv", keep_default_na=False)
    rows: list[dict[str, Any]] = []
    for rec in top.to_dict("records"):
        frontex = "frontex" in rec["source_url"]
        rows.append(
            {
                "country_code": rec["arrival_country_code"],
                "iso3": _area_iso3(rec["arrival_country_code"]),
                "period": str(rec["year"]),
                "period_type": "year",
                "nationality_iso3": rec["nationality_iso3"],
                "arrivals": rec["arrivals"],
                "partial": 0,
                "period_label": str(rec["year"]),
                "status": "final",
                "restricted": 0,
                "source_org": FRONTEX if frontex else DTM,
                "source_url": rec["source_url"],
                "vintage": DTM_GDIDATA_VINTAGE,
                "note": f"top-10 nationality (rank {rec['rank']}); {rec['note']}",
            }
        )
    return pd.DataFrame(rows)


def _monthly(inputs: Inputs) -> pd.DataFrame:
    mon = inputs.read("raw/iom-gdidata/dtm_med_monthly.csv")
    rows = [
        {
            "country_code": r["geo"],
            "iso3": _area_iso3(r["geo"]),
            "period": r["month"],
            "period_type": "month",
            "nationality_iso3": "ALL",
            "arrivals": r["n"],
            "partial": 0,
            "period_label": r["month"],
            "status": "final",
            "restricted": 0,
            "source_org": DTM,
            "source_url": DTM_EUROPE_URL,
            "vintage": DTM_EUROPE_VINTAGE,
            "note": "",
        }
        for r in mon.to_dict("records")
    ]
    return pd.DataFrame(rows)


def _combine(inputs: Inputs) -> pd.DataFrame:
    df = pd.concat([_yearly(inputs), _by_nationality(inputs), _monthly(inputs)], ignore_index=True)
    df = df.reindex(columns=columns(NAME))
    df = keep_fuller(df, key(NAME), VALUES, "arrivals")
    # non-DTM rows name the publication they were read in as their vintage
    df = cite(df, inputs.curated, document_column="vintage")
    for col in VALUES:
        assert (df[col].dropna() >= 0).all(), col
        df[col] = df[col].astype("Int64")
    return df.reset_index(drop=True)


def frame(inputs: Inputs) -> pd.DataFrame:
    """The arrivals frame, built once per build (indicator values read it too); a copy."""
    return inputs.shared(NAME, lambda: _combine(inputs)).copy()


def build(inputs: Inputs) -> pd.DataFrame:
    """Arrivals per arrival area and period: IOM DTM yearly, monthly and top-10 nationalities, UNHCR, authorities."""
    return frame(inputs)
