"""Access requests: a visitor asks for a partner account; an admin approves (role + expiry) or declines.

The visitor's form is a plain Flask route with a CSRF token and a rate limit (like the login page,
notes B6/B8). Approval creates the account in the same transaction as the decision and returns a
one-time password for the admin to pass on; only its argon2 hash is stored.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, date, datetime, time

import flask
from flask_wtf import FlaskForm
from sqlalchemy import Engine, select
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from imapdash.auth.audit import add_event as audit_event
from imapdash.auth.audit import clean_text
from imapdash.auth.models import FOCAL_POINT, ROLES, User, normalise_username, validate_account
from imapdash.auth.passwords import hash_password
from imapdash.db import get_engine, session_scope, utcnow
from imapdash.partner.models import APPROVED, PENDING, AccessRequest

DECLINED = "declined"
MAX_PENDING = 500
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$")


class AccessRequestForm(FlaskForm):
    """Who asks, for which organisation and why."""

    name = StringField("Your name", validators=[InputRequired(), Length(max=200)])
    email = StringField("Work e-mail", validators=[InputRequired(), Length(max=200)])
    organisation = StringField("Organisation", validators=[InputRequired(), Length(max=200)])
    purpose = TextAreaField("What will you use the partner data for?", validators=[InputRequired(), Length(max=2000)])


def create_request(engine: Engine, *, name: str, email: str, organisation: str, purpose: str) -> int:
    """Store a pending request; ValueError for an invalid e-mail or when too many are pending."""
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise ValueError("Enter a valid e-mail address.")
    with session_scope(engine=engine) as db:
        pending = db.scalars(select(AccessRequest.id).where(AccessRequest.status == PENDING)).all()
        if len(pending) >= MAX_PENDING:
            raise ValueError("Too many requests are waiting; please try again later.")
        request = AccessRequest(
            name=clean_text(name, 200),
            email=email,
            organisation=clean_text(organisation, 200),
            purpose=clean_text(purpose, 2000),
            status=PENDING,
        )
        db.add(request)
        db.flush()
        audit_event(
            db,
            "anonymous",
            "access_request.created",
            f"access_request/{request.id}",
            {"organisation": request.organisation},
        )
        return request.id


def list_requests(engine: Engine) -> list[dict]:
    """Every request, pending first, newest first."""
    with session_scope(engine=engine) as db:
        rows = db.scalars(select(AccessRequest).order_by((AccessRequest.status != PENDING), AccessRequest.id.desc()))
        return [
            {
                "id": r.id,
                "name": r.name,
                "email": r.email,
                "organisation": r.organisation,
                "purpose": r.purpose,
                "status": r.status,
                "created_at": r.created_at.isoformat(timespec="seconds"),
                "role": r.role,
                "expires_at": r.expires_at.date().isoformat() if r.expires_at else None,
            }
            for r in rows
        ]


def approve_request(
    engine: Engine,
    request_id: int,
    *,
    admin: str,
    role: str,
    expires_on: date,
    country_iso3: str | None = None,
    today: date | None = None,
) -> tuple[str, str]:
    """Create the account (username = e-mail) and return (username, one-time password)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    if expires_on <= (today or utcnow().date()):
        raise ValueError("the expiry date must be in the future")
    if role == FOCAL_POINT and not country_iso3:
        raise ValueError("a focal point needs a country")
    password = secrets.token_urlsafe(15)
    with session_scope(engine=engine) as db:
        request = db.get(AccessRequest, request_id)
        if request is None or request.status != PENDING:
            raise ValueError(f"request {request_id} is not pending")
        username = normalise_username(request.email)
        validate_account(username, role, country_iso3)
        if db.scalars(select(User.id).where(User.username == username)).first() is not None:
            raise ValueError(f"an account {username} already exists")
        expires_at = datetime.combine(expires_on, time(23, 59, 59), tzinfo=UTC)
        db.add(
            User(
                username=username,
                role=role,
                country_iso3=country_iso3,
                organisation=request.organisation,
                password_hash=hash_password(password),
                expires_at=expires_at,
            )
        )
        request.status, request.role, request.expires_at = APPROVED, role, expires_at
        request.decided_by, request.decided_at = admin, utcnow()
        audit_event(
            db,
            admin,
            "access_request.approved",
            f"access_request/{request_id}",
            {"username": username, "role": role, "expires": expires_on.isoformat(), "country": country_iso3},
        )
        audit_event(db, admin, "user.added", username, {"role": role, "via": "access request"})
    return username, password


def decline_request(engine: Engine, request_id: int, *, admin: str) -> None:
    """Decline a pending request."""
    with session_scope(engine=engine) as db:
        request = db.get(AccessRequest, request_id)
        if request is None or request.status != PENDING:
            raise ValueError(f"request {request_id} is not pending")
        request.status, request.decided_by, request.decided_at = DECLINED, admin, utcnow()
        audit_event(db, admin, "access_request.declined", f"access_request/{request_id}", {})


def request_access() -> tuple[str, int]:
    """The visitor's form (CSRF-protected; `imapdash.partner.routes` adds the rate limit)."""
    form = AccessRequestForm()
    context = {"form": form, "auth_stylesheets": flask.current_app.extensions["imapdash.auth"].stylesheets}
    if flask.request.method == "POST":
        if not form.validate_on_submit():
            return flask.render_template(
                "partner/request_access.html", error="Please fill in every field.", **context
            ), 400
        try:
            create_request(
                get_engine(),
                name=form.name.data,
                email=form.email.data,
                organisation=form.organisation.data,
                purpose=form.purpose.data,
            )
        except ValueError as exc:
            return flask.render_template("partner/request_access.html", error=str(exc), **context), 400
        notice = "Thank you. An administrator will review your request and contact you by e-mail."
        return flask.render_template("partner/request_access.html", notice=notice, **context), 200
    return flask.render_template("partner/request_access.html", **context), 200
