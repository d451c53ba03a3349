"""indicators.csv: the curated indicator definitions (databuild/curated/indicators.csv), copied."""

from __future__ import annotations

import pandas as pd

from databuild.inputs import Inputs
from databuild.output import columns

NAME = "indicators"


def build(inputs: Inputs) -> pd.DataFrame:
    """One row per country indicator (metadata only)."""
    return inputs.curated.indicators[columns(NAME)].copy()
