"""Labels a reader sees are words, not codes: special nationality codes and the nationality filter."""

import pandas as pd

from imapdash.figures.flows import build_nationality_chart, nationality_label


def test_special_nationality_codes_have_names_in_every_language():
    for lang in ("en", "fr", "ar"):
        assert all(nationality_label(code, {}, lang) != code for code in ("OOO", "OOS", "STL", "UNK"))
    assert nationality_label("OOO", {}, "en") == "Nationality not specified"
    assert nationality_label("TUN", {"TUN": "Tunisie"}, "fr") == "Tunisie"
    rows = pd.DataFrame(
        {
            "nationality_iso3": ["OOO", "TUN"],
            "period": ["2023", "2023"],
            "value": [5, 7],
            "source_org": ["Frontex"] * 2,
            "source_url": ["https://www.frontex.europa.eu/"] * 2,
        }
    )
    legend = [trace["name"] for trace in build_nationality_chart(rows, unit="x", title="t")["data"]]
    assert "OOO" not in legend and "Nationality not specified" in legend


def test_route_map_names_the_filtered_nationality():
    from imapdash.figures.route_map import build_route_animation

    values = pd.DataFrame(
        {
            "route_id": ["central-mediterranean"],
            "period": ["2023"],
            "value": [10],
            "partial": [False],
            "source_org": ["Frontex"],
            "source_url": ["https://www.frontex.europa.eu/"],
            "note": [""],
        }
    )
    routes = pd.DataFrame({"route_id": ["central-mediterranean"], "name": ["Central Mediterranean"], "color": ["#f0f"]})
    paths = {"central-mediterranean": {"lon": [10.0, 12.0], "lat": [33.0, 37.0], "role": ["departure", "arrival"]}}
    store = build_route_animation(
        values, paths, routes, periods=["2023"], measure="detections", nationality="TUN", names={"TUN": "Tunisia"}
    )
    assert "Tunisia" in store["labels"][0] and "TUN" not in store["labels"][0]


def test_route_map_window_is_wide_and_framed_on_the_routes_given():
    from imapdash.figures.route_map import geo_window

    paths = {
        "north-south": {"lon": [10.0, 12.0], "lat": [10.0, 40.0]},
        "americas": {"lon": [-90.0, -80.0], "lat": [10.0, 30.0]},
    }
    window = geo_window(paths, ["north-south"])
    (west, east), (south, north) = window["lonaxis"]["range"], window["lataxis"]["range"]
    assert east - west >= 2 * (north - south) - 0.1  # a single north–south route no longer frames a strip
    assert west > -80  # the Americas are not pulled in
