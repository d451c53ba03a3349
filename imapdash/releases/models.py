"""Release tables. Files are stored once by content hash; a release names one blob per file."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from imapdash.db import Base, UTCDateTime, utcnow

BUILD = "build"  # a data build (the bundled data/ or `releases import DIR`)
SUBMISSION = "submission"  # an approved focal-point submission
REVERT = "revert"  # an approved value reverted
KINDS = (BUILD, SUBMISSION, REVERT)


class DataBlob(Base):
    """One file's bytes, addressed by their SHA-256 (a release that changes one file adds one blob)."""

    __tablename__ = "data_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    content: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class DataRelease(Base):
    """A numbered, immutable set of data files. Numbers only grow; nothing is ever deleted."""

    __tablename__ = "data_releases"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    parent: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # the build this release's files come from (itself for a build); submissions are applied on top
    base_build: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # SHA-256 over the build's own files: the same build is registered once, however often it starts
    build_digest: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    data_version: Mapped[str] = mapped_column(String(16), nullable=False)
    files_json: Mapped[str] = mapped_column(Text, nullable=False)
    vintage: Mapped[str] = mapped_column(String(200), nullable=False, default="")


class ReleasePointer(Base):
    """The current release: one row (id 1). Workers poll it; moving it switches every worker."""

    __tablename__ = "data_release_pointer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(ForeignKey("data_releases.number"), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_by: Mapped[str] = mapped_column(String(64), nullable=False)


class IndicatorOverride(Base):
    """An approved focal-point value that replaces (or adds to) the bundled indicator_values row in each release.

    Written by the partner area (`imapdash.partner.submissions`); `submission_id` points at `partner_submissions`.
    """

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


class ApprovedDocumentLink(Base):
    """An approved focal-point link (law, strategy, report...) added to country_documents.csv in each release.

    Written by the partner area (`imapdash.partner.documents`); a row replaces the bundled row with the same
    (iso3, url) key. Issue 15: a focal point proposes a link the way a figure is proposed.
    """

    __tablename__ = "approved_document_links"
    __table_args__ = (UniqueConstraint("iso3", "url", name="uq_document_link_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    iso3: Mapped[str] = mapped_column(String(3), nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    language: Mapped[str] = mapped_column(String(8), nullable=False)
    publisher: Mapped[str] = mapped_column(String(300), nullable=False)
    url: Mapped[str] = mapped_column(String(500), nullable=False)
    published: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    contact: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    note: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    proposal_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    updated_by: Mapped[str] = mapped_column(String(64), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
