"""Read CSV bytes into typed DataFrames, collecting every problem by file, row and column."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import Problem
from .schema import SPECIAL_NATIONALITIES, Column, TableSchema

HEADER_LINES = 1
MAX_PROBLEMS_PER_COLUMN = 200

_INT = re.compile(r"^-?\d+$")
_PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
# C0 control characters (but tab and line feed), DEL and the C1 block: never data. A NUL published to
# the API, or refused by PostgreSQL at approval time, is worse than a clear refusal now (issue 16).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

_EXPECTED = {
    "int": "a whole number",
    "float": "a number",
    "bool": "0 or 1",
    "year": "a 4-digit year",
    "period": "YYYY or YYYY-MM",
    "date": "YYYY-MM-DD or YYYY-MM",
    "url": "an http(s) URL",
    "iso3": "an ISO3 code listed in countries.csv",
    "nationality": "an ISO3 code listed in countries.csv or one of " + "/".join(sorted(SPECIAL_NATIONALITIES)),
    "color": "a colour like #1f77b4",
}


def decode_csv(raw: bytes, file: str, schema: TableSchema) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Decode UTF-8 CSV bytes into an all-text DataFrame with exactly the schema's columns."""
    if len(raw) > schema.max_bytes:
        return None, [Problem(file, f"file is {len(raw):,} bytes", expected=f"at most {schema.max_bytes:,} bytes")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.end].hex(" ")
        return None, [Problem(file, f"bytes {bad} are not valid UTF-8", row=line, expected="UTF-8 text")]
    if not text.strip():
        return None, [Problem(file, "file is empty", expected="a header row and data rows")]
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False, on_bad_lines="error")
    except (pd.errors.ParserError, ValueError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        row = int(match.group(1)) if match else None
        return None, [Problem(file, f"cannot parse CSV: {exc}", row=row, expected="comma-separated values")]

    problems: list[Problem] = []
    header = [str(c) for c in frame.columns]
    missing = [c for c in schema.column_names if c not in header]
    unknown = [c for c in header if c not in schema.column_names]
    problems.extend(Problem(file, "column is missing", row=1, column=c) for c in missing)
    problems.extend(
        Problem(file, "unknown column", row=1, column=c, expected="one of " + ", ".join(schema.column_names))
        for c in unknown
    )
    if missing:
        return None, problems
    if frame.empty and not schema.allow_empty:
        problems.append(Problem(file, "file has a header but no data rows", expected="at least one row"))
    return frame[list(schema.column_names)], problems


def _line_numbers(index: pd.Index) -> np.ndarray:
    return np.asarray(index) + HEADER_LINES + 1


def _cell_problems(
    file: str, frame: pd.DataFrame, mask: pd.Series, column: str, message: str, expected: str
) -> list[Problem]:
    rows = frame.index[mask.to_numpy()]
    values = frame.loc[rows, column].tolist() if column in frame else [None] * len(rows)
    out = []
    for line, value in list(zip(_line_numbers(rows), values, strict=True))[:MAX_PROBLEMS_PER_COLUMN]:
        out.append(Problem(file, message, row=int(line), column=column, value=value, expected=expected))
    if len(rows) > MAX_PROBLEMS_PER_COLUMN:
        out.append(Problem(file, f"{len(rows) - MAX_PROBLEMS_PER_COLUMN} more rows fail the same check", column=column))
    return out


def _convert(col: Column, text: pd.Series, known_iso3: frozenset[str]) -> tuple[pd.Series, pd.Series]:
    """Return (typed values, mask of non-empty cells that are invalid for the column's kind)."""
    present = text != ""
    kind = col.kind
    if kind in ("int", "year"):
        ok = text.str.match(_INT)
        values = pd.to_numeric(text.where(ok & present), errors="coerce").astype("Int64")
        bad = present & ~ok
        if kind == "year":
            bad |= present & ok & ~values.between(1900, 2100).fillna(False).astype(bool)
        return values, bad
    if kind == "float":
        values = pd.to_numeric(text.where(present), errors="coerce").astype("float64")
        bad = present & (values.isna() | ~np.isfinite(values.fillna(0)))
        return values, bad
    if kind == "bool":
        bad = present & ~text.isin(["0", "1"])
        return text.eq("1"), bad
    if kind == "period":
        return text, present & ~text.str.match(_PERIOD)
    if kind == "date":
        return text, present & ~text.str.match(_DATE)
    if kind == "url":
        return text, present & ~text.str.match(r"^https?://[^\s]+$")
    if kind == "color":
        return text, present & ~text.str.match(_COLOR)
    if kind == "iso3":
        return text, present & ~text.isin(known_iso3)
    if kind == "nationality":
        return text, present & ~(text.isin(known_iso3) | text.isin(SPECIAL_NATIONALITIES))
    if kind == "choice":
        return text, present & ~text.isin(col.choices)
    return text, pd.Series(False, index=text.index)


def check_table(
    file: str,
    frame: pd.DataFrame,
    schema: TableSchema,
    *,
    known_iso3: Iterable[str] = (),
) -> tuple[pd.DataFrame, list[Problem]]:
    """Check an all-text frame against its schema; return the typed frame and every problem."""
    known = frozenset(known_iso3)
    problems: list[Problem] = []
    typed: dict[str, pd.Series] = {}
    for col in schema.columns:
        raw = frame[col.name].astype(object).where(frame[col.name].notna(), "").astype(str)
        control = raw.str.replace("\r\n", "\n", regex=False).str.contains(_CONTROL)
        if control.any():
            problems += _cell_problems(
                file, frame, control, col.name, "control character (NUL, CR, ...) in value", "printable text"
            )
        text = raw.str.strip()
        if col.required:
            problems += _cell_problems(file, frame, text == "", col.name, "value is missing", "a value")
        values, bad = _convert(col, text, known)
        if col.kind == "iso3" and not known:
            bad = (text != "") & ~text.str.match(_ISO3)
        expected = _EXPECTED.get(col.kind, "")
        if col.kind == "choice":
            expected = "one of " + ", ".join(col.choices)
        if bad.any():
            problems += _cell_problems(file, frame, bad, col.name, "invalid value", expected)
        if col.min is not None or col.max is not None:
            numeric = pd.to_numeric(values, errors="coerce") if values.dtype != bool else values
            too_low = numeric.lt(col.min).fillna(False).astype(bool) if col.min is not None else False
            too_high = numeric.gt(col.max).fillna(False).astype(bool) if col.max is not None else False
            out_of_range = too_low | too_high
            if isinstance(out_of_range, pd.Series) and out_of_range.any():
                if col.min is not None and col.max is not None:
                    bounds = f"a value between {col.min:g} and {col.max:g}"
                elif col.min is not None:
                    bounds = f"a value >= {col.min:g}" + (" (a count cannot be negative)" if col.min == 0 else "")
                else:
                    bounds = f"a value <= {col.max:g}"
                problems += _cell_problems(file, frame, out_of_range, col.name, "value out of range", bounds)
        if col.kind in ("str", "choice", "period", "date", "url", "iso3", "nationality", "color"):
            values = text
        typed[col.name] = values
    result = pd.DataFrame(typed, index=frame.index)
    problems += _duplicate_problems(file, result, schema.key)
    return result, problems


def _duplicate_problems(file: str, frame: pd.DataFrame, key: tuple[str, ...]) -> list[Problem]:
    if not key:
        return []
    # every key cell as text, an empty or missing one as "" (pandas 3 keeps NA through astype(str))
    keys = frame[list(key)].astype(object)
    keys = keys.where(keys.notna(), "").astype(str)
    dup = keys.duplicated(keep=False)
    if not dup.any():
        return []
    first_line: dict[tuple, int] = {}
    out: list[Problem] = []
    for idx, row in keys[dup].iterrows():
        k = tuple(row)
        line = int(idx) + HEADER_LINES + 1
        if k in first_line:
            out.append(
                Problem(
                    file,
                    f"duplicate key ({', '.join(key)}) = ({', '.join(k)}), first seen on row {first_line[k]}",
                    row=line,
                    column=key[0],
                    expected="each key once",
                )
            )
        else:
            first_line[k] = line
        if len(out) >= MAX_PROBLEMS_PER_COLUMN:
            break
    return out


def check_references(
    file: str, frame: pd.DataFrame, schema: TableSchema, tables: dict[str, pd.DataFrame]
) -> list[Problem]:
    """Check columns that must name a row of another table (e.g. flows.route_id in routes)."""
    problems: list[Problem] = []
    for col in schema.columns:
        if not col.references:
            continue
        table, column = col.references.split(".")
        if table not in tables:
            continue
        allowed = set(tables[table][column].astype(str))
        text = frame[col.name].astype(str)
        bad = (text != "") & ~text.isin(allowed)
        if bad.any():
            problems += _cell_problems(file, frame, bad, col.name, "unknown reference", f"a {column} listed in {table}")
    return problems


def read_bytes(path: Path, file: str, max_bytes: int) -> tuple[bytes | None, list[Problem]]:
    """Read a file, refusing a missing file or one larger than the cap before reading it whole."""
    if not path.is_file():
        return None, [Problem(file, "file is missing", expected=f"a file at {path}")]
    size = path.stat().st_size
    if size > max_bytes:
        return None, [Problem(file, f"file is {size:,} bytes", expected=f"at most {max_bytes:,} bytes")]
    return path.read_bytes(), []
