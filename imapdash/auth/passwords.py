"""Password hashing (argon2id via argon2-cffi) and the password policy.

Production uses argon2-cffi's `PasswordHasher()` defaults (RFC 9106 low-memory profile: argon2id,
t=3, m=64 MiB, p=4). The `test` profile (`Settings.argon2_profile`, from IMAPDASH_ARGON2_PROFILE) is
deliberately cheap so the test suite stays fast; hashes made with it are upgraded by `needs_rehash` on the
next login. Inside a request the profile is the app's (`auth.init_app` puts it in the Flask config); the
command line passes it explicitly.

Policy (OWASP ASVS 5.0 V6.2): 12 to 128 characters, any characters (spaces and Unicode allowed),
no composition rules, not one of the very common passwords below, not the username, and not a
run of fewer than five distinct characters.
"""

from __future__ import annotations

import secrets
from contextlib import suppress
from functools import lru_cache

import flask
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import Parameters

MIN_LENGTH = 12
MAX_LENGTH = 128
DEFAULT_PROFILE = "default"
PROFILE_CONFIG = "ARGON2_PROFILE"  # Flask config key set by auth.init_app from the settings

_TEST_PARAMETERS = Parameters(
    type=Type.ID,
    version=19,
    salt_len=16,
    hash_len=32,
    time_cost=1,
    memory_cost=1024,
    parallelism=1,
)

# Passwords that meet the length rule but are among the first an attacker tries.
COMMON_PASSWORDS = frozenset(
    {
        "123456789012",
        "1234567890123",
        "12345678901234",
        "123456789012345",
        "1234567890abc",
        "123123123123",
        "111111111111",
        "000000000000",
        "121212121212",
        "987654321098",
        "password1234",
        "password12345",
        "password123456",
        "passwordpassword",
        "password!123",
        "p@ssw0rd1234",
        "p@ssword1234",
        "passw0rd1234",
        "mypassword123",
        "changeme1234",
        "changemenow!",
        "welcome12345",
        "welcome@1234",
        "letmein12345",
        "iloveyou1234",
        "qwertyuiop12",
        "qwertyuiopas",
        "qwerty123456",
        "1qaz2wsx3edc",
        "1q2w3e4r5t6y",
        "zaq12wsxcde3",
        "asdfghjkl123",
        "azertyuiop12",
        "abcdefghijkl",
        "abc123abc123",
        "aaaaaaaaaaaa",
        "administrator",
        "administrator1",
        "admin1234567",
        "adminadmin123",
        "superuser123",
        "football1234",
        "baseball1234",
        "sunshine1234",
        "princess1234",
        "dragon123456",
        "monkey123456",
        "trustno1trustno1",
        "correcthorsebatterystaple",
        "imapdash1234",
        "imapdashimapdash",
        "i-maponmigration",
        "imaponmigration",
        "migration123",
        "migration2024",
        "migration2025",
        "migration2026",
        "partner12345",
        "partnerpassword",
        "focalpoint123",
    }
)


class PasswordPolicyError(ValueError):
    """The proposed password breaks the policy; the message says which rule."""


def password_problem(password: str, *, username: str | None = None) -> str | None:
    """Return why `password` is not acceptable, or None when it is."""
    if len(password) < MIN_LENGTH:
        return f"Password must be at least {MIN_LENGTH} characters long."
    if len(password) > MAX_LENGTH:
        return f"Password must be at most {MAX_LENGTH} characters long."
    folded = password.casefold()
    if folded in COMMON_PASSWORDS:
        return "This password is too common; choose another one."
    if username and folded == username.casefold():
        return "Password must not be the username."
    if len(set(folded)) < 5:
        return "Password repeats too few characters; choose a longer mix or a passphrase."
    return None


def check_password_policy(password: str, *, username: str | None = None) -> None:
    """Raise PasswordPolicyError when `password` breaks the policy."""
    problem = password_problem(password, username=username)
    if problem:
        raise PasswordPolicyError(problem)


@lru_cache(maxsize=4)
def _hasher_for(profile: str) -> PasswordHasher:
    if profile == "test":
        return PasswordHasher.from_parameters(_TEST_PARAMETERS)
    return PasswordHasher()


def current_profile() -> str:
    """The hashing profile of the app serving this request (production outside an app)."""
    if flask.has_app_context():
        return str(flask.current_app.config.get(PROFILE_CONFIG, DEFAULT_PROFILE))
    return DEFAULT_PROFILE


def hasher(profile: str | None = None) -> PasswordHasher:
    """The hasher for `profile` (default: the current app's, else production)."""
    return _hasher_for(profile or current_profile())


@lru_cache(maxsize=4)
def _dummy_hash_for(profile: str) -> str:
    return _hasher_for(profile).hash(secrets.token_urlsafe(24))


def warm_up(profile: str | None = None) -> None:
    """Build the dummy hash now, so the first unknown-user login is not slower than the rest."""
    _dummy_hash_for(profile or current_profile())


def hash_password(password: str, *, profile: str | None = None) -> str:
    """Return an argon2id hash string (`$argon2id$v=19$m=...`)."""
    return hasher(profile).hash(password)


def verify_password(password_hash: str | None, password: str, *, profile: str | None = None) -> bool:
    """Check `password`; with no hash (unknown user) verify against a dummy to spend the same time."""
    profile = profile or current_profile()
    if password_hash is None:
        # the result is irrelevant: the work makes unknown users cost as much as known ones
        with suppress(VerificationError):
            hasher(profile).verify(_dummy_hash_for(profile), password)
        return False
    try:
        return hasher(profile).verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str, *, profile: str | None = None) -> bool:
    """True when the stored hash was made with other parameters than the current hasher's."""
    return hasher(profile).check_needs_rehash(password_hash)
