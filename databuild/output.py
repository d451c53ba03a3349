"""Write data files deterministically: the schema's columns in order, rows sorted by key, fixed formatting."""

from __future__ import annotations

import csv
import json
import logging
from pathlib import Path
from typing import Any

import pandas as pd

from databuild.common import cell, check_unique
from imapdash.datasets.schema import MANIFEST_FILE, TABLES_BY_NAME

log = logging.getLogger("databuild")


def columns(name: str) -> list[str]:
    """The output columns of one dataset, from `imapdash.datasets.schema`."""
    return list(TABLES_BY_NAME[name].column_names)


def key(name: str) -> list[str]:
    """The columns that identify a row of one dataset."""
    return list(TABLES_BY_NAME[name].key)


def write_csv(df: pd.DataFrame, out_dir: Path, name: str) -> Path:
    """Write the dataset's file with the contract's columns, sorted by key, deterministic formatting."""
    schema = TABLES_BY_NAME[name]
    cols, keys = columns(name), key(name)
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise AssertionError(f"{name}: missing columns {missing}")
    df = df[cols]
    check_unique(df, keys, name)
    df = df.sort_values(keys, kind="mergesort").reset_index(drop=True)
    path = out_dir / schema.file
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(cols)
        for row in df.itertuples(index=False, name=None):
            writer.writerow([cell(v) for v in row])
    log.info("wrote %s (%d rows, %d bytes)", path, len(df), path.stat().st_size)
    return path


def write_manifest(manifest: dict[str, Any], out_dir: Path) -> Path:
    """Write manifest.json; keep the previous built_at when nothing else changed (reproducible)."""
    path = out_dir / MANIFEST_FILE
    if path.exists():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
            if {**old, "built_at": None} == {**manifest, "built_at": None}:
                manifest = {**manifest, "built_at": old["built_at"]}
        except (json.JSONDecodeError, KeyError):
            pass
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    log.info("wrote %s", path)
    return path
