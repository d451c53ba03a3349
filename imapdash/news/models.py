"""The news_items table: fetched feed items and the imported sample, with their themes and evidence.

Themes and countries are stored with the keywords that produced them (`matches`, JSON), so the
view can explain a classification without re-running it; `python -m imapdash news reclassify`
refreshes them after the rule files change.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Engine, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from imapdash.db import Base, UTCDateTime, utcnow

TITLE_MAX = 500
SUMMARY_MAX = 2000
LINK_MAX = 2000


class NewsItem(Base):
    """One news item (an RSS/Atom entry or a row of data/media.csv)."""

    __tablename__ = "news_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guid: Mapped[str] = mapped_column(String(LINK_MAX), unique=True)
    link: Mapped[str] = mapped_column(String(LINK_MAX), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    summary: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[date] = mapped_column(Date, index=True)
    # "day" for YYYY-MM-DD dates, "month" for the sample's YYYY-MM ones (stored as the 1st)
    date_precision: Mapped[str] = mapped_column(String(5), default="day")
    outlet: Mapped[str] = mapped_column(String(300), default="")
    language: Mapped[str] = mapped_column(String(2), index=True)
    countries: Mapped[str] = mapped_column(String(1000), default="")
    themes: Mapped[str] = mapped_column(String(300), default="")
    main_theme: Mapped[str] = mapped_column(String(40), default="")
    matches: Mapped[str] = mapped_column(Text, default="{}")
    source_feed: Mapped[str] = mapped_column(String(LINK_MAX), default="")
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (Index("ix_news_items_published_language", "published", "language"),)


def ensure_tables(engine: Engine) -> None:
    """Create news_items if missing (imapdash.db creates it too once the module is listed there)."""
    NewsItem.__table__.create(engine, checkfirst=True)
