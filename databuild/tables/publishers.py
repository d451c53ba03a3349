"""publishers.csv: the publisher allowlist (hosts of publishers' own sites), as curated."""

from __future__ import annotations

import pandas as pd

from databuild.inputs import Inputs
from databuild.output import columns

NAME = "publishers"


def build(inputs: Inputs) -> pd.DataFrame:
    """The curated allowlist, in host order."""
    return inputs.curated.publishers[columns(NAME)].sort_values("host").reset_index(drop=True)
