"""media.csv: news items for the News Centre, sequential item_id after sorting by date and url."""

from __future__ import annotations

import pandas as pd

from databuild.inputs import Inputs

NAME = "media"


def build(inputs: Inputs) -> pd.DataFrame:
    """News items as published (headlines unchanged)."""
    news = inputs.read_text("news_items.csv")
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
        }
    )
