"""Checks on the committed outputs of databuild/geo.py (the build itself is not re-run)."""

from __future__ import annotations

import csv
import json
import re
from functools import lru_cache
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
TOPOJSON = ROOT / "assets" / "topojson"

COLUMNS = [
    "iso3",
    "name_en",
    "name_fr",
    "name_ar",
    "region",
    "subregion",
    "partner",
    "partner_group",
    "lon",
    "lat",
    "has_geometry",
]


@lru_cache(maxsize=1)
def geojson() -> dict:
    return json.loads((DATA / "countries.geojson").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def countries() -> list[dict[str, str]]:
    with (DATA / "countries.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def by_iso3() -> dict[str, dict[str, str]]:
    return {row["iso3"]: row for row in countries()}


def _flat_coords(coords: list) -> list[list[float]]:
    if coords and isinstance(coords[0], (int, float)):
        return [coords]
    return [c for part in coords for c in _flat_coords(part)]


def test_features_valid_unique_and_polygonal() -> None:
    features = geojson()["features"]
    ids = [f["id"] for f in features]
    assert len(ids) == len(set(ids))
    for feature in features:
        assert feature["properties"]["iso3"] == feature["id"]
        assert feature["properties"]["name"]
        geom = shape(feature["geometry"])
        assert geom.geom_type in {"Polygon", "MultiPolygon"}, feature["id"]
        assert geom.is_valid and not geom.is_empty, feature["id"]


def test_exterior_rings_clockwise_for_plotly_geo() -> None:
    # d3-geo (plotly geo subplots) needs clockwise exterior rings; the other way fills the globe.
    for feature in geojson()["features"][::7]:
        geom = shape(feature["geometry"])
        for poly in getattr(geom, "geoms", [geom]):
            assert not poly.exterior.is_ccw, feature["id"]


def test_coordinates_rounded_and_bounded() -> None:
    coords = [c for f in geojson()["features"] for c in _flat_coords(f["geometry"]["coordinates"])]
    assert len(coords) < 60_000
    for x, y in coords[::11]:
        assert round(x, 3) == x and round(y, 3) == y
        assert -180 <= x <= 180 and -90 <= y <= 90
    text = (DATA / "countries.geojson").read_text(encoding="utf-8")
    assert not re.search(r"\d\.\d{4,}", text)


def test_geometry_and_has_geometry_agree() -> None:
    feature_ids = {f["id"] for f in geojson()["features"]}
    flagged = {row["iso3"] for row in countries() if row["has_geometry"] == "1"}
    assert feature_ids == flagged


@pytest.mark.parametrize("iso3", ["MLT", "CYP", "XKX", "FRA", "NOR", "LBY", "ITA", "TUN", "MAR", "SOM"])
def test_key_countries_have_geometry(iso3: str) -> None:
    assert by_iso3()[iso3]["has_geometry"] == "1"
    assert iso3 in {f["id"] for f in geojson()["features"]}


def test_countries_csv_shape() -> None:
    header = (DATA / "countries.csv").read_text(encoding="utf-8").split("\n", 1)[0]
    assert header.split(",") == COLUMNS
    rows = countries()
    codes = [row["iso3"] for row in rows]
    assert codes == sorted(codes) and len(codes) == len(set(codes))
    for row in rows:
        assert re.fullmatch(r"[A-Z]{3}", row["iso3"])
        assert row["name_en"] and row["name_fr"] and row["name_ar"]
        assert row["partner"] in {"0", "1"} and row["has_geometry"] in {"0", "1"}
        assert row["region"], row["iso3"]
        if row["has_geometry"] == "1":
            assert row["lon"] and row["lat"]
    assert not {"OOO", "OOS", "STL", "UNK", "MED", "ALL"} & set(codes)


def test_partners() -> None:
    partners = [row for row in countries() if row["partner"] == "1"]
    assert len(partners) == 34
    assert all(row["partner_group"] in {"south", "north"} for row in partners)
    assert all(row["partner_group"] == "" for row in countries() if row["partner"] == "0")
    rows = by_iso3()
    assert rows["MAR"]["partner_group"] == "south" and rows["LBY"]["partner_group"] == "south"
    assert rows["ITA"]["partner_group"] == "north" and rows["CYP"]["partner_group"] == "north"


def test_names_and_regions() -> None:
    rows = by_iso3()
    assert (rows["MAR"]["name_en"], rows["MAR"]["name_fr"], rows["MAR"]["name_ar"]) == ("Morocco", "Maroc", "المغرب")
    assert (rows["TUN"]["name_fr"], rows["TUN"]["name_ar"]) == ("Tunisie", "تونس")
    assert rows["TUR"]["name_en"] == "Türkiye"
    assert rows["XKX"]["name_en"] == "Kosovo"
    assert (rows["MAR"]["region"], rows["MAR"]["subregion"]) == ("Africa", "Northern Africa")
    assert (rows["ITA"]["region"], rows["ITA"]["subregion"]) == ("Europe", "Southern Europe")
    assert rows["SYR"]["subregion"] == "Western Asia"


def test_label_points_inside_mainland() -> None:
    rows = by_iso3()
    lon, lat = float(rows["NOR"]["lon"]), float(rows["NOR"]["lat"])
    assert 4 < lon < 32 and 57 < lat < 72  # mainland Norway, not Svalbard
    features = {f["id"]: f for f in geojson()["features"]}
    for iso3 in ("FRA", "MLT", "LBY"):
        point = shapely.Point(float(rows[iso3]["lon"]), float(rows[iso3]["lat"]))
        assert shape(features[iso3]["geometry"]).buffer(0.01).contains(point), iso3


def test_every_label_point_lies_in_its_country() -> None:
    # arcs and route labels start at these points: Fiji's once sat in the Pacific off South America (-90.2, -16.5),
    # left from geometry that crossed the antimeridian, while a fresh build put it on Viti Levu
    features = {f["id"]: shape(f["geometry"]) for f in geojson()["features"]}
    outside = [
        (row["iso3"], row["lon"], row["lat"])
        for row in countries()
        if row["iso3"] in features
        and not features[row["iso3"]].buffer(0.01).contains(shapely.Point(float(row["lon"]), float(row["lat"])))
    ]
    assert outside == []


@pytest.mark.parametrize("name", ["world_110m.json", "world_50m.json"])
def test_plotly_base_maps(name: str) -> None:
    topo = json.loads((TOPOJSON / name).read_text(encoding="utf-8"))
    assert {"land", "ocean", "coastlines", "countries", "lakes", "rivers", "subunits"} <= set(topo["objects"])
    assert (TOPOJSON / "LICENSE.md").is_file()
