"""route_countries.csv: the curated countries of departure, transit and arrival per route, copied."""

from __future__ import annotations

import pandas as pd

from databuild.inputs import Inputs
from databuild.output import columns

NAME = "route_countries"


def build(inputs: Inputs) -> pd.DataFrame:
    """ISO3 codes on each route with their role (editorial reading of the route geography)."""
    return inputs.curated.route_countries[columns(NAME)].copy()
