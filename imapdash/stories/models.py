"""The `stories` table: a titled, ordered list of slides (permalink, title, speaker note) kept as JSON.

Slides live in one JSON column rather than a child table: a story is always read, written, exported
and imported whole, and the slide order is the list order.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from imapdash.db import Base, UTCDateTime, utcnow


class Story(Base):
    """A story; `public` ones are visible to anonymous readers, the others to partners only."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    lang: Mapped[str] = mapped_column(String(2), nullable=False, default="en")
    public: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    slides_json: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    updated_by: Mapped[str] = mapped_column(String(64), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
