"""No country polygon jumps across the antimeridian: plotly's geo (d3) fills such a ring's outside,
and Russia and Fiji painted the sea and every country of the explorer map in the no-data grey."""

import json
from itertools import pairwise

from tests.conftest import BUNDLED_DATA


def test_no_ring_spans_more_than_half_the_globe():
    collection = json.loads((BUNDLED_DATA / "countries.geojson").read_text(encoding="utf-8"))
    wide = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            for ring in polygon:
                lons = [x for x, _ in ring]
                if max(lons) - min(lons) > 180:
                    wide.append(feature["id"])
    assert wide == []


def test_no_edge_is_long_enough_to_bulge_into_a_great_circle():
    """d3 draws every edge as a great-circle arc: Russia's 137°-long edge along 65°N bulged over the pole."""
    collection = json.loads((BUNDLED_DATA / "countries.geojson").read_text(encoding="utf-8"))
    long_edges = set()
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for ring in (ring for polygon in polygons for ring in polygon):
            for (x1, y1), (x2, y2) in pairwise(ring):
                if abs(x1 - x2) > 2.5 or abs(y1 - y2) > 2.5:
                    long_edges.add(feature["id"])
    assert long_edges == set()
