"""Tables of the partner area: pending submissions and the approved indicator overrides.

A submission keeps the validated rows as JSON until an admin decides; approval copies them into
`indicator_overrides` in the same transaction as the audit events that describe each change.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from imapdash.db import Base, UTCDateTime, utcnow

PENDING = "pending"
APPROVED = "approved"
REJECTED = "rejected"
SUBMISSION_STATES = (PENDING, APPROVED, REJECTED)


class Submission(Base):
    """Indicator values uploaded by a focal point for their own country."""

    __tablename__ = "partner_submissions"
    __table_args__ = (CheckConstraint(f"status IN {SUBMISSION_STATES!r}", name="ck_submission_status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submitted_by: Mapped[str] = mapped_column(String(64), nullable=False)
    country_iso3: Mapped[str] = mapped_column(String(3), nullable=False, index=True)
    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    rows_json: Mapped[str] = mapped_column(Text, nullable=False)
    row_count: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class IndicatorOverride(Base):
    """An approved indicator value that replaces (or adds to) the bundled indicator_values row."""

    __tablename__ = "indicator_overrides"
    __table_args__ = (UniqueConstraint("iso3", "indicator_id", "year", name="uq_override_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    iso3: Mapped[str] = mapped_column(String(3), nullable=False)
    indicator_id: Mapped[str] = mapped_column(String(100), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    value: Mapped[float] = mapped_column(Float, nullable=False)
    period_label: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    source_org: Mapped[str] = mapped_column(String(300), nullable=False)
    source_url: Mapped[str] = mapped_column(String(500), nullable=False)
    vintage: Mapped[str] = mapped_column(String(100), nullable=False)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("partner_submissions.id"), nullable=True)
    updated_by: Mapped[str] = mapped_column(String(64), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class UsageCount(Base):
    """Page views per ISO week, page and user group; no IP address or user id is stored."""

    __tablename__ = "usage_counts"
    __table_args__ = (UniqueConstraint("week", "page", "user_group", name="uq_usage_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week: Mapped[str] = mapped_column(String(8), nullable=False)
    page: Mapped[str] = mapped_column(String(100), nullable=False)
    user_group: Mapped[str] = mapped_column(String(32), nullable=False)
    views: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


REQUEST_STATES = (PENDING, APPROVED, "declined")


class AccessRequest(Base):
    """A visitor's request for a partner account, decided by an admin."""

    __tablename__ = "partner_access_requests"
    __table_args__ = (CheckConstraint(f"status IN {REQUEST_STATES!r}", name="ck_access_request_status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    email: Mapped[str] = mapped_column(String(200), nullable=False)
    organisation: Mapped[str] = mapped_column(String(200), nullable=False)
    purpose: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    role: Mapped[str | None] = mapped_column(String(32), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Meeting(Base):
    """An expert meeting: when, theme, documents (JSON list of {title, url}) and conclusions."""

    __tablename__ = "partner_meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    held_on: Mapped[str] = mapped_column(String(10), nullable=False)
    theme: Mapped[str] = mapped_column(String(200), nullable=False)
    documents_json: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    conclusions: Mapped[str] = mapped_column(Text, nullable=False, default="")
    updated_by: Mapped[str] = mapped_column(String(64), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
