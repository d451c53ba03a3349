import logging
from pathlib import Path

import pytest

from imapdash.settings import Settings, SettingsError


def test_settings_defaults_when_environment_is_empty():
    settings = Settings.from_env({})
    assert settings.host == "127.0.0.1"
    assert settings.port == 8050
    assert settings.debug is False
    assert settings.data_dir.name == "data"
    assert settings.database_url.startswith("sqlite:///") and settings.database_url.endswith("instance/imapdash.db")
    assert settings.secret_key_is_ephemeral is True
    assert len(settings.secret_key) == 64


def test_settings_random_secret_differs_per_process_build():
    assert Settings.from_env({}).secret_key != Settings.from_env({}).secret_key


def test_settings_read_every_variable(tmp_path: Path):
    env = {
        "IMAPDASH_HOST": "0.0.0.0",
        "IMAPDASH_PORT": "9000",
        "IMAPDASH_DATA_DIR": str(tmp_path),
        "IMAPDASH_SECRET_KEY": "s3cret",
        "IMAPDASH_DATABASE_URL": "postgresql://db/imap",
        "IMAPDASH_DEBUG": "true",
    }
    settings = Settings.from_env(env)
    assert (settings.host, settings.port, settings.data_dir) == ("0.0.0.0", 9000, tmp_path.resolve())
    assert settings.secret_key == "s3cret" and settings.secret_key_is_ephemeral is False
    assert settings.database_url == "postgresql://db/imap"
    assert settings.debug is True


@pytest.mark.parametrize(
    "name,value", [("IMAPDASH_PORT", "80a"), ("IMAPDASH_PORT", "70000"), ("IMAPDASH_DEBUG", "maybe")]
)
def test_settings_reject_unusable_values_naming_the_variable(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


def test_settings_warn_once_about_an_ephemeral_key(caplog):
    with caplog.at_level(logging.WARNING):
        Settings.from_env({}).warn_if_ephemeral()
        Settings.from_env({"IMAPDASH_SECRET_KEY": "x"}).warn_if_ephemeral()
    assert [r.message for r in caplog.records if "IMAPDASH_SECRET_KEY" in r.message] != []
    assert len(caplog.records) == 1


def test_release_settings_are_read_and_checked():
    settings = Settings.from_env({"IMAPDASH_RELEASE_POLL_SECONDS": "0.5", "IMAPDASH_RELEASES_CACHED": "3"})
    assert (settings.release_poll_seconds, settings.releases_cached) == (0.5, 3)
    assert (Settings.from_env({}).release_poll_seconds, Settings.from_env({}).releases_cached) == (2.0, 1)
    for name, raw in (
        ("IMAPDASH_RELEASE_POLL_SECONDS", "soon"),
        ("IMAPDASH_RELEASE_POLL_SECONDS", "-1"),
        ("IMAPDASH_RELEASES_CACHED", "0"),
        ("IMAPDASH_RELEASES_CACHED", "lots"),
    ):
        with pytest.raises(SettingsError, match=name):
            Settings.from_env({name: raw})
