"""Command line: `python -m databuild --reference ../shared/reference-data --out data [--with-geo]`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import shutil
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
from imapdash.datasets.schema import MANIFEST_FILE

log = logging.getLogger("databuild")


def run_geo(out_dir: Path, assets_dir: Path, cache_dir: Path, reference_dir: Path) -> None:
    """Rebuild countries.csv/countries.geojson and the plotly base maps (needs topojson and npm)."""
    from databuild.geo import build_geo  # imported here: geopandas and topojson are only needed for --with-geo

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
        "--with-geo",
        action="store_true",
        help="also rebuild countries.csv/.geojson and the plotly base maps (databuild/geo.py; needs npm)",
    )
    p.add_argument("--assets", type=Path, default=Path("assets"), help="assets folder for --with-geo (default: assets)")
    p.add_argument(
        "--geo-cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "imapdash-geo-cache",
        help="npm package cache for --with-geo",
    )
    p.add_argument(
        "--built-at",
        default=dt.date.today().isoformat(),
        help="manifest built_at date (default: today; kept when nothing changed)",
    )
    p.add_argument(
        "--verify",
        action="store_true",
        help="build into a temporary folder and report every file that differs from --out (writes nothing)",
    )
    p.add_argument("-v", "--verbose", action="store_true")
    return p


def verify(ref: Path, out: Path) -> list[str]:
    """Build into a temporary folder; return the names of files whose bytes differ from those in `out`."""
    manifest = out / MANIFEST_FILE
    built_at = json.loads(manifest.read_text(encoding="utf-8"))["built_at"] if manifest.exists() else "unknown"
    with tempfile.TemporaryDirectory(prefix="databuild-") as tmp:
        fresh = Path(tmp)
        if manifest.exists():  # write_manifest keeps built_at when nothing else changed
            shutil.copy(manifest, fresh / MANIFEST_FILE)
        build_all(ref, fresh, built_at=built_at)
        return [
            f.name
            for f in sorted(fresh.iterdir())
            if not (out / f.name).exists() or (out / f.name).read_bytes() != f.read_bytes()
        ]


def main(argv: list[str] | None = None) -> int:
    """Run the build (or `contract` to write/check docs/data-contract.md)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["contract"]:
        from databuild.contract import main as contract_main

        return contract_main(argv[1:])
    if argv[:1] == ["region-ehoa"]:
        return region_main(argv[1:])
    p = parser()
    args = p.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )
    ref: Path = args.reference
    if not (ref / "SOURCES.md").exists():
        p.error(f"{ref} is not the reference-data folder (no SOURCES.md)")
    try:
        if args.verify:
            differ = verify(ref, args.out)
            for name in differ:
                log.error("%s differs from a fresh build", args.out / name)
            log.info("verify: %d file(s) differ from a fresh build", len(differ))
            return 1 if differ else 0
        args.out.mkdir(parents=True, exist_ok=True)
        build_all(ref, args.out, built_at=args.built_at)
    except DatasetError as exc:
        log.error("curated files are not valid, nothing was written:\n%s", exc)
        return 1
    if args.with_geo:
        run_geo(args.out, args.assets, args.geo_cache, ref)
    return 0


def region_main(argv: list[str]) -> int:
    """`python -m databuild region-ehoa`: the East and Horn of Africa and Great Lakes example region."""
    from databuild import region_ehoa

    p = argparse.ArgumentParser(prog="python -m databuild region-ehoa", description=region_ehoa.__doc__)
    p.add_argument("--reference", type=Path, default=Path("../shared/reference-data"))
    p.add_argument("--out", type=Path, default=Path("examples/regions") / region_ehoa.NAME)
    p.add_argument("--bundled", type=Path, default=Path("data"), help="the bundled data (countries.csv/.geojson)")
    p.add_argument("--built-at", default=dt.date.today().isoformat())
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if not (args.reference / "SOURCES.md").exists():
        p.error(f"{args.reference} is not the reference-data folder (no SOURCES.md)")
    region_ehoa.build_region(args.reference, args.out, args.bundled, built_at=args.built_at)
    from imapdash.datasets import load_datasets

    load_datasets(args.out)  # the region validates as the app will read it (raises DatasetError otherwise)
    return 0
