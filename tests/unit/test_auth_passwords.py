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

TEST = "test"  # the cheap profile; production hashing takes ~64 MiB and noticeable time per call


def test_hash_is_argon2id_with_a_salt():
    first = hash_password("correct horse battery", profile=TEST)
    second = hash_password("correct horse battery", profile=TEST)
    assert first.startswith("$argon2id$v=19$m=1024,t=1,p=1$")
    assert first != second


def test_verify_accepts_the_password_and_rejects_others():
    stored = hash_password("correct horse battery", profile=TEST)
    assert verify_password(stored, "correct horse battery", profile=TEST)
    assert not verify_password(stored, "correct horse battery ", profile=TEST)
    assert not verify_password("not a hash", "correct horse battery", profile=TEST)
    assert not verify_password(None, "correct horse battery", profile=TEST)


def test_production_profile_is_argon2_cffi_default():
    assert passwords.hasher().memory_cost == 65536  # outside an app: production
    assert passwords.hasher("default").time_cost == 3
    assert passwords.hasher("default").parallelism == 4


def test_test_profile_hashes_need_rehash_in_production():
    cheap = hash_password("correct horse battery", profile=TEST)
    assert not needs_rehash(cheap, profile=TEST)
    assert needs_rehash(cheap, profile="default")


def test_inside_an_app_the_profile_comes_from_its_settings(tmp_path):
    from flask import Flask

    from imapdash import auth
    from imapdash.db import init_db
    from imapdash.settings import Settings

    settings = Settings(database_url=f"sqlite:///{tmp_path}/t.db", secret_key="x", argon2_profile=TEST)
    server = Flask(__name__)
    init_db(server, settings)
    auth.init_app(server, settings)
    with server.app_context():
        assert passwords.current_profile() == TEST
        assert hash_password("correct horse battery").startswith("$argon2id$v=19$m=1024,t=1,p=1$")
    server.extensions["imapdash.db"].dispose()
    assert passwords.current_profile() == "default"


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
