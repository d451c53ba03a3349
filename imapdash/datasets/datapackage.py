"""`datapackage.json` (Frictionless Data Package) generated from `schema.py` and the manifest.

Never written by hand: `python -m imapdash datapackage [DATA_DIR]` writes it, and a test fails when
the committed `data/datapackage.json` differs from what this module generates. With it, anyone can
check a data directory with a standard tool: `frictionless validate data/datapackage.json` checks
every CSV's columns, types, allowed values, primary keys and references between files.

Column kinds map to Table Schema fields: int -> integer, float -> number, year -> year, bool ->
boolean (0/1), choice -> string with an enum, period/date/iso3/nationality/color -> string with a
pattern, url -> string of format uri; `references` and iso3 columns become foreign keys.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .schema import GEOMETRY_FILE, MANIFEST_FILE, TABLES, Column, TableSchema

DATAPACKAGE_FILE = "datapackage.json"
COUNTRIES = "countries"

_PATTERNS = {
    "period": "[0-9]{4}(-(0[1-9]|1[0-2]))?",
    "date": "[0-9]{4}-[0-9]{2}(-[0-9]{2})?",
    "color": "#[0-9a-fA-F]{6}",
    "iso3": "[A-Z]{3}",
    "nationality": "[A-Z]{3}",
}


def field(column: Column) -> dict[str, Any]:
    """The Table Schema field of one column."""
    kind = column.kind
    spec: dict[str, Any] = {"name": column.name}
    constraints: dict[str, Any] = {}
    if kind in ("int", "float"):
        spec["type"] = "integer" if kind == "int" else "number"
        if column.min is not None:
            constraints["minimum"] = int(column.min) if kind == "int" else column.min
        if column.max is not None:
            constraints["maximum"] = int(column.max) if kind == "int" else column.max
    elif kind == "year":
        spec["type"] = "year"
        constraints.update(minimum=1900, maximum=2100)
    elif kind == "bool":
        spec.update(type="boolean", trueValues=["1"], falseValues=["0"])
    else:
        spec["type"] = "string"
        if kind == "choice":
            constraints["enum"] = list(column.choices)
        elif kind == "url":
            spec["format"] = "uri"
        elif kind in _PATTERNS:
            constraints["pattern"] = _PATTERNS[kind]
    if column.required:
        constraints["required"] = True
    if constraints:
        spec["constraints"] = constraints
    if column.doc:
        spec["description"] = column.doc
    return spec


def foreign_keys(table: TableSchema) -> list[dict[str, Any]]:
    keys = []
    for column in table.columns:
        target = column.references
        if target is None and column.kind == "iso3" and table.name != COUNTRIES:
            target = f"{COUNTRIES}.iso3"
        if target:
            resource, target_field = target.split(".")
            keys.append({"fields": column.name, "reference": {"resource": resource, "fields": target_field}})
    return keys


def _sources(entry: dict[str, Any]) -> list[dict[str, str]]:
    return [{"title": s.get("org", ""), "path": s["url"]} for s in entry.get("sources", []) if s.get("url")]


def table_resource(table: TableSchema, entry: dict[str, Any]) -> dict[str, Any]:
    """The tabular data resource of one CSV file."""
    columns = {c.name: c for c in table.columns}
    schema: dict[str, Any] = {"fields": [field(c) for c in table.columns], "missingValues": [""]}
    if all(columns[name].required for name in table.key):
        schema["primaryKey"] = list(table.key)
    keys = foreign_keys(table)
    if keys:
        schema["foreignKeys"] = keys
    resource: dict[str, Any] = {
        "name": table.name,
        "path": table.file,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
    }
    for key in ("title", "description"):
        if entry.get(key):
            resource[key] = entry[key]
    if _sources(entry):
        resource["sources"] = _sources(entry)
    resource["schema"] = schema
    return resource


def build_datapackage(manifest: dict[str, Any]) -> dict[str, Any]:
    """The Data Package descriptor of a data directory whose manifest is `manifest`."""
    datasets = manifest.get("datasets", {})
    raw_region = manifest.get("region", "data")  # the region object's id (an id string in older manifests)
    region = str(raw_region.get("id", "data") if isinstance(raw_region, dict) else raw_region).lower()
    resources = [table_resource(table, datasets.get(table.name, {})) for table in TABLES]
    geometry = datasets.get("countries_geojson", {})
    resources.append(
        {
            "name": "countries_geojson",
            "path": GEOMETRY_FILE,
            "profile": "data-resource",
            "format": "geojson",
            "mediatype": "application/geo+json",
            "encoding": "utf-8",
            **{key: geometry[key] for key in ("title", "description") if geometry.get(key)},
            **({"sources": _sources(geometry)} if _sources(geometry) else {}),
        }
    )
    unique_sources: dict[str, dict[str, str]] = {}
    for entry in datasets.values():
        for source in _sources(entry):
            unique_sources.setdefault(source["path"], source)
    package: dict[str, Any] = {
        "profile": "data-package",
        "name": f"imapdash-{region}",
        "title": str(manifest.get("title", "imapdash data")),
        "description": (
            f"Migration figures bundled with imapdash ({manifest.get('vintage', 'vintage unknown')}). "
            f"Every row names its publisher; {MANIFEST_FILE} holds each file's caveats. "
            "Generated from imapdash/datasets/schema.py; do not edit by hand."
        ),
        "sources": sorted(unique_sources.values(), key=lambda s: (s["title"], s["path"])),
        "resources": resources,
    }
    return package


def render(manifest: dict[str, Any]) -> str:
    """The descriptor as the text written to disk (stable, so a stale file is a plain diff)."""
    return json.dumps(build_datapackage(manifest), indent=2, ensure_ascii=False) + "\n"


def render_for(data_dir: Path) -> str:
    manifest = json.loads((Path(data_dir) / MANIFEST_FILE).read_text(encoding="utf-8"))
    return render(manifest)


def write_datapackage(data_dir: Path | str) -> Path:
    """Write `datapackage.json` into `data_dir` (from its manifest.json) and return its path."""
    target = Path(data_dir) / DATAPACKAGE_FILE
    text = render_for(Path(data_dir))
    temporary = target.with_suffix(".json.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(target)
    return target


def _command(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir)
    if args.check:
        current = (
            (data_dir / DATAPACKAGE_FILE).read_text(encoding="utf-8") if (data_dir / DATAPACKAGE_FILE).is_file() else ""
        )
        if current != render_for(data_dir):
            sys.stderr.write(
                f"{data_dir / DATAPACKAGE_FILE} is stale: run `python -m imapdash datapackage {data_dir}`\n"
            )
            return 1
        sys.stdout.write(f"{data_dir / DATAPACKAGE_FILE} is up to date.\n")
        return 0
    sys.stdout.write(f"Wrote {write_datapackage(data_dir)}.\n")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """`python -m imapdash datapackage [DATA_DIR] [--check]`."""
    parser = sub.add_parser("datapackage", help="write DATA_DIR/datapackage.json (Frictionless) from the schemas")
    parser.add_argument("data_dir", nargs="?", default="data", help="data directory (default: ./data)")
    parser.add_argument("--check", action="store_true", help="only check that the file is up to date")
    parser.set_defaults(func=_command)
