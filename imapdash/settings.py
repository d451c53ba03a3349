"""Runtime settings: every IMAPDASH_* environment variable is read here, once, by `Settings.from_env`.

Other modules receive a `Settings` (or values taken from it); none of them reads `os.environ`
(tests/unit/test_settings_env.py parses the package to keep it so). `ENV_VARS` lists each variable with
the field it fills; the README's configuration table documents the same names.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from limits import parse_many

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
ARGON2_PROFILES = ("default", "test")


class SettingsError(ValueError):
    """An environment variable holds a value that cannot be used."""


def _parse_bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingsError(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off")


def _parse_port(name: str, raw: str) -> int:
    try:
        port = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r}: expected a whole number") from None
    if not 1 <= port <= 65535:
        raise SettingsError(f"{name}={raw!r}: expected a port between 1 and 65535")
    return port


def _parse_seconds(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r}: expected a number of seconds") from None
    if not 0 <= value <= 3600:
        raise SettingsError(f"{name}={raw!r}: expected between 0 and 3600 seconds")
    return value


def _parse_positive(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r}: expected a number") from None
    if value <= 0:
        raise SettingsError(f"{name}={raw!r}: expected a number above 0")
    return value


def _whole(low: int, high: int | None) -> Callable[[str, str], int]:
    def parse(name: str, raw: str) -> int:
        text = raw.strip()
        if not text.isdigit() or int(text) < low or (high is not None and int(text) > high):
            bounds = f"from {low} to {high}" if high is not None else f"of at least {low}"
            raise SettingsError(f"{name}={raw!r}: expected a whole number {bounds}")
        return int(text)

    return parse


def _parse_limit(name: str, raw: str) -> str:
    text = raw.strip()
    try:
        parse_many(text)
    except ValueError:
        raise SettingsError(f"{name}={raw!r}: expected e.g. '10 per 15 minutes'") from None
    return text


def _parse_profile(name: str, raw: str) -> str:
    text = raw.strip()
    if text not in ARGON2_PROFILES:
        raise SettingsError(f"{name}={raw!r}: expected one of {', '.join(ARGON2_PROFILES)}")
    return text


def _parse_path(name: str, raw: str) -> Path:
    return Path(raw).expanduser().resolve()


def _parse_text(name: str, raw: str) -> str:
    return raw.strip()


def _parse_secret(name: str, raw: str) -> str:
    return raw  # kept exactly: a key or password may start or end with spaces


# variable -> (Settings field, parser); an unset or empty variable keeps the field's default
ENV_VARS: dict[str, tuple[str, Callable[[str, str], Any]]] = {
    "IMAPDASH_DATA_DIR": ("data_dir", _parse_path),
    "IMAPDASH_INSTANCE_DIR": ("instance_dir", _parse_path),
    "IMAPDASH_HOST": ("host", _parse_text),
    "IMAPDASH_PORT": ("port", _parse_port),
    "IMAPDASH_DEBUG": ("debug", _parse_bool),
    "IMAPDASH_HTTPS": ("https", _parse_bool),
    "IMAPDASH_SECRET_KEY": ("secret_key", _parse_secret),
    "IMAPDASH_DATABASE_URL": ("database_url", _parse_text),
    "IMAPDASH_RELEASE_POLL_SECONDS": ("release_poll_seconds", _parse_seconds),
    "IMAPDASH_RELEASES_CACHED": ("releases_cached", _whole(1, 20)),
    "IMAPDASH_SESSION_HOURS": ("session_hours", _parse_positive),
    "IMAPDASH_SESSION_IDLE_MINUTES": ("idle_minutes", _parse_positive),
    "IMAPDASH_LOGIN_LIMIT_IP": ("login_limit_ip", _parse_limit),
    "IMAPDASH_LOGIN_LIMIT_USER": ("login_limit_user", _parse_limit),
    "IMAPDASH_ARGON2_PROFILE": ("argon2_profile", _parse_profile),
    "IMAPDASH_REDIS_URL": ("redis_url", _parse_text),
    "IMAPDASH_PROXY_HOPS": ("proxy_hops", _whole(0, 5)),
    "IMAPDASH_FLOWS_PARQUET": ("flows_parquet", _parse_text),
    "IMAPDASH_DUCKDB_MEMORY": ("duckdb_memory", _parse_text),
    "IMAPDASH_DUCKDB_THREADS": ("duckdb_threads", _whole(1, None)),
    "IMAPDASH_EXPOSE_WORKER": ("expose_worker", _parse_bool),
    "IMAPDASH_USAGE_RETENTION_DAYS": ("usage_retention_days", _whole(7, 3660)),
    "IMAPDASH_PASSWORD": ("cli_password", _parse_secret),
}


@dataclass(frozen=True)
class Settings:
    """Everything the app needs to know about its environment.

    Tests build one directly; `from_env` builds the production one.
    """

    data_dir: Path = REPO_ROOT / "data"
    assets_dir: Path = REPO_ROOT / "assets"
    instance_dir: Path = REPO_ROOT / "instance"
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False
    https: bool = False
    secret_key_is_ephemeral: bool = False
    release_poll_seconds: float = 2.0  # how often a worker re-reads the current data release
    releases_cached: int = 1  # earlier/pinned releases a worker keeps loaded beside the current one (~60 MB each)
    # partner sessions and logins (imapdash/auth)
    session_hours: float = 8.0  # absolute session lifetime after login
    idle_minutes: float = 30.0  # logged out after this long without a request
    login_limit_ip: str = "20 per 15 minutes"  # failed logins per client IP ("limits" notation, ";" between)
    login_limit_user: str = "10 per 15 minutes"  # failed logins per submitted username
    argon2_profile: str = "default"  # "test" = deliberately cheap hashes, for the test suite only
    # several workers (imapdash/ops.py, imapdash/cache.py)
    redis_url: str = ""  # shared cache, login limits and usage counters; empty = per process
    proxy_hops: int = 0  # trusted reverse proxies in front (X-Forwarded-*)
    flows_parquet: str = ""  # Parquet file or directory of flow rows; empty = the data directory's flows
    duckdb_memory: str = "256MB"
    duckdb_threads: int = 2
    expose_worker: bool = False  # X-Imapdash-Worker header (multi-worker tests only)
    usage_retention_days: int = 730  # usage counts older than this are deleted
    # command line only: the password `users add` / `users reset-password` use instead of a prompt
    cli_password: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.database_url:
            url = f"sqlite:///{(self.instance_dir / 'imapdash.db').as_posix()}"
            object.__setattr__(self, "database_url", url)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read every IMAPDASH_* variable of `ENV_VARS`; unset or empty ones take the defaults above."""
        env = os.environ if env is None else env
        kwargs: dict[str, Any] = {}
        for name, (attribute, parse) in ENV_VARS.items():
            raw = env.get(name, "")
            if raw.strip():
                kwargs[attribute] = parse(name, raw)
        if "secret_key" not in kwargs:
            kwargs["secret_key_is_ephemeral"] = True
        return cls(**kwargs)

    def warn_if_ephemeral(self) -> None:
        """Log once that sessions end on restart when no secret key was configured."""
        if self.secret_key_is_ephemeral:
            log.warning(
                "IMAPDASH_SECRET_KEY is not set: using a random key for this process; "
                "partner sessions end when the app restarts and do not work across workers."
            )
