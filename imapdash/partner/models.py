"""Tables of the partner area: submissions, access requests, meetings and usage counts.

A submission keeps the validated rows as JSON until an admin decides; approval copies them into
`indicator_overrides` in the same transaction as the audit events that describe each change. That
table is an input of every data release, so its model lives in `imapdash.releases.models` (the
release store reads it; the partner area, above it, writes it); it is re-exported here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from imapdash.db import Base, UTCDateTime, utcnow
from imapdash.releases.models import IndicatorOverride

__all__ = [
    "AccessRequest",
    "DocumentProposal",
    "IndicatorOverride",
    "Meeting",
    "Submission",
    "UsageCount",
    "UsageDay",
]

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


class UsageCount(Base):
    """Page views per ISO week, page and user group; no IP address or user id is stored."""

    __tablename__ = "usage_counts"
    __table_args__ = (UniqueConstraint("week", "page", "user_group", name="uq_usage_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week: Mapped[str] = mapped_column(String(8), nullable=False)
    page: Mapped[str] = mapped_column(String(100), nullable=False)
    user_group: Mapped[str] = mapped_column(String(32), nullable=False)
    views: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class UsageDay(Base):
    """Visits per day, page, user group and interface language: a browser session counts once per day and
    page. No IP address, user id or session id is stored; rows older than the retention period are deleted."""

    __tablename__ = "usage_days"
    __table_args__ = (UniqueConstraint("day", "page", "user_group", "lang", name="uq_usage_day_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[str] = mapped_column(String(10), nullable=False, index=True)  # YYYY-MM-DD (UTC)
    page: Mapped[str] = mapped_column(String(100), nullable=False)
    user_group: Mapped[str] = mapped_column(String(32), nullable=False)
    lang: Mapped[str] = mapped_column(String(8), nullable=False)
    visits: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


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


class DocumentProposal(Base):
    """Links (country_documents.csv rows) proposed by a focal point for their own country, until decided."""

    __tablename__ = "partner_document_proposals"
    __table_args__ = (CheckConstraint(f"status IN {SUBMISSION_STATES!r}", name="ck_document_proposal_status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submitted_by: Mapped[str] = mapped_column(String(64), nullable=False)
    country_iso3: Mapped[str] = mapped_column(String(3), nullable=False, index=True)
    rows_json: Mapped[str] = mapped_column(Text, nullable=False)
    row_count: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
