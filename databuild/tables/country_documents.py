"""country_documents.csv: the curated documents and contacts per country, as curated (not built from reference data)."""

from __future__ import annotations

import pandas as pd

from databuild.inputs import Inputs
from databuild.output import columns

NAME = "country_documents"


def build(inputs: Inputs) -> pd.DataFrame:
    """The curated links, in key order."""
    return inputs.curated.country_documents[columns(NAME)].sort_values(["iso3", "url"]).reset_index(drop=True)
