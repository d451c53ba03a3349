"""Command-line interface: `python -m imapdash validate | serve | users ...`."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from .datasets import DatasetError, format_report, load_datasets
from .settings import Settings, SettingsError

# Subsystems that add their own subcommands via `register(subparsers)`.
PLUGIN_MODULES = ("imapdash.auth.cli", "imapdash.news.cli", "imapdash.releases.cli", "imapdash.datasets.datapackage")


def _validate(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir) if args.data_dir else Settings.from_env().data_dir
    try:
        datasets = load_datasets(data_dir)
    except DatasetError as exc:
        print(f"Data in {data_dir} is not valid.", file=sys.stderr)
        print(format_report(exc.problems, limit=None if args.all else 100), file=sys.stderr)
        return 1
    counts = datasets.row_counts()
    print(f"Data in {data_dir} is valid (version {datasets.version}).")
    for name, count in counts.items():
        print(f"  {name:<20} {count:>8,} rows")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .factory import AppStartupError, create_app  # lazy: only `serve` needs Dash, the CLI stays fast

    settings = Settings.from_env()
    try:
        app = create_app(settings)
    except AppStartupError as exc:
        print(exc, file=sys.stderr)
        return 2
    app.run(host=settings.host, port=settings.port, debug=settings.debug)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with every subsystem's subcommands."""
    parser = argparse.ArgumentParser(prog="python -m imapdash", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check a data directory and report every problem")
    validate.add_argument("data_dir", nargs="?", help="directory to check (default: IMAPDASH_DATA_DIR or ./data)")
    validate.add_argument("--all", action="store_true", help="list every problem, not only the first 100")
    validate.set_defaults(func=_validate)
    serve = sub.add_parser("serve", help="run the app (same as `python app.py`)")
    serve.set_defaults(func=_serve)
    for module_name in PLUGIN_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the process exit code."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except SettingsError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
