"""headline_figures.csv: published headline numbers, copied (year as a 4-digit integer)."""

from __future__ import annotations

import pandas as pd

from databuild.citations import cite
from databuild.common import as_int, log
from databuild.inputs import Inputs
from databuild.output import columns

NAME = "headline_figures"


def build(inputs: Inputs) -> pd.DataFrame:
    """Headline figures with the exact published wording."""
    head = inputs.read_text("published_headline_figures.csv")
    cumulative = head["year"] == ""
    # cumulative figures (period '2014-01..2024-09') have no year in the reference: the contract
    # requires one, so they get the year the period ends in (the period column keeps the span)
    head.loc[cumulative, "year"] = head.loc[cumulative, "period"].str.extract(r"\.\.(\d{4})")[0]
    assert head["year"].str.fullmatch(r"\d{4}(\.0)?").all(), "headline figure without a year"
    log.info("headline_figures: %d cumulative rows dated by the end of their period", int(cumulative.sum()))
    head["year"] = head["year"].map(lambda y: str(as_int(y)))
    # the note names the publisher's document where the reference data give it
    named = head["note"].str.fullmatch(r"(Risk Analysis for \d{4}|MMP annual release .*)")
    head["document"] = head["note"].where(named, "")
    return cite(head, inputs.curated, org_column="agency")[columns(NAME)]
