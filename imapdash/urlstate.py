"""View state <-> query string, as pure functions (every view restores itself from its URL)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import parse_qs, urlencode

MAX_QUERY_LENGTH = 4096
# Parameters of the shell, not of a view: a view rewriting its query keeps them (an embedded or
# presented view stays so, a view pinned to a data release stays pinned).
SHELL_PARAMS = ("embed", "present", "release")


def parse_query(search: str | None) -> dict[str, list[str]]:
    """'?a=1&b=x,y' -> {'a': ['1'], 'b': ['x,y']}; tolerant of None, a leading '?', and junk."""
    if not search:
        return {}
    text = search[1:] if search.startswith("?") else search
    return parse_qs(text[:MAX_QUERY_LENGTH], keep_blank_values=False)


def first(query: Mapping[str, Sequence[str]], name: str, default: str | None = None) -> str | None:
    """The first value of a parameter, or `default`."""
    values = query.get(name) or []
    return values[0] if values else default


def as_list(query: Mapping[str, Sequence[str]], name: str) -> list[str]:
    """A comma-separated (or repeated) parameter as a list of non-empty values, order kept."""
    out: list[str] = []
    for value in query.get(name, []):
        out.extend(part for part in value.split(",") if part)
    return list(dict.fromkeys(out))


def as_int(query: Mapping[str, Sequence[str]], name: str, default: int | None = None) -> int | None:
    """An integer parameter, or `default` when absent or not a whole number."""
    value = first(query, name)
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def to_query(params: Mapping[str, object]) -> str:
    """{'a': 1, 'b': ['x', 'y'], 'c': None} -> '?a=1&b=x,y' (None, '' and [] are left out)."""
    pairs = []
    for name, value in params.items():
        if value is None or value == "" or value == [] or value == ():
            continue
        if isinstance(value, list | tuple):
            value = ",".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "1" if value else "0"
        pairs.append((name, str(value)))
    return "?" + urlencode(pairs, safe=",") if pairs else ""


def keep_shell_params(query: str, current_search: str | None) -> str:
    """`query` (as a view wrote it) plus the shell parameters of the current URL that it lacks."""
    written = parse_query(query)
    current = parse_query(current_search)
    kept = [(name, current[name][0]) for name in SHELL_PARAMS if name in current and name not in written]
    if not kept:
        return query
    extra = urlencode(kept, safe=",")
    return f"{query}&{extra}" if query else f"?{extra}"
