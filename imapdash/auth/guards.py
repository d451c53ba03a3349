"""Who may see partner data: role checks, the callback decorator and the request-layer guard.

Two layers protect every partner callback (notes B1-B4):

1. `install_callback_guard(server)` - a `before_request` hook. For every POST to a path ending in
   `_dash-update-component` it reads the JSON body's `output` string, the key Dash uses to pick the
   callback, and if any output component id starts with `partner-` (a plain id such as
   `partner-table.children`, a multi-output `..partner-a.children...partner-b.figure..`, or a
   pattern-matching id whose string values start with `partner-`) and the logged-in user is not a
   partner, it answers 403 and writes an audit event. The decision uses only that output string
   and the server-side user: input ids, property names and values (a relabelled `pathname`
   input, for instance) are client-controlled and ignored, so they cannot open a callback. A body
   that is not a JSON object with a string `output` is refused with 400 (Dash could not dispatch
   it either).
2. `partner_required` - a decorator for the callback function itself (defence in depth if a
   callback is reached another way). A non-partner call raises `PreventUpdate`, which Dash
   answers with 204, and writes an audit event.

Limits: a callback without outputs has a hashed output string, so it cannot be recognised by
prefix - partner callbacks must have `partner-` outputs or be protected by `partner_required`
alone. Background callbacks' result polls also go through `_dash-update-component` and are covered
by layer 1. Non-Dash routes with partner data use `partner_route` (403 for non-partners).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import flask
from dash.exceptions import PreventUpdate
from flask_login import current_user

from imapdash.auth import audit
from imapdash.auth.models import ROLES

PARTNER_PREFIX = "partner-"
CALLBACK_SUFFIX = "_dash-update-component"
GUARD_KEY = "imapdash.callback_guard"

P = ParamSpec("P")
R = TypeVar("R")

_MULTI_SEPARATOR = re.compile(r"(?<!\\)\.\.\.")


def current_role() -> str | None:
    """The current user's role, "anonymous" when not logged in, None outside a request."""
    if not flask.has_request_context():
        return None
    if not current_user.is_authenticated:
        return "anonymous"
    return str(current_user.role)


def has_role(*roles: str) -> bool:
    """True when the logged-in, active user holds one of `roles`."""
    if not flask.has_request_context() or not current_user.is_authenticated:
        return False
    return bool(current_user.is_active) and current_user.role in roles


def is_partner() -> bool:
    """True for an active user with any partner-area role (admin, partner_agency, focal_point)."""
    return has_role(*ROLES)


def _component_ids(output: str) -> list[str]:
    """Component ids named in a Dash callback output string (single or multi-output)."""
    if output.startswith("..") and output.endswith("..") and len(output) > 4:
        parts = _MULTI_SEPARATOR.split(output[2:-2])
    else:
        parts = [output]
    ids = []
    for part in parts:
        component, _, _prop = part.rpartition(".")
        ids.append((component or part).replace("\\.", "."))
    return ids


def _is_partner_id(component_id: str) -> bool:
    if component_id.startswith(PARTNER_PREFIX):
        return True
    if component_id.startswith("{"):
        try:
            parsed = json.loads(component_id)
        except ValueError:
            # an id Dash itself could not have produced: treat any mention as restricted
            return PARTNER_PREFIX in component_id
        if isinstance(parsed, dict):
            return any(isinstance(value, str) and value.startswith(PARTNER_PREFIX) for value in parsed.values())
    return False


def output_is_restricted(output: str) -> bool:
    """True when a callback output string names at least one `partner-` component."""
    return any(_is_partner_id(component_id) for component_id in _component_ids(output))


def _check_callback_request() -> None:
    request = flask.request
    if request.method != "POST" or not request.path.endswith(CALLBACK_SUFFIX):
        return
    body = request.get_json(silent=True)
    output = body.get("output") if isinstance(body, dict) else None
    if not isinstance(output, str):
        flask.abort(400)
    if output_is_restricted(output) and not is_partner():
        audit.record("callback.denied", output, {"layer": "request", "role": current_role()})
        flask.abort(403)


def install_callback_guard(server: flask.Flask) -> None:
    """Refuse (403) non-partner POSTs to Dash callbacks whose outputs are `partner-` components.

    `imapdash.auth.init_app` calls this; calling it again on the same server does nothing.
    """
    if server.extensions.get(GUARD_KEY):
        return
    server.before_request(_check_callback_request)
    server.extensions[GUARD_KEY] = True


def partner_required(func: Callable[P, R]) -> Callable[P, R]:
    """Callback guard: a non-partner call gets no data (PreventUpdate, HTTP 204) and is audited."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if not is_partner():
            body = flask.request.get_json(silent=True) if flask.has_request_context() else None
            output = body.get("output") if isinstance(body, dict) else None
            audit.record(
                "callback.denied",
                func.__qualname__,
                {"layer": "callback", "output": output, "role": current_role()},
            )
            raise PreventUpdate
        return func(*args, **kwargs)

    return wrapper


def partner_route(func: Callable[P, R]) -> Callable[P, R]:
    """Flask route guard: non-partners get 403 (anonymous users are not redirected)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if not is_partner():
            audit.record("access.denied", flask.request.path, {"role": current_role()})
            flask.abort(403)
        return func(*args, **kwargs)

    return wrapper
