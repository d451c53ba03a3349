"""Append-only audit trail: `record(action, target, detail)` writes an AuditEvent row and a log line.

Actions used by the auth layer: login.success, login.failure, login.limited, logout,
session.expired, password.changed, password.change_failed, access.denied, callback.denied,
user.added, user.disabled, user.enabled, user.password_reset.

Never pass passwords, cookies or tokens: keys that look like secrets are dropped, and CR/LF in
every string is replaced so one event cannot forge another line (OWASP Logging Cheat Sheet).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

import flask
from flask_login import current_user
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from imapdash.auth.models import AuditEvent
from imapdash.db import EXTENSION_KEY, session_scope, utcnow

log = logging.getLogger("imapdash.audit")

_SECRET_WORDS = ("password", "passwd", "secret", "token", "cookie", "csrf")
_MAX_TEXT = 300


def clean_text(value: object, limit: int = _MAX_TEXT) -> str:
    """Return `value` as one line of at most `limit` characters."""
    text = str(value)
    for char in ("\r", "\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"):
        text = text.replace(char, " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clean_detail(detail: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in detail.items():
        name = clean_text(key, 64)
        if any(word in name.lower() for word in _SECRET_WORDS):
            continue
        if value is None or isinstance(value, bool | int | float):
            cleaned[name] = value
        else:
            cleaned[name] = clean_text(value)
    return cleaned


def _request_actor() -> str:
    if getattr(flask.current_app, "login_manager", None) is None:
        return "anonymous"
    if current_user.is_authenticated:
        return str(current_user.username)
    return "anonymous"


def record(
    action: str,
    target: str = "",
    detail: Mapping[str, Any] | None = None,
    *,
    actor: str | None = None,
    engine: Engine | None = None,
) -> None:
    """Append one audit event.

    Inside a request the actor is the logged-in username (or "anonymous") and the client IP and
    user agent are added to `detail`. Outside a request pass `actor` and `engine` (the CLI does).
    """
    info: dict[str, Any] = dict(detail or {})
    in_request = flask.has_request_context()
    if in_request:
        info.setdefault("ip", flask.request.remote_addr or "")
        info.setdefault("user_agent", flask.request.user_agent.string)
    who = clean_text(actor if actor is not None else (_request_actor() if in_request else "system"))
    what = clean_text(action, 64)
    on = clean_text(target, 500)
    details = _clean_detail(info)
    at = utcnow()
    log.info(
        json.dumps(
            {"at": at.isoformat(), "actor": who, "action": what, "target": on, "detail": details},
            ensure_ascii=False,
        )
    )
    if engine is None and (not flask.has_app_context() or EXTENSION_KEY not in flask.current_app.extensions):
        return
    try:
        with session_scope(engine=engine) as session:
            session.add(
                AuditEvent(
                    at=at,
                    actor=who,
                    action=what,
                    target=on,
                    detail=json.dumps(details, ensure_ascii=False, sort_keys=True),
                )
            )
    except Exception:
        # The log line above already holds the event; a failing audit write must not turn a
        # refusal (403/429) into a 500 or block a logout.
        log.exception("could not store audit event %s for %s", what, who)


def add_event(db: Session, actor: str, action: str, target: str, detail: Mapping[str, Any]) -> AuditEvent:
    """Add an audit event inside the caller's transaction, so it commits or rolls back with the change."""
    event = AuditEvent(
        at=utcnow(),
        actor=clean_text(actor),
        action=clean_text(action, 64),
        target=clean_text(target, 500),
        detail=json.dumps(dict(detail), ensure_ascii=False, sort_keys=True),
    )
    db.add(event)
    log.info("audit %s %s by %s: %s", event.action, event.target, event.actor, event.detail)
    return event
