"""Curated editorial tables (routes, waypoints, indicator definitions, manifest texts), read as data files.

They are checked like any input: the CSVs against their `TableSchema` (the same checks the app runs on
`data/`), the manifest texts against the list of data files, and every problem is reported by file, row
and column before anything is built.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from imapdash.datasets.errors import DatasetError, Problem
from imapdash.datasets.schema import GEOMETRY_FILE, TABLES, TABLES_BY_NAME, Column, TableSchema
from imapdash.datasets.validate import check_references, check_table, decode_csv, read_bytes

CURATED_DIR = Path(__file__).resolve().parent / "curated"
META_FILE = "datasets.toml"

# DTM East & Horn of Africa flow-monitoring corridor names -> route ids
DTM_CORRIDORS = TableSchema(
    "dtm_corridors",
    "dtm_corridors.csv",
    (Column("dtm_corridor"), Column("route_id", references="routes.route_id")),
    key=("dtm_corridor",),
)

# where a figure read in a copy or press report is cited instead: the publisher's portal for the series
CITATION_PORTALS = TableSchema(
    "citation_portals",
    "citation_portals.csv",
    (Column("source_org"), Column("portal_url", "url"), Column("portal_title")),
    key=("source_org",),
)

# copies (mirrors, reposts) and press outlets where figures were read: never a source, only "consulted"
CONSULTED_COPIES = TableSchema(
    "consulted_copies",
    "consulted_copies.csv",
    (Column("host"), Column("outlet", required=False), Column("kind", "choice", choices=("copy", "press"))),
    key=("host",),
)

# Curated tables that are data files of their own (same schema as the output) or lookups
CURATED_TABLES: tuple[TableSchema, ...] = (
    TABLES_BY_NAME["routes"],
    TABLES_BY_NAME["route_waypoints"],
    TABLES_BY_NAME["route_countries"],
    TABLES_BY_NAME["indicators"],
    DTM_CORRIDORS,
    TABLES_BY_NAME["country_documents"],
    TABLES_BY_NAME["publishers"],
    CITATION_PORTALS,
    CONSULTED_COPIES,
)

# manifest entries: one per data file (tables + geometry), these fields
META_NAMES = (*(t.name for t in TABLES), GEOMETRY_FILE.replace(".", "_"))
META_REQUIRED: dict[str, type] = {"title": str, "description": str, "caveats": list}
META_OPTIONAL: dict[str, type] = {"file": str, "vintage": str, "sources": list}


@dataclass(frozen=True)
class Curated:
    """The curated tables, typed, and the manifest texts."""

    routes: pd.DataFrame
    route_waypoints: pd.DataFrame
    route_countries: pd.DataFrame
    indicators: pd.DataFrame
    dtm_corridors: pd.DataFrame
    country_documents: pd.DataFrame
    publishers: pd.DataFrame
    citation_portals: pd.DataFrame
    consulted_copies: pd.DataFrame
    meta: dict[str, Any]

    def route_lookup(self, column: str) -> dict[str, str]:
        """Publisher route name -> route_id for one of frontex_route/mmp_route/unhcr_route."""
        named = self.routes[self.routes[column] != ""]
        return dict(zip(named[column], named["route_id"], strict=True))

    def route_names(self) -> dict[str, str]:
        """route_id -> display name."""
        return dict(zip(self.routes["route_id"], self.routes["name"], strict=True))

    def indicator_url(self, indicator_id: str) -> str:
        """The publisher page of one indicator."""
        row = self.indicators.loc[self.indicators["indicator_id"] == indicator_id, "source_url"]
        return str(row.iloc[0])


def _label(file: str) -> str:
    return f"databuild/curated/{file}"


def _read_table(folder: Path, schema: TableSchema) -> tuple[pd.DataFrame | None, list[Problem]]:
    file = _label(schema.file)
    raw, problems = read_bytes(folder / schema.file, file, schema.max_bytes)
    if raw is None:
        return None, problems
    text, more = decode_csv(raw, file, schema)
    problems += more
    if text is None:
        return None, problems
    typed, more = check_table(file, text, schema)
    return typed, problems + more


def _table_rules(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Rules beyond the schema: distinct route colours, 3–7 waypoints per drawn route."""
    problems: list[Problem] = []
    if "routes" in tables:
        colors = tables["routes"]["color"].str.upper()
        for index in colors[colors.duplicated()].index:
            problems.append(
                Problem(_label("routes.csv"), "colour used by another route", row=int(index) + 2, column="color")
            )
    if "route_waypoints" in tables:
        counts = tables["route_waypoints"].groupby("route_id").size()
        for route_id, n in counts[(counts < 3) | (counts > 7)].items():
            problems.append(
                Problem(
                    _label("route_waypoints.csv"),
                    f"route {route_id} has {n} waypoints",
                    column="seq",
                    expected="3 to 7 waypoints per route",
                )
            )
    return problems


def check_meta(meta: dict[str, Any], file: str = _label(META_FILE)) -> list[Problem]:
    """Check the manifest texts: every data file described, known fields of the right type, http(s) sources."""
    problems: list[Problem] = []
    for field in ("title", "vintage"):
        if not isinstance(meta.get(field), str):
            problems.append(Problem(file, "missing or not text", column=field, expected="a string"))
    if not isinstance(meta.get("region"), dict) or not isinstance(meta["region"].get("id"), str):
        problems.append(Problem(file, "missing [region] table", column="region", expected='[region] with id = "…"'))
    datasets = meta.get("datasets")
    if not isinstance(datasets, dict):
        return [*problems, Problem(file, "no [datasets.*] tables", column="datasets")]
    for name in META_NAMES:
        if name not in datasets:
            problems.append(Problem(file, "data file not described", column=f"datasets.{name}"))
    for name, entry in datasets.items():
        where = f"datasets.{name}"
        if name not in META_NAMES:
            problems.append(
                Problem(file, "unknown data file", column=where, expected="one of " + ", ".join(META_NAMES))
            )
            continue
        for field, kind in META_REQUIRED.items():
            if not isinstance(entry.get(field), kind):
                problems.append(
                    Problem(file, "missing or wrong type", column=f"{where}.{field}", expected=kind.__name__)
                )
        for field in entry:
            if field not in META_REQUIRED and field not in META_OPTIONAL:
                problems.append(Problem(file, "unknown field", column=f"{where}.{field}"))
            elif field in META_OPTIONAL and not isinstance(entry[field], META_OPTIONAL[field]):
                problems.append(
                    Problem(file, "wrong type", column=f"{where}.{field}", expected=META_OPTIONAL[field].__name__)
                )
        for source in entry.get("sources", []) if isinstance(entry.get("sources"), list) else []:
            url = source.get("url", "") if isinstance(source, dict) else ""
            if not (isinstance(source, dict) and source.get("org") and str(url).startswith(("http://", "https://"))):
                problems.append(
                    Problem(
                        file,
                        "source needs an org and an http(s) url",
                        column=f"{where}.sources",
                        value=str(source),
                        expected='{ org = "…", url = "https://…" }',
                    )
                )
    return problems


def load_curated(folder: Path = CURATED_DIR) -> Curated:
    """Read and check every curated file; raise `DatasetError` listing every problem."""
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    for schema in CURATED_TABLES:
        typed, more = _read_table(folder, schema)
        problems += more
        if typed is not None:
            tables[schema.name] = typed
    for schema in CURATED_TABLES:
        if schema.name in tables:
            problems += check_references(_label(schema.file), tables[schema.name], schema, tables)
    problems += _table_rules(tables)
    meta: dict[str, Any] = {}
    meta_path = folder / META_FILE
    try:
        meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(Problem(_label(META_FILE), "file is missing", expected=f"a file at {meta_path}"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(_label(META_FILE), f"cannot parse TOML: {exc}", expected="valid TOML"))
    else:
        problems += check_meta(meta)
    if problems:
        raise DatasetError(problems)
    return Curated(meta=meta, **tables)
