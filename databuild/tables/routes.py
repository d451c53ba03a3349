"""routes.csv: the curated routes, checked against the route names each publisher uses."""

from __future__ import annotations

import pandas as pd

from databuild.inputs import Inputs
from databuild.output import columns

NAME = "routes"


def build(inputs: Inputs) -> pd.DataFrame:
    """One row per route, with each publisher's exact route name."""
    df = inputs.curated.routes[columns(NAME)].copy()
    # every publisher route name used in the reference data must exist here (or be skipped)
    frontex = set(inputs.read("frontex_detections_by_route.csv")["route"]) - {"ALL ROUTES (EU external borders total)"}
    mmp = set(inputs.read("missing_migrants_by_route.csv")["route"]) - {
        "Undefined",
        "MEDITERRANEAN (sum of Central+Eastern+Western Mediterranean routes)",
    }
    unhcr = set(inputs.read("unhcr_sea_movements_by_route.csv")["route"])
    assert frontex <= set(df["frontex_route"]), frontex - set(df["frontex_route"])
    assert mmp <= set(df["mmp_route"]), mmp - set(df["mmp_route"])
    assert unhcr <= set(df["unhcr_route"]), unhcr - set(df["unhcr_route"])
    return df
