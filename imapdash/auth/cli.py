"""`python -m imapdash users ...`: add, list, disable, enable and reset partner accounts.

`register(subparsers)` adds the `users` command to the main parser; each leaf sets `args.func`,
which takes the parsed `args` and returns the process exit code (0 ok, 1 error with a one-line
message on stderr). The commands open the database named by `Settings.from_env()` (or
`args.settings` when set) without building the Flask app. New passwords come from
`Settings.cli_password` (the IMAPDASH_PASSWORD environment variable, for scripts) when set, otherwise from a
prompt shown twice.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine, select

from imapdash.auth import audit
from imapdash.auth.models import ROLES, AccountError, User, normalise_username, validate_account
from imapdash.auth.passwords import hash_password, password_problem
from imapdash.db import open_engine, session_scope, utcnow
from imapdash.settings import Settings


class CommandError(Exception):
    """A user-facing error: printed as one line, exit code 1."""


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _read_password(username: str, settings: Settings) -> str:
    password = settings.cli_password
    if password is None:
        password = getpass.getpass(f"New password for {username}: ")
        if getpass.getpass("Repeat the password: ") != password:
            raise CommandError("the two passwords do not match")
    problem = password_problem(password, username=username)
    if problem:
        raise CommandError(problem)
    return password


def _parse_expiry(raw: str | None) -> datetime | None:
    """`YYYY-MM-DD` means valid through that day (UTC): the account expires at the next midnight."""
    if raw is None:
        return None
    try:
        last_day = date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"--expires {raw!r}: expected a date as YYYY-MM-DD") from None
    expires_at = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=UTC)
    if expires_at <= utcnow():
        raise CommandError(f"--expires {raw}: the date is in the past")
    return expires_at


def _find(db: Any, username: str) -> User:
    user = db.scalars(select(User).where(User.username == username)).one_or_none()
    if user is None:
        raise CommandError(f"no user named {username!r}")
    return user


def add_user(args: argparse.Namespace, engine: Engine) -> None:
    """Create an account."""
    username = normalise_username(args.name)
    role = args.role
    country = args.country.strip().upper() if args.country else None
    organisation = args.organisation.strip() if args.organisation else None
    try:
        validate_account(username, role, country)
    except AccountError as err:
        raise CommandError(str(err)) from None
    expires_at = _parse_expiry(args.expires)
    with session_scope(engine=engine) as db:
        if db.scalars(select(User.id).where(User.username == username)).first() is not None:
            raise CommandError(f"user {username!r} already exists")
    password = _read_password(username, args.settings)
    with session_scope(engine=engine) as db:
        db.add(
            User(
                username=username,
                password_hash=hash_password(password, profile=args.settings.argon2_profile),
                role=role,
                country_iso3=country,
                organisation=organisation,
                expires_at=expires_at,
            )
        )
    audit.record(
        "user.added",
        username,
        {
            "role": role,
            "country": country,
            "organisation": organisation,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
        actor=_actor(),
        engine=engine,
    )
    _say(f"added {username} ({role})")


def list_users(args: argparse.Namespace, engine: Engine) -> None:
    """Print one line per account."""
    with session_scope(engine=engine) as db:
        users = db.scalars(select(User).order_by(User.username)).all()
    header = ("username", "role", "country", "organisation", "status", "last day", "last login")
    rows = [header]
    for user in users:
        status = "active" if user.active else "disabled"
        if user.active and user.is_expired():
            status = "expired"
        rows.append(
            (
                user.username,
                user.role,
                user.country_iso3 or "-",
                user.organisation or "-",
                status,
                (user.expires_at - timedelta(seconds=1)).date().isoformat() if user.expires_at else "-",
                user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "-",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        _say("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def _set_active(args: argparse.Namespace, engine: Engine, active: bool) -> None:
    username = normalise_username(args.name)
    with session_scope(engine=engine) as db:
        user = _find(db, username)
        user.active = active
        # a disabled account loses its sessions at once, not at their next timeout
        user.session_version += 1
    action = "user.enabled" if active else "user.disabled"
    audit.record(action, username, actor=_actor(), engine=engine)
    _say(f"{'enabled' if active else 'disabled'} {username}")


def disable_user(args: argparse.Namespace, engine: Engine) -> None:
    """Block an account and end its sessions."""
    _set_active(args, engine, False)


def enable_user(args: argparse.Namespace, engine: Engine) -> None:
    """Allow a disabled account to log in again."""
    _set_active(args, engine, True)


def reset_password(args: argparse.Namespace, engine: Engine) -> None:
    """Set a new password and end the account's sessions."""
    username = normalise_username(args.name)
    with session_scope(engine=engine) as db:
        _find(db, username)
    password = _read_password(username, args.settings)
    with session_scope(engine=engine) as db:
        user = _find(db, username)
        user.password_hash = hash_password(password, profile=args.settings.argon2_profile)
        user.session_version += 1
    audit.record("user.password_reset", username, actor=_actor(), engine=engine)
    _say(f"password reset for {username}")


def _command(action: Callable[[argparse.Namespace, Engine], None]) -> Callable[..., int]:
    """Wrap `action` with engine set-up and the error-to-exit-code rule."""

    def run(args: argparse.Namespace) -> int:
        settings = getattr(args, "settings", None) or Settings.from_env()
        args.settings = settings
        engine = open_engine(settings.database_url)
        try:
            action(args, engine)
        except CommandError as err:
            sys.stderr.write(f"error: {err}\n")
            return 1
        finally:
            engine.dispose()
        return 0

    run.__name__ = action.__name__
    run.__doc__ = action.__doc__
    return run


cmd_add = _command(add_user)
cmd_list = _command(list_users)
cmd_disable = _command(disable_user)
cmd_enable = _command(enable_user)
cmd_reset_password = _command(reset_password)


def register(subparsers: Any) -> None:
    """Add `users add|list|disable|enable|reset-password` to the `python -m imapdash` parser."""
    users = subparsers.add_parser("users", help="manage partner accounts")
    commands = users.add_subparsers(dest="users_command", metavar="COMMAND", required=True)

    add = commands.add_parser("add", help="create an account (password from IMAPDASH_PASSWORD or a prompt)")
    add.add_argument("name", help="username (case-insensitive)")
    add.add_argument("--role", required=True, help=f"one of {', '.join(ROLES)}")
    add.add_argument("--country", help="ISO3 code; required for focal_point")
    add.add_argument("--organisation", help="agency or ministry name")
    add.add_argument("--expires", metavar="YYYY-MM-DD", help="last day the account may log in")
    add.set_defaults(func=cmd_add)

    commands.add_parser("list", help="show all accounts").set_defaults(func=cmd_list)

    for name, func, text in (
        ("disable", cmd_disable, "block an account and end its sessions"),
        ("enable", cmd_enable, "allow a disabled account again"),
        ("reset-password", cmd_reset_password, "set a new password and end its sessions"),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("name", help="username")
        sub.set_defaults(func=func)
