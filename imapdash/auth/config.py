"""Auth settings read from IMAPDASH_* environment variables (session timeouts, login limits).

| variable | default | meaning |
|---|---|---|
| IMAPDASH_SESSION_HOURS | 8 | absolute session lifetime after login |
| IMAPDASH_SESSION_IDLE_MINUTES | 30 | logged out after this long without a request |
| IMAPDASH_LOGIN_LIMIT_IP | 20 per 15 minutes | failed logins allowed per client IP |
| IMAPDASH_LOGIN_LIMIT_USER | 10 per 15 minutes | failed logins allowed per submitted username |
| IMAPDASH_REDIS_URL | (unset: in-process memory) | shared rate-limit storage for several workers |
| IMAPDASH_ARGON2_PROFILE | (unset: production) | `test` = cheap hashes, for the test suite only |

Limits use the `limits` notation ("10 per 15 minutes", several separated by ";"). In-memory
counters are per process: run one worker or set IMAPDASH_REDIS_URL (needs the `redis` package).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from limits import parse_many

from imapdash.settings import SettingsError


def _positive(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r}: expected a number") from None
    if value <= 0:
        raise SettingsError(f"{name}={raw!r}: expected a number above 0")
    return value


def _limit(env: Mapping[str, str], name: str, default: str) -> str:
    raw = env.get(name, "").strip() or default
    try:
        parse_many(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r}: expected e.g. '10 per 15 minutes'") from None
    return raw


@dataclass(frozen=True)
class AuthConfig:
    """Session timeouts and login rate limits."""

    session_hours: float = 8.0
    idle_minutes: float = 30.0
    login_limit_ip: str = "20 per 15 minutes"
    login_limit_user: str = "10 per 15 minutes"
    redis_url: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> AuthConfig:
        """Read the variables in the module docstring; unset ones keep the defaults."""
        env = os.environ if env is None else env
        return cls(
            session_hours=_positive(env, "IMAPDASH_SESSION_HOURS", cls.session_hours),
            idle_minutes=_positive(env, "IMAPDASH_SESSION_IDLE_MINUTES", cls.idle_minutes),
            login_limit_ip=_limit(env, "IMAPDASH_LOGIN_LIMIT_IP", cls.login_limit_ip),
            login_limit_user=_limit(env, "IMAPDASH_LOGIN_LIMIT_USER", cls.login_limit_user),
            redis_url=env.get("IMAPDASH_REDIS_URL", "").strip() or None,
        )
