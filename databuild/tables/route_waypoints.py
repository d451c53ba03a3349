"""route_waypoints.csv: the curated ordered lon/lat paths (3–7 points) of drawable routes, copied."""

from __future__ import annotations

import pandas as pd

from databuild.inputs import Inputs
from databuild.output import columns

NAME = "route_waypoints"


def build(inputs: Inputs) -> pd.DataFrame:
    """Waypoints as curated (routes without geography have none)."""
    return inputs.curated.route_waypoints[columns(NAME)].copy()
