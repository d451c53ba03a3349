"""Focal points propose country documents and contacts the way they propose figures (issue 15).

A proposal is a CSV with the columns of `country_documents.csv`, for the focal point's own country; it is
checked with the same schema machinery as the bundled data (file, row and column in every problem) plus
the publisher allowlist (a link must be the publisher's own page). An admin approves it: the links go to
`approved_document_links` and a new data release carries them into `country_documents.csv`, so the
profile shows them; a rejection changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlparse

import pandas as pd
from sqlalchemy import Engine, select

from imapdash.auth.audit import add_event as audit_event
from imapdash.datasets import Datasets, Problem
from imapdash.datasets.schema import TABLES_BY_NAME
from imapdash.datasets.validate import check_table, decode_csv
from imapdash.db import session_scope, utcnow
from imapdash.partner.models import APPROVED, PENDING, REJECTED, DocumentProposal
from imapdash.partner.submissions import MAX_DECODED_BYTES, UploadResult
from imapdash.releases import store as release_store
from imapdash.releases.models import SUBMISSION, ApprovedDocumentLink
from imapdash.releases.provider import follow_current_release

SCHEMA = TABLES_BY_NAME["country_documents"]
COLUMNS = SCHEMA.column_names


def _problems(file: str, frame: pd.DataFrame, country: str, hosts: set[str]) -> list[Problem]:
    found = []
    for i, row in frame.iterrows():
        if row["iso3"] != country:
            found.append(
                Problem(
                    file,
                    "row is for another country and is refused",
                    row=int(i) + 2,
                    column="iso3",
                    value=str(row["iso3"]),
                    expected=f"{country} (your country)",
                )
            )
        host = (urlparse(str(row["url"])).hostname or "").lower()
        if host not in hosts:
            found.append(
                Problem(
                    file,
                    "link is not on a publisher's own site",
                    row=int(i) + 2,
                    column="url",
                    value=str(row["url"]),
                    expected="a page on a host of the publisher allowlist (data/publishers.csv)",
                )
            )
    return found


def validate_documents(filename: str, raw: bytes | None, *, country: str, datasets: Datasets) -> UploadResult:
    """A proposed links file, checked: schema, own country, publisher allowlist."""
    file = filename or "upload"
    raw = raw or b""
    digest = hashlib.sha256(raw).hexdigest()
    if len(raw) > MAX_DECODED_BYTES:
        return UploadResult(file, digest, None, [Problem(file, "file too large", expected="at most 2 MB")])
    text, problems = decode_csv(raw, file, SCHEMA)
    if text is None:
        return UploadResult(file, digest, None, problems)
    typed, more = check_table(file, text, SCHEMA, known_iso3=frozenset(datasets.countries["iso3"]))
    problems += more
    if not problems:
        problems += _problems(file, typed, country, set(datasets.publishers["host"]))
    return UploadResult(file, digest, None if problems else typed, problems)


def _records(frame: pd.DataFrame) -> list[dict[str, str]]:
    out = frame[list(COLUMNS)].astype(object).where(frame[list(COLUMNS)].notna(), "")
    return [{k: str(v) for k, v in row.items()} for row in out.to_dict("records")]


def propose_documents(engine: Engine, result: UploadResult, *, user: str, country: str) -> int:
    """Keep a checked proposal until an admin decides; returns its id."""
    if not result.ok or result.frame is None:
        raise ValueError("only a proposal without problems can be submitted")
    records = _records(result.frame)
    with session_scope(engine=engine) as db:
        proposal = DocumentProposal(
            submitted_by=user, country_iso3=country, rows_json=json.dumps(records), row_count=len(records)
        )
        db.add(proposal)
        db.flush()
        audit_event(db, user, "documents.proposed", f"documents/{proposal.id}", {"rows": len(records)})
        return proposal.id


def approve_documents(engine: Engine, proposal_id: int, *, admin: str) -> int:
    """Approve a pending proposal in one transaction and publish a release with its links; returns the count."""
    with session_scope(engine=engine) as db:
        proposal = db.get(DocumentProposal, proposal_id)
        if proposal is None or proposal.status != PENDING:
            raise ValueError(f"document proposal {proposal_id} is not pending")
        records = json.loads(proposal.rows_json)
        for record in records:
            if record["iso3"] != proposal.country_iso3:
                raise ValueError("proposal holds a row for another country")
            existing = db.scalar(
                select(ApprovedDocumentLink).where(
                    ApprovedDocumentLink.iso3 == record["iso3"], ApprovedDocumentLink.url == record["url"]
                )
            )
            link = existing or ApprovedDocumentLink(iso3=record["iso3"], url=record["url"])
            for name in COLUMNS:
                setattr(link, name, record.get(name, ""))
            link.proposal_id, link.updated_by, link.updated_at = proposal.id, admin, utcnow()
            db.add(link)
        proposal.status, proposal.decided_by, proposal.decided_at = APPROVED, admin, utcnow()
        db.flush()
        release = None
        if release_store.current_number(db) is not None:
            title = f"Approved links {proposal_id} ({proposal.country_iso3}): {len(records)} link(s)"
            release = release_store.compose_release(db, kind=SUBMISSION, title=title, actor=admin).number
        audit_event(
            db, admin, "documents.approved", f"documents/{proposal_id}", {"rows": len(records), "release": release}
        )
    follow_current_release()
    return len(records)


def pending_proposals(engine: Engine) -> list[dict]:
    """Pending proposals, oldest first, with their rows (for the admins' decision list)."""
    with session_scope(engine=engine) as db:
        found = db.scalars(
            select(DocumentProposal).where(DocumentProposal.status == PENDING).order_by(DocumentProposal.id)
        )
        return [
            {
                "id": p.id,
                "country": p.country_iso3,
                "submitted_by": p.submitted_by,
                "created_at": p.created_at.strftime("%Y-%m-%d %H:%M"),
                "rows": json.loads(p.rows_json),
            }
            for p in found
        ]


def reject_documents(engine: Engine, proposal_id: int, *, admin: str) -> None:
    """Mark a pending proposal rejected (nothing else changes)."""
    with session_scope(engine=engine) as db:
        proposal = db.get(DocumentProposal, proposal_id)
        if proposal is None or proposal.status != PENDING:
            raise ValueError(f"document proposal {proposal_id} is not pending")
        proposal.status, proposal.decided_by, proposal.decided_at = REJECTED, admin, utcnow()
        audit_event(db, admin, "documents.rejected", f"documents/{proposal_id}", {})
