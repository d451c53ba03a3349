"""corridors.csv: bilateral migrant stocks (UN DESA IMS 2024), duplicates across selections removed."""

from __future__ import annotations

import pandas as pd

from databuild.inputs import Inputs
from databuild.sources import UNDESA, UNDESA_VINTAGE

NAME = "corridors"


def build(inputs: Inputs) -> pd.DataFrame:
    """One row per origin, destination and year (the reference lists a corridor once per top-10 selection)."""
    cor = inputs.read("migrant_corridors.csv", keep_default_na=False)
    key = ["origin_iso3", "destination_iso3", "year"]
    values = cor.groupby(key)[["total", "female", "male"]].nunique()
    assert (values <= 1).all().all(), "conflicting duplicate corridors"
    cor = cor.drop_duplicates(key, keep="first")
    return pd.DataFrame(
        {
            "origin_iso3": cor["origin_iso3"],
            "destination_iso3": cor["destination_iso3"],
            "year": cor["year"],
            "total": cor["total"],
            "female": cor["female"],
            "male": cor["male"],
            "source_org": UNDESA,
            "source_url": cor["source_url"],
            "vintage": UNDESA_VINTAGE,
        }
    )
