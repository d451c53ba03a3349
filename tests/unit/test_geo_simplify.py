"""Region-aware simplification of the country geometry (databuild/geo.py, issue 20).

Borders and coasts in the area the region's map presets frame keep the fine tolerance; the others are
simplified at the coarse one; a border shared by two countries stays one line for both.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Polygon

from databuild import geo

FINE, COARSE = 0.03, 0.15
WIGGLE = 0.06  # between the two tolerances: kept at FINE, dropped at COARSE
STEPS = 40


def _border(x0: float, y0: float) -> list[tuple[float, float]]:
    """A north-south border from (x0, y0) to (x0, y0 + 4) that wiggles WIGGLE degrees east and west."""
    return [(x0 + (WIGGLE if i % 2 else 0.0), y0 + 4 * i / STEPS) for i in range(STEPS + 1)]


def _pair(x0: float, y0: float) -> tuple[Polygon, Polygon]:
    """Two 4x4-degree countries side by side sharing the wiggly border at x0."""
    border = _border(x0, y0)
    west = Polygon([(x0 - 4, y0), *border, (x0 - 4, y0 + 4)])
    east = Polygon([*border, (x0 + 4, y0 + 4), (x0 + 4, y0)])
    return west, east


def _countries() -> gpd.GeoDataFrame:
    near_w, near_e = _pair(10.0, 30.0)  # inside the frame below
    far_w, far_e = _pair(-100.0, 40.0)  # far outside it
    return gpd.GeoDataFrame(
        {"iso3": ["NWW", "NEE", "FWW", "FEE"], "geometry": [near_w, near_e, far_w, far_e]},
        geometry="geometry",
        crs="EPSG:4326",
    )


LOOK = [((0.0, 20.0), (25.0, 40.0))]


def _border_vertices(geom: shapely.Geometry, x0: float) -> set[tuple[float, float]]:
    """The vertices of a country on its wiggly border (x within the wiggle of x0, off the corners' latitudes)."""
    xy = shapely.get_coordinates(geom)
    on = (xy[:, 0] >= x0 - 1e-9) & (xy[:, 0] <= x0 + WIGGLE + 1e-9)
    return {(round(x, 3), round(y, 3)) for x, y in xy[on]}


def _simplified(look: list | None) -> dict[str, shapely.Geometry]:
    out = geo.simplify(_countries(), FINE, look=look, coarse=COARSE)
    return dict(zip(out["iso3"], out.geometry, strict=True))


def test_arcs_in_the_frames_keep_fine_detail_and_the_others_are_simplified_more() -> None:
    shapes = _simplified(LOOK)
    # in the frames: every wiggle of the border stays (it is wider than the fine tolerance)
    assert len(_border_vertices(shapes["NWW"], 10.0)) == STEPS + 1
    # far away: the wiggles are below the coarse tolerance and go (the border's ends stay)
    assert len(_border_vertices(shapes["FWW"], -100.0)) <= 3
    # without a look area, everything is simplified at the fine tolerance (the old, uniform rule)
    uniform = _simplified(None)
    assert len(_border_vertices(uniform["FWW"], -100.0)) == STEPS + 1


def test_a_shared_border_stays_identical_for_both_neighbours() -> None:
    shapes = _simplified(LOOK)
    for west, east, x0 in (("NWW", "NEE", 10.0), ("FWW", "FEE", -100.0)):
        assert _border_vertices(shapes[west], x0) == _border_vertices(shapes[east], x0)
        assert shapes[west].intersection(shapes[east]).area == pytest.approx(0, abs=1e-9)  # no overlap
        assert shapes[west].union(shapes[east]).area == pytest.approx(32, abs=1e-6)  # no gap, no sliver
        for shape in (shapes[west], shapes[east]):
            assert shape.is_valid
            assert not shape.exterior.is_ccw  # outer rings clockwise, as plotly's geo needs


def test_an_arc_crossing_the_frame_edge_is_fine_inside_and_coarse_outside() -> None:
    # one border running from far south (outside) into the frame: cut where it enters, each side on its own
    xy = np.array([(0.05 if i % 2 else 0.0, -20.0 + i) for i in range(61)])  # y from -20 to 40, wiggling
    frame = [((-5.0, 5.0), (10.0, 50.0))]
    out = geo.simplify_arc(xy, frame, FINE, COARSE)
    inside = out[out[:, 1] > 10.0]
    outside = out[out[:, 1] < 9.0]
    assert len(inside) == (xy[:, 1] > 10.0).sum()  # every wiggle in the frame stays
    assert len(outside) <= 2  # the wiggles south of it go
    assert tuple(out[0]) == tuple(xy[0]) and tuple(out[-1]) == tuple(xy[-1])  # the arc's ends stay


def test_look_area_is_the_union_of_the_non_world_preset_frames() -> None:
    countries = pd.DataFrame({"iso3": ["NWW", "NEE", "FWW"], "partner": [1, 1, 0], "region": ["A", "A", "B"]})
    geometry = geo.raw_geojson(_countries())
    manifest = {
        "region": {
            "id": "test",
            "name": "Test",
            "presets": [
                {"id": "framed", "name": "Framed", "countries": "partners", "frame": {"lon": [0, 20], "lat": [25, 40]}},
                {"id": "b", "name": "B", "countries": {"region": "B"}},  # frame from its countries' bounds
                {"id": "world", "name": "World", "countries": "all", "frame": {"lon": [-180, 180], "lat": [-58, 84]}},
                {"id": "half", "name": "Half", "countries": "all", "frame": {"lon": [-70, 117], "lat": [-53, 40]}},
            ],
        }
    }
    boxes = geo.look_area([(manifest, countries)], geometry)
    m = geo.LOOK_MARGIN_DEGREES
    assert boxes[0] == ((0 - m, 20 + m), (25 - m, 40 + m))
    assert len(boxes) == 2  # the world and the half-globe presets do not narrow anything (coarse is ~1 px there)
    (west, east), (south, north) = boxes[1]
    assert west < -104 and east > -96 and south < 40 and north > 44  # around FWW (lon -104..-96, lat 40..44)
