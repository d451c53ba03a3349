"""flow_monitoring.csv: DTM West & Central Africa movements by flow-monitoring country, origin and destination."""

from __future__ import annotations

import pandas as pd

from databuild.common import log
from databuild.inputs import Inputs
from databuild.sources import DTM, DTM_GDIDATA_VINTAGE

NAME = "flow_monitoring"


def build(inputs: Inputs) -> pd.DataFrame:
    """Movements per year and end points; unknown ends keep the source's 'OOO' (a nationality code)."""
    fm = inputs.read("dtm_wca_flows_yearly.csv", keep_default_na=False)
    for col in ["from_iso3", "to_iso3"]:
        fm[col] = fm[col].str.upper()  # 'ooo' and 'OOO' both mean unknown
    key = ["year", "fmp_country", "from_iso3", "to_iso3"]
    merged = fm.groupby(key, as_index=False).agg(
        individuals=("individuals_observed", "sum"), source_url=("source_url", "first")
    )
    if len(merged) != len(fm):
        log.info("flow_monitoring: %d rows differing only in 'ooo'/'OOO' case summed", len(fm) - len(merged))
    return pd.DataFrame(
        {
            "region": "wca",
            "year": merged["year"],
            "fmp_iso3": merged["fmp_country"],
            "from_iso3": merged["from_iso3"],
            "to_iso3": merged["to_iso3"],
            "individuals": merged["individuals"],
            "source_org": DTM,
            "source_url": merged["source_url"],
            "vintage": DTM_GDIDATA_VINTAGE,
        }
    )
