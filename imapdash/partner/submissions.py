"""Focal-point submissions: validate an upload, preview it as a diff, approve it atomically, revert.

Uploads go through the same schema machinery as the bundled data (`decode_csv` + `check_table`
with the indicator_values columns), after size, type and zip checks on the raw bytes (notes B11).
Approval writes every override and one audit event per changed value in ONE transaction: a failure
half-way leaves the database as it was (notes B12). Audit events are append-only; a revert is a
new event that restores the earlier value.
"""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import io
import json
import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from imapdash.auth.audit import add_event as audit_event
from imapdash.auth.audit import clean_text
from imapdash.auth.models import AuditEvent
from imapdash.datasets import Datasets, Problem
from imapdash.datasets.schema import TABLES_BY_NAME, TableSchema
from imapdash.datasets.validate import check_references, check_table, decode_csv
from imapdash.db import session_scope, utcnow
from imapdash.partner.models import APPROVED, PENDING, REJECTED, IndicatorOverride, Submission
from imapdash.releases import store as release_store
from imapdash.releases.models import REVERT, SUBMISSION
from imapdash.releases.provider import follow_current_release

log = logging.getLogger(__name__)

MAX_DECODED_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
MAX_XLSX_UNCOMPRESSED = 20 * 1024 * 1024
MAX_XLSX_MEMBERS = 200
MAX_XLSX_COLUMNS = 40  # the upload has 8 columns; a few unknown ones are reported by name, not read
NON_NEGATIVE_UNITS = ("persons", "usd", "percent")  # every unit of the catalogue is a count, sum or share
ALLOWED_SUFFIXES = (".csv", ".xlsx")
KEY = ("iso3", "indicator_id", "year")
# Submitted values are published figures: status and the restricted flag are set on approval.
EXCLUDED_COLUMNS = ("status", "restricted")
VALUE_COLUMNS = ("value", "period_label", "source_org", "source_url", "vintage")
CHANGED = "indicator.changed"
REVERTED = "indicator.reverted"

_BASE = TABLES_BY_NAME["indicator_values"]
UPLOAD_SCHEMA = TableSchema(
    "indicator_submission",
    "upload",
    tuple(c for c in _BASE.columns if c.name not in EXCLUDED_COLUMNS),
    key=KEY,
    max_bytes=MAX_DECODED_BYTES,
)
UPLOAD_COLUMNS = UPLOAD_SCHEMA.column_names


@dataclass(frozen=True)
class UploadResult:
    """A checked upload: the typed rows (None when unusable) and every problem found."""

    filename: str
    sha256: str
    frame: pd.DataFrame | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.frame is not None and not self.problems


def decode_data_url(contents: str | None) -> bytes | None:
    """The bytes of a dcc.Upload `contents` string ("data:<type>;base64,<data>"), None if malformed."""
    if not isinstance(contents, str) or "," not in contents:
        return None
    header, _, data = contents.partition(",")
    if not header.startswith("data:") or not header.endswith(";base64"):
        return None
    if len(data) > (MAX_DECODED_BYTES * 4) // 3 + 8:
        return b"\0" * (MAX_DECODED_BYTES + 1)
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_to_csv(raw: bytes, file: str) -> tuple[bytes | None, list[Problem]]:
    """Read the single sheet of an .xlsx into CSV bytes, after checking it as a zip archive first."""
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        return None, [Problem(file, "not a valid .xlsx file (not a zip archive)", expected="an Excel .xlsx workbook")]
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
            total = sum(m.file_size for m in members)
            names = {m.filename for m in members}
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        return None, [Problem(file, f"not a valid .xlsx file ({exc})", expected="an Excel .xlsx workbook")]
    if len(members) > MAX_XLSX_MEMBERS:
        return None, [Problem(file, f"workbook holds {len(members)} parts", expected=f"at most {MAX_XLSX_MEMBERS}")]
    if total > MAX_XLSX_UNCOMPRESSED:
        return None, [
            Problem(file, f"workbook unpacks to {total:,} bytes", expected=f"at most {MAX_XLSX_UNCOMPRESSED:,} bytes")
        ]
    if "[Content_Types].xml" not in names:
        return None, [Problem(file, "not a valid .xlsx file (no [Content_Types].xml)", expected="an Excel workbook")]

    import openpyxl  # imported here: only uploads need it, and defusedxml is picked up at import

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files; all mean "cannot read"
        log.info("unreadable xlsx upload %s: %s", file, exc)
        return None, [Problem(file, "the workbook cannot be read", expected="a valid Excel .xlsx workbook")]
    try:
        if len(workbook.worksheets) != 1:
            return None, [
                Problem(file, f"workbook has {len(workbook.worksheets)} sheets", expected="exactly one sheet")
            ]
        sheet = workbook.worksheets[0]
        # Read-only sheets pad every row to the *declared* dimension: a 47 KB file declaring A1:XFD1048576
        # cost seconds and hundreds of MB (issue 16). Refuse a declared range above the caps, then stream
        # with the declared range dropped and explicit caps, so a lying (or missing) dimension costs nothing.
        declared_rows, declared_cols = sheet.max_row or 0, sheet.max_column or 0
        if declared_rows > MAX_ROWS + 1 or declared_cols > MAX_XLSX_COLUMNS:
            return None, [
                Problem(
                    file,
                    f"sheet declares {declared_rows:,} rows x {declared_cols:,} columns",
                    expected=f"at most {MAX_ROWS + 1:,} rows (header included) and {MAX_XLSX_COLUMNS} columns",
                )
            ]
        sheet.reset_dimensions()
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        rows = sheet.iter_rows(max_col=MAX_XLSX_COLUMNS + 1, values_only=True)
        width = 0
        for count, row in enumerate(rows):
            if count > MAX_ROWS + 1:
                return None, [Problem(file, "too many rows", expected=f"at most {MAX_ROWS:,} data rows")]
            if len(row) > MAX_XLSX_COLUMNS and row[MAX_XLSX_COLUMNS] is not None:
                return None, [Problem(file, "too many columns", expected=f"at most {MAX_XLSX_COLUMNS}")]
            cells = [_cell_text(v) for v in row[:MAX_XLSX_COLUMNS]]
            while cells and not cells[-1]:
                cells.pop()
            if any(cells):
                width = width or len(cells)  # the header's width: rows are not padded any more
                writer.writerow(cells + [""] * (width - len(cells)))
    finally:
        workbook.close()
    return buffer.getvalue().encode("utf-8"), []


def _country_problems(file: str, frame: pd.DataFrame, country: str) -> list[Problem]:
    other = frame["iso3"] != country
    return [
        Problem(
            file,
            "row is for another country and is refused",
            row=int(i) + 2,
            column="iso3",
            value=str(frame.at[i, "iso3"]),
            expected=f"{country} (your country)",
        )
        for i in frame.index[other.to_numpy()]
    ]


def _sign_problems(file: str, frame: pd.DataFrame, indicators: pd.DataFrame) -> list[Problem]:
    """Negative values of indicators counted in persons, US$ or percent (none can be below zero)."""
    units = dict(zip(indicators["indicator_id"], indicators["unit"], strict=True))
    counted = frame["indicator_id"].map(units).isin(NON_NEGATIVE_UNITS)
    negative = counted & frame["value"].lt(0).fillna(False).astype(bool)
    return [
        Problem(
            file,
            "value out of range",
            row=int(i) + 2,
            column="value",
            value=str(frame.at[i, "value"]),
            expected="a value >= 0 (a count cannot be negative)",
        )
        for i in frame.index[negative.to_numpy()]
    ]


def validate_upload(filename: str, raw: bytes | None, *, country: str, datasets: Datasets) -> UploadResult:
    """Check an uploaded file completely; rows are usable only when no problem is found."""
    file = clean_text(PurePath(filename or "upload").name, 120)
    digest = hashlib.sha256(raw or b"").hexdigest()
    if raw is None:
        return UploadResult(file, digest, None, [Problem(file, "the upload could not be decoded", expected="a file")])
    suffix = PurePath(file).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        return UploadResult(
            file,
            digest,
            None,
            [Problem(file, f"file type {suffix or '(none)'} is not accepted", expected="a .csv or .xlsx file")],
        )
    if len(raw) > MAX_DECODED_BYTES:
        return UploadResult(
            file,
            digest,
            None,
            [Problem(file, f"file is {len(raw):,} bytes", expected=f"at most {MAX_DECODED_BYTES:,} bytes")],
        )
    if suffix == ".xlsx":
        raw, problems = xlsx_to_csv(raw, file)
        if raw is None:
            return UploadResult(file, digest, None, problems)
    schema = TableSchema(UPLOAD_SCHEMA.name, file, UPLOAD_SCHEMA.columns, key=KEY, max_bytes=MAX_DECODED_BYTES * 4)
    text, problems = decode_csv(raw, file, schema)
    if text is None:
        return UploadResult(file, digest, None, problems)
    if len(text) > MAX_ROWS:
        return UploadResult(
            file,
            digest,
            None,
            [Problem(file, f"file has {len(text):,} rows", expected=f"at most {MAX_ROWS:,} data rows")],
        )
    typed, more = check_table(file, text, schema, known_iso3=datasets.countries["iso3"])
    problems += more
    problems += check_references(file, typed, schema, {"indicators": datasets.indicators})
    problems += _country_problems(file, typed, country)
    problems += _sign_problems(file, typed, datasets.indicators)
    return UploadResult(file, digest, None if problems else typed, problems)


def apply_overrides(values: pd.DataFrame, overrides: pd.DataFrame) -> pd.DataFrame:
    """Indicator values with approved overrides applied: an override replaces the row with its key."""
    if overrides.empty:
        return values
    keep = overrides[[c for c in values.columns if c in overrides.columns]]
    merged = pd.concat([values, keep], ignore_index=True)
    merged = merged.drop_duplicates(subset=list(KEY), keep="last")
    return merged.sort_values(list(KEY), kind="stable").reset_index(drop=True)


def _override_frame(rows: list[IndicatorOverride]) -> pd.DataFrame:
    records = [
        {
            "iso3": r.iso3,
            "indicator_id": r.indicator_id,
            "year": r.year,
            "value": r.value,
            "period_label": r.period_label,
            "status": "final",
            "restricted": False,
            "source_org": r.source_org,
            "source_url": r.source_url,
            "vintage": r.vintage,
        }
        for r in rows
    ]
    frame = pd.DataFrame.from_records(records, columns=list(_BASE.column_names))
    return frame.astype({"year": "Int64", "value": "float64", "restricted": bool})


def load_overrides(engine: Engine) -> pd.DataFrame:
    """Every approved override as an indicator_values-shaped frame."""
    with session_scope(engine=engine) as db:
        return _override_frame(list(db.scalars(select(IndicatorOverride).order_by(IndicatorOverride.id))))


def current_indicator_values(datasets: Datasets, engine: Engine) -> pd.DataFrame:
    """Public indicator values with approved overrides applied."""
    return apply_overrides(datasets.indicator_values, load_overrides(engine))


def diff_against_current(upload: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """One row per uploaded value: key, old value (NaN when new) and new value, with a change label."""
    old = current[[*KEY, "value"]].rename(columns={"value": "old"})
    diff = upload[[*KEY, "value"]].rename(columns={"value": "new"}).merge(old, on=list(KEY), how="left")
    diff["change"] = "changed"
    diff.loc[diff["old"].isna(), "change"] = "new"
    diff.loc[diff["old"] == diff["new"], "change"] = "unchanged"
    return diff[[*KEY, "old", "new", "change"]]


def _frame_json(frame: pd.DataFrame) -> str:
    out = frame[list(UPLOAD_COLUMNS)].astype(object).where(frame[list(UPLOAD_COLUMNS)].notna(), None)
    records = [
        {k: (int(v) if k == "year" else float(v) if k == "value" else v) for k, v in row.items()}
        for row in out.to_dict("records")
    ]
    return json.dumps(records, ensure_ascii=False)


def create_submission(engine: Engine, result: UploadResult, *, user: str, country: str) -> int:
    """Store a fully valid upload as a pending submission; returns its id."""
    if not result.ok or result.frame is None:
        raise ValueError("only a valid upload can be submitted")
    with session_scope(engine=engine) as db:
        submission = Submission(
            submitted_by=user,
            country_iso3=country,
            filename=result.filename,
            sha256=result.sha256,
            rows_json=_frame_json(result.frame),
            row_count=len(result.frame),
            status=PENDING,
        )
        db.add(submission)
        db.flush()
        audit_event(
            db,
            user,
            "submission.created",
            f"submission/{submission.id}",
            {"country": country, "file": result.filename, "rows": len(result.frame), "sha256": result.sha256},
        )
        return submission.id


def list_submissions(engine: Engine, countries: tuple[str, ...] | None) -> list[dict]:
    """Submissions (newest first) for `countries`; None means every country."""
    query = select(Submission).order_by(Submission.id.desc())
    if countries is not None:
        if not countries:
            return []
        query = query.where(Submission.country_iso3.in_(countries))
    with session_scope(engine=engine) as db:
        return [submission_dict(s) for s in db.scalars(query)]


def submission_dict(s: Submission) -> dict:
    return {
        "id": s.id,
        "country": s.country_iso3,
        "submitted_by": s.submitted_by,
        "file": s.filename,
        "rows": json.loads(s.rows_json),
        "row_count": s.row_count,
        "status": s.status,
        "created_at": s.created_at.isoformat(timespec="seconds"),
        "decided_by": s.decided_by,
    }


def get_submission(engine: Engine, submission_id: int) -> dict | None:
    with session_scope(engine=engine) as db:
        s = db.get(Submission, submission_id)
        return submission_dict(s) if s is not None else None


def _key_target(iso3: str, indicator_id: str, year: int) -> str:
    return f"{iso3}/{indicator_id}/{year}"


def _current(db: Session, base: pd.DataFrame, iso3: str, indicator_id: str, year: int) -> tuple[str, dict | None]:
    """('override'|'data'|'none', the row's values) for one key, as the app shows it now."""
    row = db.scalars(
        select(IndicatorOverride).where(
            IndicatorOverride.iso3 == iso3,
            IndicatorOverride.indicator_id == indicator_id,
            IndicatorOverride.year == year,
        )
    ).one_or_none()
    if row is not None:
        return "override", {c: getattr(row, c) for c in VALUE_COLUMNS}
    match = base[(base["iso3"] == iso3) & (base["indicator_id"] == indicator_id) & (base["year"] == year)]
    if len(match):
        first = match.iloc[0]
        return "data", {c: (float(first[c]) if c == "value" else str(first[c])) for c in VALUE_COLUMNS}
    return "none", None


def _set_value(
    db: Session, key: tuple[str, str, int], values: dict | None, *, actor: str, submission_id: int | None
) -> None:
    iso3, indicator_id, year = key
    row = db.scalars(
        select(IndicatorOverride).where(
            IndicatorOverride.iso3 == iso3,
            IndicatorOverride.indicator_id == indicator_id,
            IndicatorOverride.year == year,
        )
    ).one_or_none()
    if values is None:
        if row is not None:
            db.delete(row)
        return
    if row is None:
        row = IndicatorOverride(iso3=iso3, indicator_id=indicator_id, year=year)
        db.add(row)
    for column in VALUE_COLUMNS:
        setattr(row, column, values[column] if values[column] is not None else "")
    row.submission_id = submission_id
    row.updated_by = actor
    row.updated_at = utcnow()
    db.flush()


def _publish(db: Session, kind: str | None, *, actor: str, title: str) -> int | None:
    """Make the approved values a new current data release in the caller's transaction.

    The release is validated before anything commits: an invalid release rolls the approval back.
    Without any release in this database (a bare engine, no app) only the overrides are recorded.
    """
    if kind is None or release_store.current_number(db) is None:
        return None
    return release_store.compose_release(db, kind=kind, title=title, actor=actor).number


def approve_submission(engine: Engine, submission_id: int, *, admin: str, datasets: Datasets) -> int:
    """Apply a pending submission in one transaction; returns the number of values changed."""
    base = datasets.indicator_values
    changed = 0
    with session_scope(engine=engine) as db:
        submission = db.get(Submission, submission_id)
        if submission is None or submission.status != PENDING:
            raise ValueError(f"submission {submission_id} is not pending")
        for record in json.loads(submission.rows_json):
            if record["iso3"] != submission.country_iso3:
                raise ValueError("submission holds a row for another country")
            key = (record["iso3"], record["indicator_id"], int(record["year"]))
            old_kind, old = _current(db, base, *key)
            new = {c: record.get(c) for c in VALUE_COLUMNS}
            if old is not None and old["value"] == new["value"] and old_kind == "override":
                continue
            _set_value(db, key, new, actor=admin, submission_id=submission_id)
            audit_event(
                db,
                admin,
                CHANGED,
                _key_target(*key),
                {
                    "submission": submission_id,
                    "old_kind": old_kind,
                    "old_row": old,
                    "old": None if old is None else old["value"],
                    "new": new["value"],
                    "submitted_by": submission.submitted_by,
                },
            )
            changed += 1
        submission.status = APPROVED
        submission.decided_by = admin
        submission.decided_at = utcnow()
        release = _publish(
            db,
            SUBMISSION if changed else None,
            actor=admin,
            title=f"Approved submission {submission_id} ({submission.country_iso3}): {changed} value(s)",
        )
        audit_event(
            db, admin, "submission.approved", f"submission/{submission_id}", {"changed": changed, "release": release}
        )
    follow_current_release()
    return changed


def reject_submission(engine: Engine, submission_id: int, *, admin: str) -> None:
    """Mark a pending submission rejected (nothing else changes)."""
    with session_scope(engine=engine) as db:
        submission = db.get(Submission, submission_id)
        if submission is None or submission.status != PENDING:
            raise ValueError(f"submission {submission_id} is not pending")
        submission.status = REJECTED
        submission.decided_by = admin
        submission.decided_at = utcnow()
        audit_event(db, admin, "submission.rejected", f"submission/{submission_id}", {})


def value_changes(engine: Engine, limit: int = 200) -> list[dict]:
    """The latest value changes and reverts from the audit log, newest first."""
    query = (
        select(AuditEvent).where(AuditEvent.action.in_((CHANGED, REVERTED))).order_by(AuditEvent.id.desc()).limit(limit)
    )
    with session_scope(engine=engine) as db:
        out = []
        for event in db.scalars(query):
            detail = json.loads(event.detail)
            out.append(
                {
                    "id": event.id,
                    "at": event.at.isoformat(timespec="seconds"),
                    "actor": event.actor,
                    "action": event.action,
                    "target": event.target,
                    "old": detail.get("old"),
                    "new": detail.get("new"),
                }
            )
        return out


def revert_change(engine: Engine, event_id: int, *, admin: str, datasets: Datasets) -> None:
    """Restore the value a change event replaced; recorded as a new `indicator.reverted` event."""
    with session_scope(engine=engine) as db:
        event = db.get(AuditEvent, event_id)
        if event is None or event.action not in (CHANGED, REVERTED):
            raise ValueError(f"audit event {event_id} is not a value change")
        detail = json.loads(event.detail)
        iso3, indicator_id, year = event.target.split("/")
        key = (iso3, indicator_id, int(year))
        current_kind, current = _current(db, datasets.indicator_values, *key)
        restore = detail.get("old_row") if detail.get("old_kind") == "override" else None
        _set_value(db, key, restore, actor=admin, submission_id=None)
        _, restored = _current(db, datasets.indicator_values, *key)
        release = _publish(db, REVERT, actor=admin, title=f"Reverted change {event_id} ({event.target})")
        audit_event(
            db,
            admin,
            REVERTED,
            event.target,
            {
                "reverts": event_id,
                "old_kind": current_kind,
                "old_row": current,
                "release": release,
                "old": None if current is None else current["value"],
                "new": None if restored is None else restored["value"],
            },
        )
    follow_current_release()
