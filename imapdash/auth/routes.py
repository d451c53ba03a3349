"""Login, logout and password-change pages: plain Flask routes with server-rendered forms.

Plain routes rather than Dash callbacks so that CSRF tokens (Flask-WTF forms, on these views only;
Dash's JSON callback route needs none, see notes B6) and per-route login limits apply (notes B8).

- `GET/POST /login`: same message for unknown user, wrong password, disabled or expired account;
  unknown users are verified against a dummy hash so they take as long as known ones. Failed
  attempts count per client IP and per submitted username; over the limit the page answers 429
  "Too many login attempts, try again in N minutes" before any password is checked. On success the
  session is cleared and reissued, and `next` is followed only when it is a local path.
- `GET /logout` shows a confirmation form; `POST /logout` increments the user's `session_version`
  so copies of the old session cookie stop working, then clears the session.
- `GET/POST /account/password` needs the current password; the change revokes other sessions.

Language: `?lang=`, else the `lang` cookie, else the browser's Accept-Language (English by default).
Pages render `<html lang dir>` and their text from the `auth` catalogue; messages are kept as English
constants (and logged so) and translated only when rendered, so every language still shows exactly
one generic message for unknown users and wrong passwords.
"""

from __future__ import annotations

import math
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import flask
from flask import Blueprint, render_template, request, session
from flask_limiter import Limiter
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from limits import RateLimitItem, parse_many
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import InputRequired, Length

from imapdash.auth import audit
from imapdash.auth.config import AuthConfig
from imapdash.auth.models import User, normalise_username
from imapdash.auth.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from imapdash.db import session_scope, utcnow
from imapdash.i18n import LANGUAGES, catalogue, direction, normalise_language, t

STATE_KEY = "imapdash.auth"
AUTH_AT = "_imapdash_auth_at"
SEEN_AT = "_imapdash_seen_at"
GENERIC_LOGIN_ERROR = "Incorrect username or password."
FORM_EXPIRED = "The form has expired. Please try again."
# English messages (constants, audit log) -> catalogue keys, translated when a page is rendered.
MESSAGE_KEYS = {
    GENERIC_LOGIN_ERROR: "auth.error.generic",
    FORM_EXPIRED: "auth.error.form_expired",
    "Fill in all three fields.": "auth.error.fill_all",
    "The current password is not correct.": "auth.error.current_wrong",
    "The two new passwords do not match.": "auth.error.mismatch",
    "The new password must differ from the current one.": "auth.error.same",
    "Password changed. Other sessions have been signed out.": "auth.notice.password_changed",
    "You have been signed out.": "auth.notice.signed_out",
    "Please fill in every field.": "auth.error.fill_every",
    "Thank you. An administrator will review your request and contact you by e-mail.": "auth.notice.request_sent",
}
_TOO_MANY = re.compile(r"^Too many (login )?attempts, try again in (\d+) minutes?\.$")
# Writing the last-seen time on every request would reissue the cookie on every callback.
SEEN_RESOLUTION_SECONDS = 60
# Longer inputs are certainly wrong; refusing them early spares the hasher.
MAX_LOGIN_FIELD = 1024
# Used when the assets folder is missing; paths are relative to Dash's /assets/ URL.
DEFAULT_STYLESHEETS = ("vendor/bootstrap.min.css", "imapdash.css")

bp = Blueprint("auth", __name__, template_folder="templates")

_USER_ID = re.compile(r"[0-9]{1,18}:[0-9]{1,18}")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


class LoginForm(FlaskForm):
    """Username and password; `next` is the local path to return to."""

    username = StringField(validators=[InputRequired(), Length(max=MAX_LOGIN_FIELD)])
    password = PasswordField(validators=[InputRequired(), Length(max=MAX_LOGIN_FIELD)])
    next = HiddenField()


class LogoutForm(FlaskForm):
    """Only a CSRF token: logging someone out must be their own decision."""


class PasswordChangeForm(FlaskForm):
    """Current password plus the new one twice."""

    current_password = PasswordField(validators=[InputRequired(), Length(max=MAX_LOGIN_FIELD)])
    new_password = PasswordField(validators=[InputRequired(), Length(max=MAX_LOGIN_FIELD)])
    confirm_password = PasswordField(validators=[InputRequired(), Length(max=MAX_LOGIN_FIELD)])


# Failed logins of one account from *every* client together. Far above what one client may try (the
# per-IP limit), so a single client can never lock a partner out; it only stops a wide botnet.
ACCOUNT_CEILING = "200 per 15 minutes"


class LoginThrottle:
    """Counts failed logins per client IP and per (username, client IP) in Flask-Limiter's storage.

    The username limit is keyed on the pair (issue 16): keyed on the username alone, anyone could lock
    an account for 15 minutes with a few wrong passwords (say, a partner before a meeting). Now the
    attacker's own client is refused while the partner, from another address, still logs in. A wide
    attack from many addresses still meets the per-IP limit on each and ACCOUNT_CEILING overall.
    """

    def __init__(self, limiter: Limiter, config: AuthConfig) -> None:
        self._limiter = limiter
        self._ip_items: list[RateLimitItem] = parse_many(config.login_limit_ip)
        self._user_items: list[RateLimitItem] = parse_many(config.login_limit_user)
        self._account_items: list[RateLimitItem] = parse_many(ACCOUNT_CEILING)

    def _keys(self, ip: str, username: str) -> list[tuple[RateLimitItem, str, str]]:
        keys = [(item, "login-ip", ip or "-") for item in self._ip_items]
        if username:
            keys += [(item, "login-user", f"{username}|{ip or '-'}") for item in self._user_items]
            keys += [(item, "login-account", username) for item in self._account_items]
        return keys

    def retry_after(self, ip: str, username: str) -> int | None:
        """Seconds until the next attempt is allowed, or None when it is allowed now."""
        strategy = self._limiter.limiter
        waits = [
            strategy.get_window_stats(item, scope, key).reset_time - time.time()
            for item, scope, key in self._keys(ip, username)
            if not strategy.test(item, scope, key)
        ]
        return max(1, math.ceil(max(waits))) if waits else None

    def failed(self, ip: str, username: str) -> None:
        """Count one failed attempt against the IP and the username."""
        for item, scope, key in self._keys(ip, username):
            self._limiter.limiter.hit(item, scope, key)

    def succeeded(self, username: str, ip: str = "") -> None:
        """A correct password clears the (username, client) counter (never the IP's or the account's)."""
        for item in self._user_items:
            self._limiter.limiter.clear(item, "login-user", f"{username}|{ip or '-'}")


@dataclass(frozen=True)
class AuthState:
    """Per-app auth objects, kept in `server.extensions["imapdash.auth"]`."""

    config: AuthConfig
    limiter: Limiter
    throttle: LoginThrottle
    stylesheets: tuple[str, ...] = DEFAULT_STYLESHEETS


def find_stylesheets(assets_dir: Path) -> tuple[str, ...]:
    """CSS files under `assets_dir`, in the order Dash links them, so these pages look the same."""
    if not assets_dir.is_dir():
        return DEFAULT_STYLESHEETS
    found = [
        (Path(current) / name).relative_to(assets_dir).as_posix()
        for current, _dirs, files in sorted(os.walk(assets_dir))
        for name in sorted(files)
        if name.endswith(".css")
    ]
    return tuple(found) or DEFAULT_STYLESHEETS


def _state() -> AuthState:
    return flask.current_app.extensions[STATE_KEY]


def request_language() -> str:
    """The page language: `?lang=`, else the `lang` cookie, else Accept-Language, else English."""
    chosen = request.args.get("lang") or request.cookies.get("lang")
    if chosen:
        return normalise_language(chosen)
    return normalise_language(request.accept_languages.best_match(list(LANGUAGES)))


def translate_message(text: str | None, lang: str) -> str | None:
    """A page message in `lang`: known English messages are translated, others are shown as they are."""
    if not text:
        return text
    key = MESSAGE_KEYS.get(text)
    if key:
        return t(key, lang)
    match = _TOO_MANY.match(text)
    if match:
        prefix = "auth.error.too_many_login" if match.group(1) else "auth.error.too_many"
        minutes = int(match.group(2))
        return t(prefix + "_one", lang) if minutes == 1 else t(prefix, lang, minutes=minutes)
    return text


@bp.context_processor
def _template_context() -> dict[str, Any]:
    return {"auth_stylesheets": _state().stylesheets}


@bp.app_context_processor
def _language_context() -> dict[str, Any]:
    """Language, direction and a translator for every server-rendered page (auth and partner forms)."""
    if not flask.has_request_context():
        return {}
    lang = request_language()

    def tr(key: str, **values: object) -> str:
        return t(key, lang, **values) if key in catalogue(lang) else key

    return {
        "lang": lang,
        "dir": direction(lang),
        "tr": tr,
        "message": lambda text: translate_message(text, lang),
        "lang_query": f"?lang={lang}" if request.args.get("lang") else "",
    }


def safe_next(target: str | None, default: str = "/") -> str:
    """Return `target` if it is a path on this site, else `default` (no open redirects)."""
    if not target or not isinstance(target, str) or len(target) > 2000:
        return default
    if _CONTROL.search(target) or "\\" in target:
        return default
    if not target.startswith("/") or target.startswith("//"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def load_user(user_id: str) -> User | None:
    """flask-login user_loader: the stored version must match, and the account must be usable."""
    if not _USER_ID.fullmatch(user_id or ""):
        return None
    id_part, _, version_part = user_id.partition(":")
    with session_scope() as db:
        user = db.get(User, int(id_part))
    if user is None or user.session_version != int(version_part) or not user.is_active:
        return None
    return user


def start_session(user: User) -> None:
    """Replace whatever session the browser had with a fresh one for `user` (ASVS V7.2.4)."""
    session.clear()
    login_user(user)
    session.permanent = True
    now = time.time()
    session[AUTH_AT] = now
    session[SEEN_AT] = now


def end_session() -> None:
    """Forget the login in this browser (the caller revokes copies by bumping the version)."""
    logout_user()
    session.clear()


def enforce_session_timeouts() -> None:
    """before_request: log out sessions past the absolute lifetime or idle for too long."""
    if "_user_id" not in session:
        return
    config = _state().config
    now = time.time()
    auth_at = session.get(AUTH_AT)
    seen_at = session.get(SEEN_AT)
    reason = None
    if not isinstance(auth_at, int | float) or now - auth_at > config.session_hours * 3600:
        reason = "absolute"
    elif not isinstance(seen_at, int | float) or now - seen_at > config.idle_minutes * 60:
        reason = "idle"
    if reason:
        audit.record("session.expired", "", {"reason": reason})
        end_session()
        return
    if isinstance(seen_at, int | float) and now - seen_at >= SEEN_RESOLUTION_SECONDS:
        session[SEEN_AT] = now


def _render(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    return render_template(template, **context), status


def _too_many(seconds: int, **context: Any) -> Response:
    minutes = max(1, math.ceil(seconds / 60))
    unit = "minute" if minutes == 1 else "minutes"
    body, status = _render(
        "auth/login.html",
        429,
        error=f"Too many login attempts, try again in {minutes} {unit}.",
        **context,
    )
    response = flask.make_response(body, status)
    response.headers["Retry-After"] = str(seconds)
    return response


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Show the sign-in form and check submitted credentials."""
    form = LoginForm()
    if request.method == "GET":
        target = safe_next(request.args.get("next"))
        if current_user.is_authenticated:
            return flask.redirect(target)
        form.next.data = target
        return _render("auth/login.html", form=form)

    form.next.data = safe_next(form.next.data)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            return _render("auth/login.html", 400, form=form, error=FORM_EXPIRED)
        return _render("auth/login.html", form=form, error=GENERIC_LOGIN_ERROR)

    username = normalise_username(form.username.data)[:MAX_LOGIN_FIELD]
    password = form.password.data
    ip = request.remote_addr or ""
    throttle = _state().throttle
    wait = throttle.retry_after(ip, username)
    if wait is not None:
        audit.record("login.limited", username, {"retry_after_s": wait})
        return _too_many(wait, form=form)

    with session_scope() as db:
        user = db.scalars(select(User).where(User.username == username)).one_or_none()
        password_ok = verify_password(user.password_hash if user else None, password)
        reason = None
        if user is None:
            reason = "unknown user"
        elif not password_ok:
            reason = "wrong password"
        elif not user.active:
            reason = "disabled"
        elif user.is_expired():
            reason = "expired"
        rehashed = False
        if user is not None and reason is None:
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
                rehashed = True
            user.last_login_at = utcnow()

    if reason is not None or user is None:  # no reason means the user was found
        throttle.failed(ip, username)
        audit.record("login.failure", username, {"reason": reason}, actor="anonymous")
        return _render("auth/login.html", form=form, error=GENERIC_LOGIN_ERROR)

    throttle.succeeded(username, ip)
    start_session(user)
    audit.record("login.success", username, {"rehashed": rehashed}, actor=username)
    return flask.redirect(form.next.data)


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> Any:
    """GET asks for confirmation; POST signs out and revokes the session cookie everywhere."""
    form = LogoutForm()
    if request.method == "GET":
        return _render("auth/logout.html", form=form)
    if not form.validate_on_submit():
        return _render("auth/logout.html", 400, form=form, error=FORM_EXPIRED)
    if current_user.is_authenticated:
        username = current_user.username
        with session_scope() as db:
            user = db.get(User, current_user.id)
            if user is not None:
                user.session_version += 1
        audit.record("logout", username, actor=username)
    end_session()
    lang = request_language()
    return _render(
        "auth/message.html",
        heading=t("auth.signed_out", lang),
        notice="You have been signed out.",
        link_url=flask.url_for("auth.login", **_lang_args(lang)),
        link_text=t("auth.sign_in_again", lang),
    )


def _lang_args(lang: str) -> dict[str, Any]:
    """`?lang=` for a link when the page itself was asked for in a language."""
    return {"lang": lang} if request.args.get("lang") else {}


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Any:
    """Change the signed-in user's password; every other session is revoked."""
    form = PasswordChangeForm()
    context: dict[str, Any] = {"form": form, "min_length": MIN_LENGTH, "max_length": MAX_LENGTH}
    if request.method == "GET":
        return _render("auth/password.html", **context)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            return _render("auth/password.html", 400, error=FORM_EXPIRED, **context)
        return _render("auth/password.html", error="Fill in all three fields.", **context)

    username = current_user.username
    ip = request.remote_addr or ""
    throttle = _state().throttle
    wait = throttle.retry_after(ip, username)
    if wait is not None:
        audit.record("login.limited", username, {"retry_after_s": wait, "view": "password"})
        minutes = max(1, math.ceil(wait / 60))
        limited = f"Too many attempts, try again in {minutes} minute{'s' if minutes != 1 else ''}."
        return _render("auth/password.html", 429, error=limited, **context)

    new = form.new_password.data
    error: str | None = None
    with session_scope() as db:
        user = db.get(User, current_user.id)
        if user is None or not verify_password(user.password_hash, form.current_password.data):
            error = "The current password is not correct."
        elif new != form.confirm_password.data:
            error = "The two new passwords do not match."
        elif new == form.current_password.data:
            error = "The new password must differ from the current one."
        else:
            error = password_problem(new, username=user.username)
        if error is None and user is not None:
            user.password_hash = hash_password(new)
            user.session_version += 1

    if error is not None or user is None:
        reason = error or "The current password is not correct."  # (a missing user always has an error)
        if reason.startswith("The current password"):
            throttle.failed(ip, username)
        audit.record("password.change_failed", username, {"reason": reason})
        return _render("auth/password.html", error=reason, **context)

    start_session(user)
    audit.record("password.changed", username)
    return _render(
        "auth/password.html",
        notice="Password changed. Other sessions have been signed out.",
        **context,
    )


def unauthorized() -> Response:
    """flask-login's handler for @login_required: back to /login with a local `next`."""
    target = request.full_path if request.query_string else request.path
    return flask.redirect(flask.url_for("auth.login", next=target))
