"""Create, validate, activate and read numbered data releases.

A release is a complete set of data files (every table, the geometry and the manifest), stored once
per content hash in `data_blobs`, so a release that changes one file costs one file. Creating a
release writes its files aside and validates them with the same loader the app uses; only a valid
release is stored, and only then may the pointer move to it (write aside, validate, swap). Releases
are never edited or deleted: a correction is a new release.

Every release carries the approved focal-point values: a release's `indicator_values.csv` is its
build's file with every approved override applied, so a new build keeps the approved figures.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from imapdash.auth.audit import add_event
from imapdash.datasets import Datasets, load_datasets
from imapdash.datasets.schema import GEOMETRY_FILE, MANIFEST_FILE, REQUIRED_TABLES, TABLES, TABLES_BY_NAME
from imapdash.db import session_scope, sqlite_file_lock, utcnow
from imapdash.releases.models import (
    BUILD,
    KINDS,
    ApprovedDocumentLink,
    DataBlob,
    DataRelease,
    IndicatorOverride,
    ReleasePointer,
)

log = logging.getLogger(__name__)

RELEASE_FILES: tuple[str, ...] = (*(schema.file for schema in TABLES), GEOMETRY_FILE, MANIFEST_FILE)
# the files a release cannot do without; the optional tables (imapdash/datasets/schema.py) are kept when present
REQUIRED_RELEASE_FILES: tuple[str, ...] = (
    *(schema.file for schema in TABLES if schema.name in REQUIRED_TABLES),
    GEOMETRY_FILE,
    MANIFEST_FILE,
)
VALUES_FILE = TABLES_BY_NAME["indicator_values"].file
VALUES_KEY = TABLES_BY_NAME["indicator_values"].key
POINTER_ID = 1
RELEASE_LOCK_KEY = 0x1A4DA55  # PostgreSQL advisory lock: one release is numbered at a time
COMPLETE_MARKER = ".complete"


class ReleaseError(ValueError):
    """A release request that cannot be carried out (no such release, nothing to release...)."""


def read_data_dir(data_dir: Path | str) -> dict[str, bytes]:
    """The release files found in `data_dir` (missing ones are left for the validator to report)."""
    data_dir = Path(data_dir)
    return {name: (data_dir / name).read_bytes() for name in RELEASE_FILES if (data_dir / name).is_file()}


def files_digest(files: Mapping[str, bytes]) -> str:
    """SHA-256 over the file names and contents (order-independent)."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return digest.hexdigest()


def write_files(files: Mapping[str, bytes], target: Path) -> None:
    """Write `files` into the directory `target` (created)."""
    target.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (target / name).write_bytes(content)


def validate_files(files: Mapping[str, bytes]) -> Datasets:
    """Load `files` exactly as the app would; raises DatasetError naming every problem."""
    with tempfile.TemporaryDirectory(prefix="imapdash-release-") as tmp:
        write_files(files, Path(tmp))
        return load_datasets(tmp)


def _number_text(value: object) -> str:
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else repr(number)


def apply_overrides_csv(base_csv: bytes, overrides: pd.DataFrame) -> bytes:
    """`indicator_values.csv` with every override row replacing the row of the same key, or appended.

    Works on the text of the file, so every other row keeps its bytes and a release diff shows only
    what the overrides changed.
    """
    if overrides.empty:
        return base_csv
    reader = csv.reader(io.StringIO(base_csv.decode("utf-8-sig")))
    header = next(reader)
    rows = [row for row in reader if row]
    position = {name: i for i, name in enumerate(header)}
    key_index = [position[name] for name in VALUES_KEY]
    by_key = {tuple(row[i] for i in key_index): n for n, row in enumerate(rows)}
    for record in overrides.to_dict("records"):
        values = {
            name: ("" if record.get(name) is None or record.get(name) != record.get(name) else record[name])
            for name in header
        }
        values["year"] = str(int(record["year"]))
        values["value"] = _number_text(record["value"])
        values["status"] = "final"
        values["restricted"] = "0"
        row = [str(values[name]) for name in header]
        key = tuple(row[i] for i in key_index)
        if key in by_key:
            rows[by_key[key]] = row
        else:
            by_key[key] = len(rows)
            rows.append(row)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def approved_overrides(db: Session) -> pd.DataFrame:
    """Every approved focal-point value (the partner area's override table) as rows."""
    columns = ["iso3", "indicator_id", "year", "value", "period_label", "source_org", "source_url", "vintage"]
    records = [
        {name: getattr(row, name) for name in columns}
        for row in db.scalars(select(IndicatorOverride).order_by(IndicatorOverride.id))
    ]
    return pd.DataFrame.from_records(records, columns=columns)


DOCUMENTS_FILE = TABLES_BY_NAME["country_documents"].file
DOCUMENTS_KEY = TABLES_BY_NAME["country_documents"].key


def approved_document_links(db: Session) -> list[dict[str, str]]:
    """Every approved focal-point link, as country_documents.csv rows."""
    names = TABLES_BY_NAME["country_documents"].column_names
    return [
        {name: str(getattr(row, name) or "") for name in names}
        for row in db.scalars(select(ApprovedDocumentLink).order_by(ApprovedDocumentLink.id))
    ]


def apply_document_links_csv(base_csv: bytes, links: list[dict[str, str]]) -> bytes:
    """`country_documents.csv` with each approved link replacing the row of the same (iso3, url), or appended."""
    if not links:
        return base_csv
    reader = csv.reader(io.StringIO(base_csv.decode("utf-8-sig")))
    header = next(reader)
    rows = [row for row in reader if row]
    key_index = [header.index(name) for name in DOCUMENTS_KEY]
    by_key = {tuple(row[i] for i in key_index): n for n, row in enumerate(rows)}
    for link in links:
        row = [link.get(name, "") for name in header]
        at = by_key.get(tuple(row[i] for i in key_index))
        if at is None:
            by_key[tuple(row[i] for i in key_index)] = len(rows)
            rows.append(row)
        else:
            rows[at] = row
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _lock(db: Session) -> None:
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": RELEASE_LOCK_KEY})


def _put_blobs(db: Session, files: Mapping[str, bytes]) -> dict[str, str]:
    names = {}
    for name, content in sorted(files.items()):
        sha = hashlib.sha256(content).hexdigest()
        if db.get(DataBlob, sha) is None:
            db.add(DataBlob(sha256=sha, size=len(content), content=content))
            db.flush()
        names[name] = sha
    return names


def latest_number(db: Session) -> int:
    return int(db.scalar(select(func.max(DataRelease.number))) or 0)


def current_number(db: Session) -> int | None:
    """The current release's number (None before the first release)."""
    pointer = db.get(ReleasePointer, POINTER_ID)
    return pointer.number if pointer is not None else None


def read_current_number(engine: Engine) -> int | None:
    with Session(engine) as db:
        return current_number(db)


def set_current(db: Session, number: int, *, actor: str) -> None:
    """Move the pointer to release `number` (every worker follows within its poll interval)."""
    if db.get(DataRelease, number) is None:
        raise ReleaseError(f"release {number} does not exist")
    pointer = db.get(ReleasePointer, POINTER_ID)
    previous = pointer.number if pointer is not None else None
    if pointer is None:
        db.add(ReleasePointer(id=POINTER_ID, number=number, updated_by=actor, updated_at=utcnow()))
    else:
        pointer.number, pointer.updated_by, pointer.updated_at = number, actor, utcnow()
    db.flush()
    add_event(db, actor, "release.activated", f"release/{number}", {"previous": previous})


def create_release(
    db: Session,
    files: Mapping[str, bytes],
    *,
    kind: str,
    title: str,
    actor: str,
    note: str = "",
    base_build: int | None = None,
    build_digest: str | None = None,
    activate: bool = True,
    datasets: Datasets | None = None,
) -> DataRelease:
    """Validate `files` (unless `datasets` already holds them loaded) and store them as the next release."""
    if kind not in KINDS:
        raise ReleaseError(f"unknown release kind {kind!r}")
    missing = [name for name in REQUIRED_RELEASE_FILES if name not in files]
    if missing:
        raise ReleaseError(f"a release needs every required data file; missing: {', '.join(missing)}")
    loaded = datasets if datasets is not None else validate_files(files)
    _lock(db)
    parent = current_number(db)
    number = latest_number(db) + 1
    release = DataRelease(
        number=number,
        created_at=utcnow(),
        created_by=actor,
        kind=kind,
        title=title[:300],
        note=note,
        parent=parent,
        base_build=number if kind == BUILD else base_build,
        build_digest=build_digest,
        data_version=loaded.version,
        files_json=json.dumps(_put_blobs(db, files), sort_keys=True),
        vintage=loaded.vintage[:200],
    )
    db.add(release)
    db.flush()
    add_event(
        db,
        actor,
        "release.created",
        f"release/{number}",
        {"kind": kind, "title": release.title, "data_version": release.data_version, "parent": parent},
    )
    if activate:
        set_current(db, number, actor=actor)
    log.info("release %d (%s) created by %s: %s", number, kind, actor, release.title)
    return release


def release_files(db: Session, number: int) -> dict[str, bytes]:
    """The files of release `number`."""
    release = db.get(DataRelease, number)
    if release is None:
        raise ReleaseError(f"release {number} does not exist")
    names: dict[str, str] = json.loads(release.files_json)
    blobs = {
        blob.sha256: blob.content
        for blob in db.scalars(select(DataBlob).where(DataBlob.sha256.in_(set(names.values()))))
    }
    return {name: blobs[sha] for name, sha in names.items()}


def compose_release(
    db: Session, *, kind: str, title: str, actor: str, note: str = "", base_build: int | None = None
) -> DataRelease:
    """A new current release: the build's files with every approved override applied (as `db` sees them)."""
    if base_build is None:
        number = current_number(db)
        current = db.get(DataRelease, number) if number is not None else None
        if current is None or current.base_build is None:
            raise ReleaseError("there is no build to base a release on")
        base_build = current.base_build
    files = dict(release_files(db, base_build))
    files[VALUES_FILE] = apply_overrides_csv(files[VALUES_FILE], approved_overrides(db))
    if DOCUMENTS_FILE in files:
        files[DOCUMENTS_FILE] = apply_document_links_csv(files[DOCUMENTS_FILE], approved_document_links(db))
    return create_release(db, files, kind=kind, title=title, actor=actor, note=note, base_build=base_build)


def register_build(
    engine: Engine,
    files: Mapping[str, bytes],
    *,
    title: str,
    actor: str,
    note: str = "",
    datasets: Datasets | None = None,
) -> tuple[int, bool]:
    """Register a data build once; a new build becomes current. Returns (release number, created).

    The same files registered again (every start of every worker) are recognised by their digest.
    `datasets` is the build already loaded and validated, to skip validating it twice.
    """
    digest = files_digest(files)
    # PostgreSQL: the advisory lock in `_lock`; SQLite: a file lock held until the release is committed.
    with sqlite_file_lock(engine), session_scope(engine=engine) as db:
        _lock(db)
        existing = db.scalar(select(DataRelease).where(DataRelease.build_digest == digest))
        if existing is not None:
            if current_number(db) is None:
                set_current(db, existing.number, actor=actor)
            return existing.number, False
        overrides = approved_overrides(db)
        build_datasets = datasets
        content = dict(files)
        if not overrides.empty:
            content[VALUES_FILE] = apply_overrides_csv(files[VALUES_FILE], overrides)
            build_datasets = None  # the composed files differ from the loaded build: validate them
            note = (note + "\n" if note else "") + f"{len(overrides)} approved partner value(s) carried over."
        links = approved_document_links(db)
        if links and DOCUMENTS_FILE in files:
            content[DOCUMENTS_FILE] = apply_document_links_csv(files[DOCUMENTS_FILE], links)
            build_datasets = None
            note = (note + "\n" if note else "") + f"{len(links)} approved partner link(s) carried over."
        release = create_release(
            db, content, kind=BUILD, title=title, actor=actor, note=note, build_digest=digest, datasets=build_datasets
        )
        return release.number, True


def release_dict(release: DataRelease, current: int | None = None) -> dict:
    """A release's public description (no file contents)."""
    return {
        "number": release.number,
        "created_at": release.created_at,
        "created_by": release.created_by,
        "kind": release.kind,
        "title": release.title,
        "note": release.note,
        "parent": release.parent,
        "base_build": release.base_build,
        "data_version": release.data_version,
        "vintage": release.vintage,
        "current": release.number == current,
    }


def list_releases(engine: Engine) -> list[dict]:
    """Every release, newest first."""
    with Session(engine) as db:
        current = current_number(db)
        return [release_dict(r, current) for r in db.scalars(select(DataRelease).order_by(DataRelease.number.desc()))]


def get_release(engine: Engine, number: int) -> dict | None:
    with Session(engine) as db:
        release = db.get(DataRelease, number)
        return release_dict(release, current_number(db)) if release is not None else None


def activate(engine: Engine, number: int, *, actor: str) -> None:
    """Make release `number` current (roll back or forward); no restart needed."""
    with session_scope(engine=engine) as db:
        set_current(db, number, actor=actor)


def materialise(engine: Engine, number: int, cache_dir: Path) -> Path:
    """Release `number`'s files in `cache_dir/<number>/`, written aside then renamed into place."""
    target = cache_dir / str(number)
    if (target / COMPLETE_MARKER).is_file():
        return target
    with Session(engine) as db:
        files = release_files(db, number)
    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{number}-", dir=cache_dir))
    write_files(files, staging)
    (staging / COMPLETE_MARKER).write_text(str(number))
    try:
        os.rename(staging, target)
    except OSError:  # another worker got there first (or a stale partial copy): keep a complete one
        if (target / COMPLETE_MARKER).is_file():
            shutil.rmtree(staging, ignore_errors=True)
        else:
            shutil.rmtree(target, ignore_errors=True)
            os.rename(staging, target)
    return target
