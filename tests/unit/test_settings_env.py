"""Settings are read once: only imapdash/settings.py touches the process environment.

The package is parsed with `ast` (imports and attribute reads, not text), so a comment or a docstring
mentioning os.environ does not count, and an aliased read (`from os import environ as e`) does.
"""

from __future__ import annotations

import ast
import re
from dataclasses import fields
from pathlib import Path

import pytest

from imapdash.settings import ENV_VARS, Settings

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "imapdash"
ALLOWED = {PACKAGE / "settings.py"}
ENV_NAMES = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}
VARIABLE = re.compile(r"\bIMAPDASH_[A-Z0-9_]*[A-Z0-9]\b")


def environment_reads(path: Path, root: Path = REPO) -> list[str]:
    """`file:line what` for every read of the process environment in one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    # names the os module is bound to (`import os`, `import os as o`): `request.environ`, a WSGI request's
    # own dictionary, is not the process environment
    modules = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name in ("os", "posix", "nt")
    }
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ENV_NAMES
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            found.append(f"{path.relative_to(root)}:{node.lineno} .{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module in ("os", "posix", "nt"):
            names = [a.name for a in node.names if a.name in ENV_NAMES or a.name == "*"]
            found += [f"{path.relative_to(root)}:{node.lineno} from {node.module} import {n}" for n in names]
    return found


def package_files() -> list[Path]:
    return [*sorted(PACKAGE.rglob("*.py")), REPO / "app.py"]


def test_no_module_but_settings_reads_the_environment():
    reads = [r for path in package_files() if path not in ALLOWED for r in environment_reads(path)]
    assert reads == [], "read the variable in Settings.from_env and pass the settings in:\n" + "\n".join(reads)


def test_the_check_sees_every_kind_of_environment_read(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "import os\nfrom os import environ as e, getenv\n"
        "a = os.environ.get('X')\nb = os.getenv('Y')\nc = e['Z']\n# os.environ in a comment is fine\n"
        "d = request.environ\n",
        encoding="utf-8",
    )
    found = sorted(r.split(" ", 1)[1] for r in environment_reads(module, root=tmp_path))
    assert found == [".environ", ".getenv", "from os import environ", "from os import getenv"]


def test_every_variable_named_in_the_package_is_read_by_settings():
    named = {m for path in package_files() for m in VARIABLE.findall(path.read_text(encoding="utf-8"))}
    assert named - set(ENV_VARS) == set(), "add these to settings.ENV_VARS (or stop mentioning them)"


def test_every_variable_fills_a_settings_field_and_is_in_the_readme_table():
    attributes = {f.name for f in fields(Settings)}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, (attribute, _parse) in ENV_VARS.items():
        assert attribute in attributes, name
        assert f"`{name}`" in readme, f"{name} is missing from the README's configuration table"


GOOD_VALUES = {
    "IMAPDASH_DATA_DIR": "/srv/data",
    "IMAPDASH_INSTANCE_DIR": "/srv/instance",
    "IMAPDASH_HOST": "0.0.0.0",
    "IMAPDASH_PORT": "9000",
    "IMAPDASH_DEBUG": "1",
    "IMAPDASH_HTTPS": "yes",
    "IMAPDASH_SECRET_KEY": "s3cret",
    "IMAPDASH_DATABASE_URL": "postgresql://db/imap",
    "IMAPDASH_RELEASE_POLL_SECONDS": "0.5",
    "IMAPDASH_RELEASES_CACHED": "3",
    "IMAPDASH_SESSION_HOURS": "4",
    "IMAPDASH_SESSION_IDLE_MINUTES": "15",
    "IMAPDASH_LOGIN_LIMIT_IP": "30 per hour",
    "IMAPDASH_LOGIN_LIMIT_USER": "5 per hour",
    "IMAPDASH_ARGON2_PROFILE": "test",
    "IMAPDASH_REDIS_URL": "redis://cache:6379/0",
    "IMAPDASH_PROXY_HOPS": "1",
    "IMAPDASH_FLOWS_PARQUET": "/srv/flows.parquet",
    "IMAPDASH_DUCKDB_MEMORY": "1GB",
    "IMAPDASH_DUCKDB_THREADS": "4",
    "IMAPDASH_EXPOSE_WORKER": "on",
    "IMAPDASH_USAGE_RETENTION_DAYS": "90",
    "IMAPDASH_PASSWORD": "a long pass phrase",
}


def test_every_variable_changes_its_setting():
    assert set(GOOD_VALUES) == set(ENV_VARS)
    default, configured = Settings.from_env({}), Settings.from_env(GOOD_VALUES)
    for name, (attribute, _parse) in ENV_VARS.items():
        assert getattr(configured, attribute) != getattr(default, attribute), name
    assert (configured.port, configured.proxy_hops, configured.duckdb_threads) == (9000, 1, 4)
    assert (configured.session_hours, configured.login_limit_user, configured.expose_worker) == (
        4.0,
        "5 per hour",
        True,
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("IMAPDASH_SESSION_IDLE_MINUTES", "0"),
        ("IMAPDASH_SESSION_HOURS", "eight"),
        ("IMAPDASH_LOGIN_LIMIT_IP", "lots"),
        ("IMAPDASH_PROXY_HOPS", "many"),
        ("IMAPDASH_PROXY_HOPS", "6"),
        ("IMAPDASH_DUCKDB_THREADS", "0"),
        ("IMAPDASH_ARGON2_PROFILE", "fast"),
        ("IMAPDASH_EXPOSE_WORKER", "maybe"),
        ("IMAPDASH_USAGE_RETENTION_DAYS", "3"),
    ],
)
def test_unusable_values_are_refused_at_start_naming_the_variable(name, value):
    from imapdash.settings import SettingsError

    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


def test_the_password_is_not_shown_in_the_settings_repr():
    assert "a long pass phrase" not in repr(Settings.from_env(GOOD_VALUES))
    assert "s3cret" not in repr(Settings.from_env(GOOD_VALUES))
