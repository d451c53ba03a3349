"""Runtime settings read from IMAPDASH_* environment variables."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class SettingsError(ValueError):
    """An environment variable holds a value that cannot be used."""


def _parse_bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingsError(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off")


def _parse_port(raw: str) -> int:
    try:
        port = int(raw)
    except ValueError:
        raise SettingsError(f"IMAPDASH_PORT={raw!r}: expected a whole number") from None
    if not 1 <= port <= 65535:
        raise SettingsError(f"IMAPDASH_PORT={raw!r}: expected a port between 1 and 65535")
    return port


def _parse_seconds(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r}: expected a number of seconds") from None
    if not 0 <= value <= 3600:
        raise SettingsError(f"{name}={raw!r}: expected between 0 and 3600 seconds")
    return value


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

    def __post_init__(self) -> None:
        if not self.database_url:
            url = f"sqlite:///{(self.instance_dir / 'imapdash.db').as_posix()}"
            object.__setattr__(self, "database_url", url)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read IMAPDASH_* variables; unset ones take the defaults above."""
        env = os.environ if env is None else env
        kwargs: dict = {}
        if env.get("IMAPDASH_DATA_DIR"):
            kwargs["data_dir"] = Path(env["IMAPDASH_DATA_DIR"]).expanduser().resolve()
        if env.get("IMAPDASH_INSTANCE_DIR"):
            kwargs["instance_dir"] = Path(env["IMAPDASH_INSTANCE_DIR"]).expanduser().resolve()
        if env.get("IMAPDASH_HOST"):
            kwargs["host"] = env["IMAPDASH_HOST"]
        if env.get("IMAPDASH_PORT"):
            kwargs["port"] = _parse_port(env["IMAPDASH_PORT"])
        if "IMAPDASH_DEBUG" in env:
            kwargs["debug"] = _parse_bool("IMAPDASH_DEBUG", env["IMAPDASH_DEBUG"])
        if "IMAPDASH_HTTPS" in env:
            kwargs["https"] = _parse_bool("IMAPDASH_HTTPS", env["IMAPDASH_HTTPS"])
        if env.get("IMAPDASH_DATABASE_URL"):
            kwargs["database_url"] = env["IMAPDASH_DATABASE_URL"]
        if env.get("IMAPDASH_RELEASE_POLL_SECONDS"):
            kwargs["release_poll_seconds"] = _parse_seconds(
                "IMAPDASH_RELEASE_POLL_SECONDS", env["IMAPDASH_RELEASE_POLL_SECONDS"]
            )
        if env.get("IMAPDASH_RELEASES_CACHED"):
            raw = env["IMAPDASH_RELEASES_CACHED"].strip()
            if not raw.isdigit() or not 1 <= int(raw) <= 20:
                raise SettingsError(f"IMAPDASH_RELEASES_CACHED={raw!r}: expected a whole number from 1 to 20")
            kwargs["releases_cached"] = int(raw)
        if env.get("IMAPDASH_SECRET_KEY"):
            kwargs["secret_key"] = env["IMAPDASH_SECRET_KEY"]
        else:
            kwargs["secret_key_is_ephemeral"] = True
        return cls(**kwargs)

    def warn_if_ephemeral(self) -> None:
        """Log once that sessions end on restart when no secret key was configured."""
        if self.secret_key_is_ephemeral:
            log.warning(
                "IMAPDASH_SECRET_KEY is not set: using a random key for this process; "
                "partner sessions end when the app restarts and do not work across workers."
            )
