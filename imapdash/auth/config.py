"""Auth settings (session timeouts, login limits, hashing profile), taken from `Settings`.

| variable | default | meaning |
|---|---|---|
| IMAPDASH_SESSION_HOURS | 8 | absolute session lifetime after login |
| IMAPDASH_SESSION_IDLE_MINUTES | 30 | logged out after this long without a request |
| IMAPDASH_LOGIN_LIMIT_IP | 20 per 15 minutes | failed logins allowed per client IP |
| IMAPDASH_LOGIN_LIMIT_USER | 10 per 15 minutes | failed logins allowed per submitted username |
| IMAPDASH_REDIS_URL | (unset: in-process memory) | shared rate-limit storage for several workers |
| IMAPDASH_ARGON2_PROFILE | (unset: production) | `test` = cheap hashes, for the test suite only |

The variables are read and checked by `Settings.from_env` (imapdash/settings.py). Limits use the `limits`
notation ("10 per 15 minutes", several separated by ";"). In-memory counters are per process: run one
worker or set IMAPDASH_REDIS_URL (needs the `redis` package).
"""

from __future__ import annotations

from dataclasses import dataclass

from imapdash.settings import Settings


@dataclass(frozen=True)
class AuthConfig:
    """Session timeouts, login rate limits and the password-hashing profile."""

    session_hours: float = 8.0
    idle_minutes: float = 30.0
    login_limit_ip: str = "20 per 15 minutes"
    login_limit_user: str = "10 per 15 minutes"
    redis_url: str | None = None
    argon2_profile: str = "default"

    @classmethod
    def from_settings(cls, settings: Settings) -> AuthConfig:
        """The auth part of `settings` (already read and checked by `Settings.from_env`)."""
        return cls(
            session_hours=settings.session_hours,
            idle_minutes=settings.idle_minutes,
            login_limit_ip=settings.login_limit_ip,
            login_limit_user=settings.login_limit_user,
            redis_url=settings.redis_url or None,
            argon2_profile=settings.argon2_profile,
        )
