"""Datasets: every table the app reads, loaded and validated once per process."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from .errors import DatasetError, Problem
from .geometry import check_geometry
from .region import Region, default_region, read_region
from .schema import GEOMETRY_FILE, MANIFEST_FILE, MAX_GEOMETRY_BYTES, REQUIRED_TABLES, TABLES, TABLES_BY_NAME
from .validate import check_references, check_table, decode_csv, read_bytes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Datasets:
    """Everything the views read. Treat every frame as read-only.

    Frames hold **public rows only**. Rows flagged `restricted` live in `_restricted` and are reached
    through `Datasets.frame(name, include_restricted=True)`, which only authorised server code calls
    (see `imapdash.auth.access`), so a view that forgets to check the user still gets public data.
    """

    tables: MappingProxyType
    geometry_ids: tuple[str, ...]  # the feature ids (ISO3) of the geometry, in file order
    geometry_json: bytes  # the geometry as served (compact GeoJSON); kept as bytes, not parsed (issue 20)
    manifest: dict
    version: str
    _restricted: MappingProxyType = field(repr=False)
    release: int = 0  # the numbered data release these files are (0: loaded from a directory, no release)
    region: Region = field(default_factory=lambda: default_region(pd.DataFrame({"iso3": []}), {}))

    absent: frozenset[str] = frozenset()  # optional datasets whose file the directory does not have

    def has(self, name: str) -> bool:
        """Whether the data directory has this dataset (only countries, indicators, indicator values are required)."""
        return name in self.tables and name not in self.absent

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = object.__getattribute__(self, "tables")
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def frame(self, name: str, *, include_restricted: bool = False) -> pd.DataFrame:
        """Return a table; restricted rows are added only when the caller says it is authorised."""
        public = self.tables[name]
        if not include_restricted or name not in self._restricted:
            return public
        return pd.concat([public, self._restricted[name]]).sort_index()

    def restricted_count(self, name: str) -> int:
        """How many partner-only rows a table holds (a count is not restricted)."""
        return len(self._restricted.get(name, ()))

    def row_counts(self) -> dict[str, int]:
        """Rows per dataset, public and restricted together, plus geometry features."""
        counts = {name: len(frame) + self.restricted_count(name) for name, frame in self.tables.items()}
        counts["countries_geometry"] = len(self.geometry_ids)
        return counts

    def __reduce__(self) -> tuple[Any, ...]:
        # MappingProxyType does not pickle: the tables travel as dicts (imapdash.memory.load_apart)
        state = {f.name: getattr(self, f.name) for f in fields(self)}
        state["tables"], state["_restricted"] = dict(self.tables), dict(self._restricted)
        return (_unpickle_datasets, (state,))

    @property
    def geometry(self) -> dict:
        """The geometry parsed (a new dict on every call; ~9x the size of its bytes, so the app keeps
        only `geometry_json` and `geometry_ids` and nothing on a request path parses it)."""
        parsed: dict = json.loads(self.geometry_json)
        return parsed

    @property
    def vintage(self) -> str:
        """Human-readable data vintage from the manifest."""
        return str(self.manifest.get("vintage", "unknown"))


def _unpickle_datasets(state: dict[str, Any]) -> Datasets:
    state["tables"], state["_restricted"] = MappingProxyType(state["tables"]), MappingProxyType(state["_restricted"])
    return Datasets(**state)


def _split_restricted(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    if "restricted" not in frame.columns:
        return frame, frame.iloc[0:0]
    flag = frame["restricted"].astype(bool)
    return frame[~flag], frame[flag]


def _load_manifest(data_dir: Path) -> tuple[dict, list[Problem]]:
    raw, problems = read_bytes(data_dir / MANIFEST_FILE, MANIFEST_FILE, 1024 * 1024)
    if raw is None:
        return {}, problems
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, [Problem(MANIFEST_FILE, f"not valid JSON: {exc}", expected="a JSON object")]
    if not isinstance(manifest, dict) or not isinstance(manifest.get("datasets"), dict):
        return {}, [Problem(MANIFEST_FILE, "no 'datasets' object", expected='{"datasets": {...}}')]
    return manifest, []


def load_datasets(data_dir: Path | str) -> Datasets:
    """Read and validate every file in `data_dir`; raise DatasetError listing every problem."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    digest = hashlib.sha256()
    known_iso3: frozenset[str] = frozenset()
    absent: list[str] = []
    for schema in TABLES:
        if schema.name not in REQUIRED_TABLES and not (data_dir / schema.file).exists():
            tables[schema.name] = absent_table(schema.name)  # optional: the views say there is no such data
            absent.append(schema.name)
            continue
        raw, read_problems = read_bytes(data_dir / schema.file, schema.file, schema.max_bytes)
        problems += read_problems
        if raw is None:
            continue
        digest.update(schema.file.encode() + raw)
        text_frame, decode_problems = decode_csv(raw, schema.file, schema)
        problems += decode_problems
        if text_frame is None:
            continue
        typed, table_problems = check_table(schema.file, text_frame, schema, known_iso3=known_iso3)
        problems += table_problems
        tables[schema.name] = typed
        if schema.name == "countries":
            known_iso3 = frozenset(typed["iso3"])
    for name, frame in tables.items():
        schema = TABLES_BY_NAME[name]
        problems += check_references(schema.file, frame, schema, tables)

    geometry: dict = {}
    geo_raw, geo_problems = read_bytes(data_dir / GEOMETRY_FILE, GEOMETRY_FILE, MAX_GEOMETRY_BYTES)
    problems += geo_problems
    if geo_raw is not None:
        digest.update(geo_raw)
        geometry, more = check_geometry(geo_raw, GEOMETRY_FILE, tables.get("countries"))
        problems += more
    manifest, manifest_problems = _load_manifest(data_dir)
    problems += manifest_problems
    region, region_problems = read_region(manifest, tables.get("countries"), geometry)
    problems += region_problems

    if problems:
        raise DatasetError(problems)

    public: dict[str, pd.DataFrame] = {}
    restricted: dict[str, pd.DataFrame] = {}
    for name, frame in tables.items():
        public[name], hidden = _split_restricted(frame)
        if len(hidden):
            restricted[name] = hidden
    geometry_json = json.dumps(geometry, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    datasets = Datasets(
        tables=MappingProxyType(public),
        geometry_ids=feature_ids(geometry),
        geometry_json=geometry_json,
        manifest=manifest,
        version=digest.hexdigest()[:12],
        _restricted=MappingProxyType(restricted),
        region=region,
        absent=frozenset(absent),
    )
    log.info("loaded %d datasets from %s (version %s)", len(public), data_dir, datasets.version)
    return datasets


def feature_ids(geometry: dict) -> tuple[str, ...]:
    """The ids of a FeatureCollection's features, in order."""
    return tuple(str(feature.get("id")) for feature in geometry.get("features", []))


def absent_table(name: str) -> pd.DataFrame:
    """An empty frame with the dataset's columns (the file is optional and not there)."""
    schema = TABLES_BY_NAME[name]
    frame = pd.DataFrame({c.name: pd.Series([], dtype=_DTYPES.get(c.kind, "object")) for c in schema.columns})
    return frame


_DTYPES = {"int": "Int64", "year": "Int64", "float": "float64", "bool": "bool"}


def manifest_entry(datasets: Datasets, name: str) -> dict[str, Any]:
    """The manifest's description of one dataset (empty dict when it has none)."""
    return dict(datasets.manifest.get("datasets", {}).get(name, {}))
