"""Account and audit tables: `User` (partner accounts) and the append-only `AuditEvent`."""

from __future__ import annotations

import re
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import DDL, CheckConstraint, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from imapdash.db import Base, UTCDateTime, utcnow

ADMIN = "admin"
PARTNER_AGENCY = "partner_agency"
FOCAL_POINT = "focal_point"
ROLES = (ADMIN, PARTNER_AGENCY, FOCAL_POINT)

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]{2,63}$")
ISO3_RE = re.compile(r"^[A-Z]{3}$")


class AccountError(ValueError):
    """A user attribute is invalid (unknown role, bad country code, bad username...)."""


def normalise_username(raw: str) -> str:
    """Usernames compare case-insensitively: they are stored stripped and lower-cased."""
    return raw.strip().lower()


def validate_account(username: str, role: str, country_iso3: str | None) -> None:
    """Raise AccountError when the username, role or country binding is not acceptable."""
    if not USERNAME_RE.match(username):
        raise AccountError("username must be 3-64 characters: letters, digits, '.', '_', '@' or '-'")
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    if role == FOCAL_POINT and not country_iso3:
        raise AccountError("role focal_point requires a country (ISO3 code, e.g. NER)")
    if country_iso3 is not None and not ISO3_RE.match(country_iso3):
        raise AccountError(f"country {country_iso3!r} is not an upper-case ISO3 code")


class User(UserMixin, Base):
    """A partner account; flask-login's user object."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES!r}", name="ck_users_role"),
        CheckConstraint(
            f"role != '{FOCAL_POINT}' OR country_iso3 IS NOT NULL",
            name="ck_users_focal_point_country",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    role: Mapped[str] = mapped_column(String(32), nullable=False)
    country_iso3: Mapped[str | None] = mapped_column(String(3), nullable=True)
    organisation: Mapped[str | None] = mapped_column(String(200), nullable=True)
    active: Mapped[bool] = mapped_column(default=True, nullable=False)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    session_version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    def get_id(self) -> str:
        """Session identity; the version part lets logout and password change revoke cookies."""
        return f"{self.id}:{self.session_version}"

    def is_expired(self, now: datetime | None = None) -> bool:
        """True once `expires_at` has passed."""
        return self.expires_at is not None and self.expires_at <= (now or utcnow())

    @property
    def is_active(self) -> bool:
        """Disabled or expired accounts cannot log in and lose their sessions."""
        return bool(self.active) and not self.is_expired()

    def __repr__(self) -> str:
        return f"<User {self.username!r} role={self.role!r}>"


class AuditEvent(Base):
    """One security-relevant event; rows are never updated or deleted."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)
    actor: Mapped[str] = mapped_column(String(200), nullable=False)
    action: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    target: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    detail: Mapped[str] = mapped_column(Text, nullable=False, default="{}")


def _refuse_change(mapper: object, connection: object, target: AuditEvent) -> None:
    raise RuntimeError("audit events are append-only")


event.listen(AuditEvent, "before_update", _refuse_change)
event.listen(AuditEvent, "before_delete", _refuse_change)

# The ORM hooks above stop mistakes in our code; the triggers stop them in raw SQL too.
for _verb in ("UPDATE", "DELETE"):
    event.listen(
        AuditEvent.__table__,
        "after_create",
        DDL(
            f"CREATE TRIGGER audit_events_no_{_verb.lower()} BEFORE {_verb} ON audit_events "
            "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
        ).execute_if(dialect="sqlite"),
    )
event.listen(
    AuditEvent.__table__,
    "after_create",
    DDL(
        "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'audit events are append-only'; END $$; "
        "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
    ).execute_if(dialect="postgresql"),
)
