"""Check the country geometry (GeoJSON) that the maps draw and the app serves."""

from __future__ import annotations

import json

import pandas as pd

from .errors import Problem

POLYGON_TYPES = ("Polygon", "MultiPolygon")


def check_geometry(raw: bytes, file: str, countries: pd.DataFrame | None) -> tuple[dict, list[Problem]]:
    """Parse a FeatureCollection keyed by ISO3 and report every feature that cannot be drawn.

    Row numbers here are feature positions (1 = first feature), since GeoJSON has no lines to name.
    """
    try:
        collection = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, [Problem(file, f"not valid GeoJSON: {exc}", expected="a FeatureCollection")]
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list) or collection.get("type") != "FeatureCollection":
        return {}, [Problem(file, "not a FeatureCollection", expected='{"type": "FeatureCollection"}')]
    if not features:
        return {}, [Problem(file, "has no features", expected="one feature per country")]

    problems: list[Problem] = []
    seen: dict[str, int] = {}
    known = set(countries["iso3"]) if countries is not None else None
    for position, feature in enumerate(features, start=1):
        fid = feature.get("id") if isinstance(feature, dict) else None
        geom_type = (feature.get("geometry") or {}).get("type") if isinstance(feature, dict) else None
        if not isinstance(fid, str) or len(fid) != 3 or not fid.isupper():
            problems.append(
                Problem(file, "feature id", row=position, column="id", value=str(fid), expected="an ISO3 code")
            )
            continue
        if fid in seen:
            problems.append(
                Problem(
                    file,
                    f"duplicate feature id, first at feature {seen[fid]}",
                    row=position,
                    column="id",
                    value=fid,
                    expected="each id once",
                )
            )
        seen.setdefault(fid, position)
        if known is not None and fid not in known:
            problems.append(
                Problem(
                    file,
                    "feature id not in countries.csv",
                    row=position,
                    column="id",
                    value=fid,
                    expected="an ISO3 code listed in countries.csv",
                )
            )
        if geom_type not in POLYGON_TYPES:
            problems.append(
                Problem(
                    file,
                    "geometry type",
                    row=position,
                    column="geometry",
                    value=str(geom_type),
                    expected="Polygon or MultiPolygon",
                )
            )
    if problems:
        return {}, problems
    import shapely  # on use: the app validates its data in a child process (imapdash.memory.load_apart)
    from shapely.geometry import shape

    try:
        # shapely alone (geopandas costs ~12 MB more per worker for the same check; issue 20)
        geometries = [shape(feature["geometry"]) for feature in features]
    except (ValueError, TypeError, KeyError, AttributeError, shapely.errors.GEOSException) as exc:
        return {}, [Problem(file, f"geometry cannot be read: {exc}", expected="valid GeoJSON geometries")]
    valid = shapely.is_valid(geometries)
    for position in (i for i, ok in enumerate(valid) if not ok):
        problems.append(
            Problem(
                file,
                "invalid geometry (self-intersection or broken ring)",
                row=int(position) + 1,
                column="geometry",
                value=features[position]["id"],
                expected="a valid polygon",
            )
        )
    if countries is not None:
        flagged = set(countries.loc[countries["has_geometry"].astype(bool), "iso3"])
        missing = sorted(flagged - set(seen))
        problems.extend(
            Problem(
                "countries.csv",
                "has_geometry is 1 but countries.geojson has no feature",
                column="has_geometry",
                value=code,
                expected="a feature with this id",
            )
            for code in missing
        )
    return collection, problems
