"""`python -m imapdash releases list | import DIR | activate N | diff A B | export N DIR`.

The commands open the database of `Settings.from_env()` without building the app. Running workers
follow `import` and `activate` within IMAPDASH_RELEASE_POLL_SECONDS: no restart, no downtime.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import replace
from pathlib import Path

from sqlalchemy.orm import Session

from imapdash.datasets import DatasetError, format_report, load_datasets
from imapdash.datasets.datapackage import write_datapackage
from imapdash.db import open_engine
from imapdash.settings import Settings

from . import store


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _fail(text: str) -> None:
    sys.stderr.write(text + "\n")


def _engine():  # type: ignore[no-untyped-def]
    return open_engine(Settings.from_env().database_url)


def _actor(args: argparse.Namespace) -> str:
    return args.actor or f"cli:{getpass.getuser()}"


def _list(args: argparse.Namespace) -> int:
    releases = store.list_releases(_engine())
    if not releases:
        _say("No data release yet: the app registers the bundled data as release 1 when it starts.")
        return 0
    for r in releases:
        mark = "*" if r["current"] else " "
        _say(
            f"{mark} {r['number']:>4}  {r['created_at']:%Y-%m-%d %H:%M}  {r['kind']:<10} {r['data_version']}  "
            f"{r['title']}"
        )
    _say("(* = current)")
    return 0


def _import(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir)
    try:
        build = load_datasets(data_dir)  # validate before anything is stored
    except DatasetError as exc:
        _fail(f"Data in {data_dir} is not valid; nothing was imported.")
        _fail(format_report(exc.problems, limit=100))
        return 1
    title = args.title or f"Data build: {build.manifest.get('title', data_dir.name)} ({build.vintage})"
    try:
        number, created = store.register_build(
            _engine(),
            store.read_data_dir(data_dir),
            title=title,
            actor=_actor(args),
            note=args.note or "",
            datasets=build,
        )
    except DatasetError as exc:  # the build with the approved partner values carried over is invalid
        _fail("The build with the approved partner values applied is not valid; nothing was imported.")
        _fail(format_report(exc.problems, limit=100))
        return 1
    if created:
        _say(f"Release {number} created from {data_dir} and made current.")
    else:
        _say(f"This build is already release {number}; nothing changed (use `activate {number}` to return to it).")
    return 0


def _activate(args: argparse.Namespace) -> int:
    try:
        store.activate(_engine(), args.number, actor=_actor(args))
    except store.ReleaseError as exc:
        _fail(f"releases activate: {exc}")
        return 1
    _say(f"Release {args.number} is now current; running workers switch within their poll interval.")
    return 0


def _export(args: argparse.Namespace) -> int:
    target = Path(args.target)
    if target.exists() and any(target.iterdir()):
        _fail(f"releases export: {target} is not empty")
        return 1
    try:
        with Session(_engine()) as db:
            files = store.release_files(db, args.number)
    except store.ReleaseError as exc:
        _fail(f"releases export: {exc}")
        return 1
    store.write_files(files, target)
    package = write_datapackage(target)  # a Frictionless data package: `frictionless validate` checks it
    _say(f"Release {args.number}: {len(files)} files and {package.name} written to {target}.")
    return 0


def _diff(args: argparse.Namespace) -> int:
    from .diff import diff_datasets  # lazy: the other commands do not pay for the diff module

    engine = _engine()
    loaded = []
    for number in (args.old, args.new):
        try:
            with Session(engine) as db:
                files = store.release_files(db, number)
        except store.ReleaseError as exc:
            _fail(f"releases diff: {exc}")
            return 1
        loaded.append(replace(store.validate_files(files), release=number))
    result = diff_datasets(loaded[0], loaded[1])
    for line in result.summary_lines():
        _say(line)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add `releases` and its subcommands."""
    releases = sub.add_parser("releases", help="numbered data releases: list, import, activate, diff, export")
    commands = releases.add_subparsers(dest="releases_command", required=True)
    listing = commands.add_parser("list", help="every release, newest first (* = current)")
    listing.set_defaults(func=_list)
    imported = commands.add_parser("import", help="validate a data directory and make it a new current release")
    imported.add_argument("data_dir")
    imported.add_argument("--title", help="the release title (default: from the manifest)")
    imported.add_argument("--note", help="a note shown on the releases page")
    imported.add_argument("--actor", help="who is recorded in the audit log (default: cli:<login>)")
    imported.set_defaults(func=_import)
    activated = commands.add_parser("activate", help="make release N current (roll back or forward)")
    activated.add_argument("number", type=int)
    activated.add_argument("--actor", help="who is recorded in the audit log (default: cli:<login>)")
    activated.set_defaults(func=_activate)
    diffed = commands.add_parser("diff", help="what changed between releases A and B (public rows)")
    diffed.add_argument("old", type=int)
    diffed.add_argument("new", type=int)
    diffed.set_defaults(func=_diff)
    exported = commands.add_parser("export", help="write release N's files into an empty directory")
    exported.add_argument("number", type=int)
    exported.add_argument("target")
    exported.set_defaults(func=_export)
