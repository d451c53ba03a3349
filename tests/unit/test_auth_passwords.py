"""Password hashing parameters and the password policy."""

from __future__ import annotations

import pytest

from imapdash.auth import passwords
from imapdash.auth.passwords import (
    COMMON_PASSWORDS,
    PasswordPolicyError,
    check_password_policy,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)


@pytest.fixture(autouse=True)
def _cheap_hashes(monkeypatch):
    monkeypatch.setenv("IMAPDASH_ARGON2_PROFILE", "test")


def test_hash_is_argon2id_with_a_salt():
    first = hash_password("correct horse battery")
    second = hash_password("correct horse battery")
    assert first.startswith("$argon2id$v=19$m=1024,t=1,p=1$")
    assert first != second


def test_verify_accepts_the_password_and_rejects_others():
    stored = hash_password("correct horse battery")
    assert verify_password(stored, "correct horse battery")
    assert not verify_password(stored, "correct horse battery ")
    assert not verify_password("not a hash", "correct horse battery")
    assert not verify_password(None, "correct horse battery")


def test_production_profile_is_argon2_cffi_default(monkeypatch):
    monkeypatch.delenv("IMAPDASH_ARGON2_PROFILE")
    assert passwords.hasher().memory_cost == 65536
    assert passwords.hasher().time_cost == 3
    assert passwords.hasher().parallelism == 4


def test_test_profile_hashes_need_rehash_in_production(monkeypatch):
    cheap = hash_password("correct horse battery")
    assert not needs_rehash(cheap)
    monkeypatch.delenv("IMAPDASH_ARGON2_PROFILE")
    assert needs_rehash(cheap)


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("elevenchars", "at least 12"),
        ("x" * 129, "at most 128"),
        ("Password1234", "too common"),
        ("QWERTYUIOPAS", "too common"),
        ("abababababab", "too few characters"),
        ("alice.example", "must not be the username"),
    ],
)
def test_policy_refuses(password, fragment):
    problem = password_problem(password, username="alice.example")
    assert problem is not None and fragment in problem
    with pytest.raises(PasswordPolicyError):
        check_password_policy(password, username="alice.example")


@pytest.mark.parametrize(
    "password",
    ["twelve chars", "no digits or capitals here", "ÜnïcödeΠάσσγουορντ", "x" * 60 + "yzabc" + " " * 63],
)
def test_policy_accepts_long_passwords_without_composition_rules(password):
    assert password_problem(password) is None


def test_common_list_only_holds_passwords_the_length_rule_lets_through():
    assert len(COMMON_PASSWORDS) >= 50
    assert all(len(p) >= passwords.MIN_LENGTH and p == p.casefold() for p in COMMON_PASSWORDS)
