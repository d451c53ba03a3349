"""news_feeds.csv: RSS/Atom feeds of migration-relevant sources, copied."""

from __future__ import annotations

import pandas as pd

from databuild.inputs import Inputs
from databuild.output import columns

NAME = "news_feeds"


def build(inputs: Inputs) -> pd.DataFrame:
    """The reference feed list with the contract's columns."""
    return inputs.read_text("news_feeds.csv")[columns(NAME)]
