"""Command line: `python -m databuild --reference ../shared/reference-data --out data [--with-geo]`."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
import tempfile
from pathlib import Path

import pandas as pd

from databuild.checks import check_country_codes, used_country_codes
from databuild.curated import load_curated
from databuild.inputs import Inputs
from databuild.manifest import build_manifest
from databuild.output import write_csv, write_manifest
from databuild.tables import BUILDERS
from imapdash.datasets.datapackage import write_datapackage
from imapdash.datasets.errors import DatasetError

log = logging.getLogger("databuild")
REPO = Path(__file__).resolve().parents[1]


def run_geo(out_dir: Path, assets_dir: Path, cache_dir: Path, reference_dir: Path) -> None:
    """Call scripts/build_geo.py's build_geo() when it is importable (it needs topojson and npm)."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from build_geo import build_geo  # type: ignore[import-not-found]
    except ImportError as exc:
        log.warning("build_geo not importable (%s): countries files not rebuilt", exc)
        return
    build_geo(out_dir, assets_dir, cache_dir, reference_dir=reference_dir)


def build_all(ref: Path, out: Path, *, built_at: str) -> dict[str, pd.DataFrame]:
    """Check the curated files, build and write every table, then the manifest; return the frames."""
    inputs = Inputs(ref=ref, curated=load_curated())
    frames: dict[str, pd.DataFrame] = {}
    for name, builder in BUILDERS.items():
        frames[name] = builder(inputs)
        write_csv(frames[name], out, name)
    codes = used_country_codes(frames)
    check_country_codes(codes)
    log.info("country codes used (%d): %s", len(codes), " ".join(sorted(codes)))
    write_manifest(build_manifest(frames, inputs.curated.meta, built_at), out)
    write_datapackage(out)  # Frictionless descriptor, generated from imapdash/datasets/schema.py (issue 19)
    return frames


def parser() -> argparse.ArgumentParser:
    """The build command's options."""
    p = argparse.ArgumentParser(
        prog="python -m databuild",
        description="Build data/ from the reference data. `python -m databuild contract --help`: the data contract.",
    )
    p.add_argument(
        "--reference",
        type=Path,
        default=Path("../shared/reference-data"),
        help="reference data folder (default: ../shared/reference-data)",
    )
    p.add_argument("--out", type=Path, default=Path("data"), help="output folder (default: data)")
    p.add_argument(
        "--with-geo", action="store_true", help="also rebuild countries.csv/countries.geojson with build_geo.py"
    )
    p.add_argument("--assets", type=Path, default=Path("assets"), help="assets folder for build_geo (default: assets)")
    p.add_argument(
        "--geo-cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "imapdash-geo-cache",
        help="download cache for build_geo",
    )
    p.add_argument(
        "--built-at",
        default=dt.date.today().isoformat(),
        help="manifest built_at date (default: today; kept when nothing changed)",
    )
    p.add_argument("-v", "--verbose", action="store_true")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the build (or `contract` to write/check docs/data-contract.md)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["contract"]:
        from databuild.contract import main as contract_main

        return contract_main(argv[1:])
    p = parser()
    args = p.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )
    ref: Path = args.reference
    if not (ref / "SOURCES.md").exists():
        p.error(f"{ref} is not the reference-data folder (no SOURCES.md)")
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        build_all(ref, args.out, built_at=args.built_at)
    except DatasetError as exc:
        log.error("curated files are not valid, nothing was written:\n%s", exc)
        return 1
    if args.with_geo:
        run_geo(args.out, args.assets, args.geo_cache, ref)
    return 0
