"""manifest.json: one entry per data file, texts from curated/datasets.toml, sources and vintages from the rows."""

from __future__ import annotations

from typing import Any

import pandas as pd

from databuild.common import is_empty
from imapdash.datasets.schema import TABLES_BY_NAME

MAX_VINTAGES = 6


def _sources(df: pd.DataFrame) -> list[dict[str, str]]:
    """Distinct (org, url) pairs of a data frame, sorted."""
    org_col = "source_org" if "source_org" in df.columns else "agency"
    if "source_url" in df.columns:
        pairs = df[[org_col, "source_url"]].drop_duplicates()
        return [{"org": o, "url": u} for o, u in sorted(pairs.itertuples(index=False, name=None))]
    return []


def _vintages(df: pd.DataFrame) -> str:
    """Distinct 'org: vintage' texts of a data frame (shortened when there are many)."""
    if "vintage" not in df.columns or "source_org" not in df.columns:
        return ""
    pairs = df[["source_org", "vintage"]].drop_duplicates()
    values = sorted({f"{o}: {v}" for o, v in pairs.itertuples(index=False, name=None) if not is_empty(v)})
    if len(values) > MAX_VINTAGES:
        return "; ".join(values[:MAX_VINTAGES]) + f"; … ({len(values)} vintages in the file's vintage column)"
    return "; ".join(values)


def build_manifest(frames: dict[str, pd.DataFrame], meta: dict[str, Any], built_at: str) -> dict[str, Any]:
    """The manifest: files not built here (geometry) as curated, built files with sources read from their rows."""
    texts = meta["datasets"]
    datasets: dict[str, dict[str, Any]] = {}
    for name, entry in texts.items():
        if name not in frames:
            datasets[name] = {
                "file": entry.get("file", ""),
                "title": entry["title"],
                "description": entry["description"],
                "sources": entry.get("sources", []),
                "vintage": entry.get("vintage", ""),
                "caveats": entry["caveats"],
            }
    for name, df in frames.items():
        entry = texts[name]
        datasets[name] = {
            "file": TABLES_BY_NAME[name].file,
            "title": entry["title"],
            "description": entry["description"],
            "sources": entry.get("sources") or _sources(df),
            "vintage": entry.get("vintage") or _vintages(df),
            "caveats": entry["caveats"],
        }
    return {
        "region": meta["region"],
        "title": meta["title"],
        "built_at": built_at,
        "vintage": meta["vintage"],
        "datasets": datasets,
    }
