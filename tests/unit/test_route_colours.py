"""Route colours stay apart for readers with colour-vision deficiency (and the simulation is right).

Thresholds (CIEDE2000): 20 in normal vision and 10 under each simulated dichromacy (Machado et al.
2009, severity 1.0). One unit is about a just-noticeable difference between large patches; thin map
lines and small legend swatches need far more, so 10 is asked for even in the worst simulation and 20
(clearly different categories) in normal vision. Every route line must also reach 3:1 contrast with
the light map surfaces (WCAG 2.1 non-text contrast), and stay ΔE00 ≥ 15 from the map's greys.
"""

from __future__ import annotations

import csv
from itertools import combinations
from pathlib import Path

import pytest

from imapdash.figures.colour_vision import (
    DEFICIENCIES,
    VISIONS,
    closest_pairs,
    contrast_ratio,
    delta_e_2000,
    distance,
    parse_hex,
    simulate,
    simulate_hex,
    to_hex,
    to_lab,
)
from imapdash.figures.route_map import INCIDENT_COLOR
from imapdash.theme import NO_DATA_COLOR

DATA = Path(__file__).resolve().parents[2] / "data"
MIN_DISTANCE = {"normal": 20.0, "protanopia": 10.0, "deuteranopia": 10.0, "tritanopia": 10.0}
MIN_CONTRAST = 3.0
# The light surfaces a route line is drawn on (route_map.py: land, ocean; legend background white).
MAP_SURFACES = ("#eeeeee", "#f3f7fb", "#ffffff")
MAP_GREYS = (*MAP_SURFACES, NO_DATA_COLOR, "#bbbbbb")  # + no-data fill and coastlines
# The dead-and-missing markers, rgba(120, 0, 0, 0.55) over the land colour.
INCIDENT_ON_LAND = "#AD6B6B"

# Sharma, Wu & Dalal (2005), Table 1: L1, a1, b1, L2, a2, b2, ΔE00 (pairs 1, 2, 13, 15, 17, 18).
SHARMA_2005 = [
    (50.0, 2.6772, -79.7751, 50.0, 0.0, -82.7485, 2.0425),
    (50.0, 3.1571, -77.2803, 50.0, 0.0, -82.7485, 2.8615),
    (50.0, 2.4900, -0.0010, 50.0, -2.4900, 0.0009, 7.1792),
    (50.0, 2.4900, -0.0010, 50.0, -2.4900, 0.0011, 7.2195),
    (50.0, 2.5, 0.0, 73.0, 25.0, -18.0, 27.1492),
    (50.0, 2.5, 0.0, 61.0, -5.0, 29.0, 22.8977),
]

# The colours a review found too close under deuteranopia (data/routes.csv before this check).
OLD_COLOURS = {
    "ehoa-eastern": "#44AA99",
    "frontex-other": "#999999",
    "western-balkan": "#CC79A7",
    "central-american": "#CC6677",
    "western-mediterranean": "#009E73",
}


def read_routes() -> list[dict[str, str]]:
    with open(DATA / "routes.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def drawn_routes() -> set[str]:
    """Routes with waypoints: all of them are traces of the same route map."""
    with open(DATA / "route_waypoints.csv", newline="", encoding="utf-8") as handle:
        return {row["route_id"] for row in csv.DictReader(handle)}


def too_close(colours: dict[str, str], pairs) -> list[tuple[str, str, str, float]]:
    """(route, route, vision, ΔE00) for every pair below its threshold."""
    return [
        (a, b, vision, round(distance(colours[a], colours[b], vision), 1))
        for a, b in pairs
        for vision in VISIONS
        if distance(colours[a], colours[b], vision) < MIN_DISTANCE[vision]
    ]


def same_region_pairs(routes: list[dict[str, str]]) -> list[tuple[str, str]]:
    return [(a["route_id"], b["route_id"]) for a, b in combinations(routes, 2) if a["region"] == b["region"]]


@pytest.mark.parametrize(("l1", "a1", "b1", "l2", "a2", "b2", "expected"), SHARMA_2005)
def test_ciede2000_matches_sharma_test_data(l1, a1, b1, l2, a2, b2, expected):
    assert delta_e_2000((l1, a1, b1), (l2, a2, b2)) == pytest.approx(expected, abs=5e-5)
    assert delta_e_2000((l2, a2, b2), (l1, a1, b1)) == pytest.approx(expected, abs=5e-5)


def test_cielab_of_known_srgb_colours():
    assert to_lab((1.0, 1.0, 1.0)) == pytest.approx((100.0, 0.0, 0.0), abs=1e-4)
    assert to_lab((0.0, 0.0, 0.0)) == pytest.approx((0.0, 0.0, 0.0), abs=1e-9)
    assert to_lab(parse_hex("#FF0000")) == pytest.approx((53.24, 80.09, 67.20), abs=0.01)
    assert to_lab(parse_hex("#808080")) == pytest.approx((53.59, 0.0, 0.0), abs=0.01)


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("grey", ["#000000", "#404040", "#808080", "#D9D9D9", "#FFFFFF"])
def test_greys_stay_grey(vision, grey):
    assert simulate_hex(grey, vision) == grey.upper()
    assert distance(grey, grey, vision) == 0


def test_simulations_confuse_what_each_deficiency_confuses():
    red, green = "#D00000", "#00A000"
    for vision in ("protanopia", "deuteranopia"):  # red-green confusions
        assert distance(red, green, vision) < distance(red, green) / 2
    assert distance(red, green, "tritanopia") > 40  # red-green stays apart without S cones
    blue, bluish_green = "#0072B2", "#009E73"  # Okabe-Ito pair that only tritanopes confuse
    assert distance(blue, bluish_green, "tritanopia") < distance(blue, bluish_green) / 2
    assert distance(blue, bluish_green, "deuteranopia") > 0.8 * distance(blue, bluish_green)
    # protanopes see red much darker than deuteranopes do
    assert (
        to_lab(simulate(parse_hex("#FF0000"), "protanopia"))[0]
        < to_lab(simulate(parse_hex("#FF0000"), "deuteranopia"))[0] - 10
    )


def test_hex_round_trip_and_contrast():
    assert to_hex(parse_hex("#0072b2")) == "#0072B2"
    assert to_hex(parse_hex("#abc")) == "#AABBCC"
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    with pytest.raises(ValueError):
        parse_hex("#12345")
    with pytest.raises(ValueError):
        simulate((0.5, 0.5, 0.5), "achromatopsia")  # type: ignore[arg-type]


def test_the_check_flags_the_pairs_the_review_found():
    pairs = [
        ("ehoa-eastern", "frontex-other"),
        ("ehoa-eastern", "western-balkan"),
        ("central-american", "western-mediterranean"),
    ]
    flagged = {(a, b) for a, b, vision, _ in too_close(OLD_COLOURS, pairs) if vision == "deuteranopia"}
    assert flagged == set(pairs)


def test_routes_of_the_same_region_are_apart_in_every_simulation():
    routes = read_routes()
    colours = {r["route_id"]: r["color"] for r in routes}
    assert too_close(colours, same_region_pairs(routes)) == []


def test_routes_drawn_on_the_route_map_are_apart_in_every_simulation():
    colours = {r["route_id"]: r["color"] for r in read_routes()}
    drawn = sorted(drawn_routes() & set(colours))
    assert len(drawn) >= 10
    assert too_close(colours, combinations(drawn, 2)) == []


def test_all_route_colours_keep_the_floor_reached_for_eighteen_routes():
    """All 18 routes, drawn or not (the full thresholds cannot all be met within the contrast limit).

    A route without waypoints today (e.g. frontex-other) gets a line as soon as it gets waypoints;
    this floor (ΔE00 16 normal, 8 simulated) keeps any such pair from falling back to ~3.
    """
    colours = {r["route_id"]: r["color"] for r in read_routes()}
    closest = closest_pairs(colours)
    assert closest["normal"][0] >= 16, closest["normal"]
    for vision in DEFICIENCIES:
        assert closest[vision][0] >= 8, closest[vision]


def test_route_colours_stand_out_from_the_map():
    colours = {r["route_id"]: r["color"] for r in read_routes()}
    assert INCIDENT_COLOR == "rgba(120, 0, 0, 0.55)"  # INCIDENT_ON_LAND is this over #eeeeee
    for route, colour in colours.items():
        for surface in MAP_SURFACES:
            assert contrast_ratio(colour, surface) >= MIN_CONTRAST, (route, surface)
        for vision in VISIONS:
            for grey in MAP_GREYS:
                assert distance(colour, grey, vision) >= 15, (route, grey, vision)
            assert distance(colour, INCIDENT_ON_LAND, vision) >= MIN_DISTANCE[vision] / 2, (route, vision)
