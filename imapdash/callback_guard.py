"""Wrong input types sent to a Dash callback are a bad request (400, one log line), not a 500.

Any callback can be POSTed to `/_dash-update-component` with any values (notes §B1). A view's code
may assume that `search` is a string or `n_clicks` a number; sent a dict instead, it raised and the
app answered 500 with a traceback in the log (427 of 1,956 fuzzed calls, issue 16).

This guard works at the request layer, for every callback at once (no per-view checks): when a
callback raises, the request body is compared with what the renderer could have sent: a JSON object
with `output`, `inputs` and `state` lists, and values of the same JSON kind (string, number, bool,
list, object) as the property has in the app's layouts (or, for properties the layouts leave empty,
as the component documents: `n_clicks` a number, `search` a string...). If the body does not match,
the answer is 400 with a one-line warning. If it matches, the exception is a real defect and goes
on as a 500 with its traceback.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import flask
from dash import Dash
from werkzeug.exceptions import HTTPException

from .ids import Shell

log = logging.getLogger(__name__)

UPDATE_PATH = "/_dash-update-component"

# Kinds of properties that start empty (None) in layouts; the rest are learnt from the layouts.
KNOWN_KINDS: dict[str, set[str]] = {
    "n_clicks": {"number"},
    "n_submit": {"number"},
    "n_blur": {"number"},
    "n_intervals": {"number"},
    "n_clicks_timestamp": {"number"},
    "pathname": {"str"},
    "search": {"str"},
    "hash": {"str"},
    "href": {"str"},
    "contents": {"str", "list"},
    "filename": {"str", "list"},
    "last_modified": {"number", "list"},
    "clickData": {"dict"},
    "hoverData": {"dict"},
    "selectedData": {"dict"},
    "relayoutData": {"dict"},
    "restyleData": {"list"},
    "active_tab": {"str"},
    "is_open": {"bool"},
    "checked": {"bool"},
    "disabled": {"bool"},
    "lang": {"str"},
    "dir": {"str"},
    "className": {"str"},
    "style": {"dict"},
    "title": {"str"},
}
# Stores that start empty in the layout and hold one kind of value (id, property) -> kinds.
STORE_KINDS: dict[tuple[str, str], set[str]] = {
    (Shell.LANG_STORE, "data"): {"str"},  # the reader's language code
}
CHOICE_TYPES = ("Dropdown", "RadioItems", "Checklist", "Select", "Tabs")


def kind_of(value: Any) -> str:
    """The JSON kind of a value: none, bool, number, str, list, dict (or other)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, dict):
        return "dict"
    return "other"


def id_key(component_id: Any) -> str:
    """A component id as a lookup key; pattern-matching ids keep only their string parts."""
    if isinstance(component_id, dict):
        fixed = {k: v for k, v in component_id.items() if isinstance(v, str)}
        return json.dumps(fixed, sort_keys=True)
    return str(component_id)


def _components(layout: Any) -> Iterator[Any]:
    if layout is None:
        return
    if isinstance(layout, list | tuple):
        for item in layout:
            yield from _components(item)
        return
    if hasattr(layout, "_traverse"):
        yield layout
        yield from layout._traverse()


def learn_kinds(layout: Any) -> dict[tuple[str, str], tuple[set[str], set[str]]]:
    """(id key, property) -> (kinds seen, kinds of list items seen) over every component of `layout`."""
    kinds: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    for component in _components(layout):
        component_id = getattr(component, "id", None)
        if component_id is None:
            continue
        _learn_choices(component, kinds)
        for prop in getattr(component, "_prop_names", ()):
            value = getattr(component, prop, None)
            if value is None or hasattr(value, "_traverse"):
                continue
            seen, items = kinds.setdefault((id_key(component_id), prop), (set(), set()))
            seen.add(kind_of(value))
            if isinstance(value, list):
                items.update(kind_of(v) for v in value if v is not None and not hasattr(v, "_traverse"))
    return kinds


def _learn_choices(component: Any, kinds: dict[tuple[str, str], tuple[set[str], set[str]]]) -> None:
    """A choice component's `value` holds its options' values: one, or (multi, Checklist) a list of them."""
    if type(component).__name__ not in CHOICE_TYPES:
        return
    options = getattr(component, "options", None) or []
    option_values = []
    for option in options if isinstance(options, list) else []:
        if isinstance(option, dict):
            option_values.append(option.get("value"))
        elif not hasattr(option, "_traverse"):
            option_values.append(option)
    value_kinds = {kind_of(v) for v in option_values if v is not None} or {"str", "number"}
    multi = bool(getattr(component, "multi", False)) or type(component).__name__ == "Checklist"
    seen, items = kinds.setdefault((id_key(component.id), "value"), (set(), set()))
    if multi:
        seen.add("list")
        items.update(value_kinds)
    else:
        seen.update(value_kinds)


def body_problem(body: Any, kinds: dict[tuple[str, str], tuple[set[str], set[str]]]) -> str | None:
    """Why `body` is not something the renderer sends (None when it could be)."""
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    if not isinstance(body.get("output"), str):
        return "'output' is not a string"
    for section in ("inputs", "state"):
        args = body.get(section, [])
        if not isinstance(args, list):
            return f"'{section}' is not a list"
        for arg in args:
            for item in arg if isinstance(arg, list) else [arg]:
                problem = _arg_problem(item, kinds)
                if problem:
                    return f"{section}: {problem}"
    return None


def _arg_problem(arg: Any, kinds: dict[tuple[str, str], tuple[set[str], set[str]]]) -> str | None:
    if not isinstance(arg, dict) or not isinstance(arg.get("property"), str) or "id" not in arg:
        return "an argument is not {id, property, value}"
    value = arg.get("value")
    if value is None:
        return None
    prop = arg["property"]
    seen, items = kinds.get((id_key(arg["id"]), prop), (set(), set()))
    allowed = seen or STORE_KINDS.get((id_key(arg["id"]), prop)) or KNOWN_KINDS.get(prop, set())
    kind = kind_of(value)
    where = f"{id_key(arg['id'])[:60]}.{prop}"
    if allowed and kind not in allowed:
        return f"{where} got a {kind}, expected {'/'.join(sorted(allowed))}"
    if kind == "list" and items:
        wrong = sorted({kind_of(v) for v in value if v is not None} - items)
        if wrong:
            return f"{where} got a list holding {'/'.join(wrong)}, expected {'/'.join(sorted(items))}"
    if kind == "str" and "\x00" in value:
        return f"{where} holds a NUL character"
    return None


def install_callback_guard(app: Dash, full_layout: Callable[[], Any] | None = None) -> None:
    """Answer callbacks that raise on input the renderer could not have sent with 400 and one log line.

    `full_layout` gives every view's layout (default: the app's validation layout); it is called the
    first time a callback raises, not at start.
    """
    server = app.server
    cache: dict[str, Any] = {}

    def kinds() -> dict[tuple[str, str], tuple[set[str], set[str]]]:
        if "kinds" not in cache:
            # the shell's layout is a function of the request; its structure is the same for everyone
            layout = app.layout() if callable(app.layout) else app.layout
            learnt = learn_kinds(full_layout() if full_layout else app.validation_layout)
            for key, value in learn_kinds(layout).items():
                learnt.setdefault(key, value)
            cache["kinds"] = learnt
        return cache["kinds"]

    @server.errorhandler(Exception)
    def _bad_callback_input(exc: Exception):  # type: ignore[no-untyped-def]
        if isinstance(exc, HTTPException):
            return exc
        request = flask.request
        if request.method != "POST" or not request.path.endswith(UPDATE_PATH):
            raise exc
        body = request.get_json(silent=True)
        problem = body_problem(body, kinds())
        output = body.get("output") if isinstance(body, dict) else None
        if problem is None and isinstance(output, str) and "callback" not in app.callback_map.get(output, {}):
            # a clientside callback's output, or no callback at all: nothing on the server answers it
            log.warning("refused callback %s: no server callback has this output", output[:120])
            return flask.jsonify(error="no such callback", detail=output[:200]), 404
        if problem is None:
            raise exc  # the input was plausible: a real defect, logged with its traceback as a 500
        output = body.get("output", "?") if isinstance(body, dict) else "?"
        log.warning("refused callback %s: %s (%s)", str(output)[:120], problem[:200], type(exc).__name__)
        return flask.jsonify(error="bad callback input", detail=problem[:200]), 400
