"""incidents.csv: IOM Missing Migrants incidents with coordinates, stable sequential ids."""

from __future__ import annotations

import pandas as pd

from databuild.common import as_int, log
from databuild.inputs import Inputs
from databuild.sources import MMP, MMP_URL, MMP_VINTAGE

NAME = "incidents"


def build(inputs: Inputs) -> pd.DataFrame:
    """Incidents that have coordinates; ids follow a fixed sort so a rebuild gives the same ids."""
    inc = inputs.read(
        "raw/iom-gdidata/iom_mmp_incidents.csv",
        keep_default_na=False,
        na_values={"dead": [""], "surv": [""], "lon": [""], "lat": [""]},
    )
    before = len(inc)
    inc = inc[inc["lon"].notna() & inc["lat"].notna()].copy()
    log.info("incidents: %d of %d rows have coordinates", len(inc), before)
    negative = inc["surv"] < 0
    if negative.any():
        log.warning("incidents: %d rows with negative survivors -> survivors left empty", negative.sum())
        inc.loc[negative, "surv"] = float("nan")
    order = ["date", "route", "lon", "lat", "geo", "dead", "surv", "cause", "type", "nat", "location"]
    inc = inc.sort_values(order, kind="mergesort", na_position="last").reset_index(drop=True)
    lookup = inputs.curated.route_lookup("mmp_route")
    df = pd.DataFrame(
        {
            "incident_id": range(1, len(inc) + 1),
            "date": inc["date"],
            "route_id": inc["route"].map(lookup).fillna(""),
            "mmp_route": inc["route"],
            "country_iso3": inc["geo"],
            "lon": inc["lon"],
            "lat": inc["lat"],
            "dead_missing": inc["dead"].map(as_int),
            "survivors": inc["surv"].astype("Int64"),
            "cause": inc["cause"],
            "source_org": MMP,
            "source_url": MMP_URL,
            "vintage": MMP_VINTAGE,
        }
    )
    assert (df["dead_missing"] >= 0).all()
    return df
