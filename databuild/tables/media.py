"""media.csv: news items for the News Centre, sequential item_id after sorting by date and url.

Built from the reference collection's larger corpus (`news_items_large.csv`: the curated sample plus items
from public RSS archives, 2,513 items). Every item keeps its provenance: `retrieved_from` (the file the
record was read in, pinned to a commit for archives) and `collected_from` (the archive and path, or the
curated sample). Headlines and summaries are as published.
"""

from __future__ import annotations

import pandas as pd

from databuild.inputs import Inputs

NAME = "media"


def build(inputs: Inputs) -> pd.DataFrame:
    """News items as published (headlines unchanged), with where each record was collected."""
    news = inputs.read_text("news_items_large.csv")
    news = news.sort_values(["published_date", "url"], kind="mergesort").reset_index(drop=True)
    return pd.DataFrame(
        {
            "item_id": range(1, len(news) + 1),
            "published": news["published_date"],
            "outlet": news["outlet"],
            "language": news["language"],
            "title": news["title"],
            "url": news["url"],
            "summary": news["summary"],
            "countries": news["countries"],
            "retrieved_from": news["retrieved_from"],
            "collected_from": news["collected_from"],
        }
    )
