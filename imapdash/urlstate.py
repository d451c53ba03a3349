"""View state <-> query string, as pure functions (every view restores itself from its URL)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import parse_qs, urlencode

from .i18n import DEFAULT_LANGUAGE, normalise_language

S = TypeVar("S")

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


# ---------------------------------------------------------------- one binder: URL query <-> controls


class _Unchanged:
    """The binder's "leave this control / the URL as it is" (the Dash wrapper turns it into no_update)."""

    _instance: _Unchanged | None = None

    def __new__(cls) -> _Unchanged:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNCHANGED"

    def __bool__(self) -> bool:
        return False


UNCHANGED = _Unchanged()


def url_language(lang: str | None, current_search: str | None) -> str | None:
    """The interface language a view writes into its URL: always when not the default, the default
    only when the URL already said it (an explicit language stays explicit)."""
    code = normalise_language(lang)
    return code if code != DEFAULT_LANGUAGE or first(parse_query(current_search), "lang") else None


@dataclass(frozen=True)
class UrlBinder(Generic[S]):
    """How one view's state travels between its URL query and its controls, as pure functions.

    A view describes its state once:

    - `controls`: the (component id, property) pairs that show the state, in a fixed order;
    - `read_query(source, query) -> state`: the validated state a parsed URL query describes;
    - `read_controls(source, values) -> state`: the state the controls show (values in `controls` order);
    - `control_values(source, state) -> values`: what each control shows for a state;
    - `write_query(source, state) -> params`: the view's own parameters (no `lang`, no shell parameters).

    `source` is whatever the functions need to validate (a `ViewContext`, the datasets, or None).
    The binder adds the two rules every view shares: the language parameter (`url_language`) and the
    shell parameters (`SHELL_PARAMS`: embed, present, release), which a view rewriting its query keeps.
    `imapdash.views.context.bind_url` registers the two Dash callbacks that use it.
    """

    path: str
    controls: tuple[tuple[str, str], ...]
    read_query: Callable[[Any, Mapping[str, list[str]]], S]
    read_controls: Callable[[Any, Sequence[object]], S]
    control_values: Callable[[Any, S], Sequence[object]]
    write_query: Callable[[Any, S], Mapping[str, object]]

    def on_path(self, pathname: str | None) -> bool:
        """Whether `pathname` is this view's page (a trailing slash is the same page)."""
        return ((pathname or "/").rstrip("/") or "/") == (self.path.rstrip("/") or "/")

    def query_for(self, source: Any, state: S, *, lang: str | None, current_search: str | None) -> str:
        """The full query for `state`: view parameters, the language rule, then the kept shell parameters."""
        params: dict[str, object] = dict(self.write_query(source, state))
        params["lang"] = url_language(lang, current_search)
        current = parse_query(current_search)
        for name in SHELL_PARAMS:
            if name in current and params.get(name) in (None, ""):
                params[name] = current[name][0]
        return to_query(params)

    def search_for(
        self, source: Any, values: Sequence[object], *, lang: str | None, current_search: str | None
    ) -> str | _Unchanged:
        """Controls -> the URL's new query, or UNCHANGED when the URL already says it."""
        state = self.read_controls(source, values)
        query = self.query_for(source, state, lang=lang, current_search=current_search)
        return UNCHANGED if query == (current_search or "") else query

    def controls_for(self, source: Any, search: str | None, current: Sequence[object]) -> tuple:
        """URL -> the control values it describes; UNCHANGED for a control that already shows it."""
        wanted = tuple(self.control_values(source, self.read_query(source, parse_query(search))))
        shown = tuple(self.control_values(source, self.read_controls(source, current)))
        if len(wanted) != len(self.controls) or len(shown) != len(self.controls):
            raise ValueError(f"{self.path}: control_values must give one value per control")
        return tuple(UNCHANGED if want == have else want for want, have in zip(wanted, shown, strict=True))
