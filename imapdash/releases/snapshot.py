"""A loaded release kept on disk in typed form, so loading it again costs a read, not a validation.

A release is validated when it is created (`store.create_release`) and again the first time a
machine loads it (from the CSV files materialised in `cache_dir/<number>/`). After that first load
the typed frames are written beside the files as Arrow IPC (data only, never pickles), with the
geometry, the manifest and the content version. Loading a release evicted from a worker's memory
(`?release=N` cycling through old numbers, issue 16) then reads the snapshot: no CSV parsing, no
schema checks. A snapshot is written aside and renamed into place; a missing or unreadable one is
simply ignored (the release is loaded and validated from its files, and the snapshot rewritten).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from types import MappingProxyType

import pandas as pd
import pyarrow as pa

from imapdash.datasets import Datasets
from imapdash.datasets.store import feature_ids

log = logging.getLogger(__name__)

SNAPSHOT_DIR = "typed"
FORMAT = 1


def _write_frame(frame: pd.DataFrame, path: Path) -> None:
    table = pa.Table.from_pandas(frame, preserve_index=True)
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def _read_frame(path: Path) -> pd.DataFrame:
    with pa.memory_map(str(path), "r") as source:
        return pa.ipc.open_file(source).read_all().to_pandas()


def write_snapshot(datasets: Datasets, directory: Path) -> None:
    """Store `datasets` (validated) under `directory/typed/`; best effort, a failure is only logged."""
    target = directory / SNAPSHOT_DIR
    if target.is_dir():
        return
    staging = Path(tempfile.mkdtemp(prefix=".typed-", dir=directory))
    try:
        tables: list[str] = []
        restricted: list[str] = []
        for name, frame in datasets.tables.items():
            _write_frame(frame, staging / f"{name}.arrow")
            tables.append(name)
        for name, frame in datasets._restricted.items():
            _write_frame(frame, staging / f"{name}.restricted.arrow")
            restricted.append(name)
        meta = {"format": FORMAT, "version": datasets.version, "tables": tables, "restricted": restricted}
        (staging / "geometry.json").write_bytes(datasets.geometry_json)
        (staging / "manifest.json").write_text(json.dumps(datasets.manifest), encoding="utf-8")
        (staging / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        os.rename(staging, target)
    except OSError as exc:  # another worker got there first, or the disk is full: load from files next time
        log.info("release snapshot not written in %s: %s", directory, exc)
        shutil.rmtree(staging, ignore_errors=True)


def read_snapshot(directory: Path) -> Datasets | None:
    """The datasets stored by `write_snapshot`, or None when there is no usable snapshot."""
    source = directory / SNAPSHOT_DIR
    try:
        meta = json.loads((source / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            return None
        tables = {name: _read_frame(source / f"{name}.arrow") for name in meta["tables"]}
        restricted = {name: _read_frame(source / f"{name}.restricted.arrow") for name in meta["restricted"]}
        geometry_json = (source / "geometry.json").read_bytes()
        manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, pa.ArrowException) as exc:
        if source.exists():
            log.warning("ignoring unreadable release snapshot %s (%s)", source, exc)
        return None
    return Datasets(
        tables=MappingProxyType(tables),
        geometry_ids=feature_ids(json.loads(geometry_json)),
        geometry_json=geometry_json,
        manifest=manifest,
        version=str(meta["version"]),
        _restricted=MappingProxyType(restricted),
    )
