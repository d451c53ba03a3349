"""Partner accounts: login, sessions, roles and guards for the partner area.

`init_app(server, settings)` wires everything into the Flask server (call it after
`imapdash.db.init_db(server, settings)`):

- flask-login with `session_protection="strong"`; the user id in the session is
  "<id>:<session_version>", so bumping the version (logout, password change, disabling) revokes
  every copy of the cookie (ASVS V7.4.1). There is no remember-me cookie.
- Session cookie: HttpOnly, SameSite=Lax, Secure when `settings.https`; permanent with an absolute
  lifetime (IMAPDASH_SESSION_HOURS, default 8 h) and an idle timeout
  (IMAPDASH_SESSION_IDLE_MINUTES, default 30 min) enforced before every request. Dash pages that
  poll (dcc.Interval) keep a session alive.
- CSRF tokens on the login, logout and password forms only (Flask-WTF forms, not a global
  CSRFProtect): Dash's JSON callback route keeps working.
- Failed-login limits per client IP and per username (Flask-Limiter storage, memory or
  IMAPDASH_REDIS_URL). The client IP is `request.remote_addr`: behind a reverse proxy the factory
  must apply werkzeug's ProxyFix, or every user shares the proxy's bucket.
- The request-layer callback guard (`guards.install_callback_guard`).

See `imapdash.auth.config` for every environment variable.
"""

from __future__ import annotations

from datetime import timedelta

import flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager

from imapdash.auth import guards, passwords, routes
from imapdash.auth.config import AuthConfig
from imapdash.settings import Settings

__all__ = ["AuthConfig", "init_app"]


def init_app(server: flask.Flask, settings: Settings, *, config: AuthConfig | None = None) -> None:
    """Install login, session rules, login limits and the callback guard on `server`."""
    config = config or AuthConfig.from_settings(settings)
    if not server.secret_key:
        server.secret_key = settings.secret_key
    lifetime = timedelta(hours=config.session_hours)
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.https,
        PERMANENT_SESSION_LIFETIME=lifetime,
        # login_user is never called with remember=True; these only harden a cookie we don't set
        REMEMBER_COOKIE_DURATION=lifetime,
        REMEMBER_COOKIE_SECURE=settings.https,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
    )

    login_manager = LoginManager()
    login_manager.session_protection = "strong"
    login_manager.user_loader(routes.load_user)
    login_manager.unauthorized_handler(routes.unauthorized)
    login_manager.init_app(server)

    limiter = Limiter(
        get_remote_address,
        storage_uri=config.redis_url or "memory://",
        strategy="moving-window",
        key_prefix="imapdash",
    )
    limiter.init_app(server)
    server.extensions[routes.STATE_KEY] = routes.AuthState(
        config=config,
        limiter=limiter,
        throttle=routes.LoginThrottle(limiter, config),
        stylesheets=routes.find_stylesheets(settings.assets_dir),
    )

    server.register_blueprint(routes.bp)
    server.config[passwords.PROFILE_CONFIG] = config.argon2_profile
    passwords.warm_up(config.argon2_profile)
    # order matters: expire stale sessions before the guard looks at the user
    server.before_request(routes.enforce_session_timeouts)
    guards.install_callback_guard(server)
