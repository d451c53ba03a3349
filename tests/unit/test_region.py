"""The region comes from the manifest: presets, frames, labels, and every problem named in manifest.json."""

import pandas as pd
import pytest

from imapdash.datasets import load_datasets
from imapdash.datasets.region import bounds, frame_for, read_region
from tests.conftest import BUNDLED_DATA, FIXTURE_DATA

COUNTRIES = pd.DataFrame(
    {
        "iso3": ["KEN", "ETH", "ITA"],
        "region": ["Africa", "Africa", "Europe"],
        "subregion": ["Eastern Africa", "Eastern Africa", "Southern Europe"],
        "partner": [True, True, False],
    }
)
SQUARE = lambda x0, y0, x1, y1: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]  # noqa: E731
GEOMETRY = {
    "features": [
        {"id": "KEN", "geometry": {"type": "Polygon", "coordinates": SQUARE(34, -5, 42, 5)}},
        {"id": "ETH", "geometry": {"type": "MultiPolygon", "coordinates": [SQUARE(33, 3, 48, 15)]}},
        {"id": "ITA", "geometry": {"type": "Polygon", "coordinates": SQUARE(6, 36, 19, 47)}},
    ]
}


def _manifest(**region):
    base = {
        "id": "ehoa",
        "name": {"en": "East Africa", "fr": "Afrique de l'Est"},
        "partner_label": {"en": {"one": "member state", "many": "member states"}},
        "presets": [
            {"id": "region", "name": {"en": "East Africa"}, "countries": "partners"},
            {"id": "europe", "name": {"en": "Europe", "fr": "Europe"}, "countries": {"region": "Europe"}},
            {"id": "set", "name": "Two", "countries": ["KEN", "ITA"], "frame": {"lon": [0, 50], "lat": [-10, 50]}},
        ],
        "default_preset": "region",
        "languages": ["en", "fr"],
    }
    return {"region": base | region, "datasets": {}}


def test_presets_frame_their_countries_and_texts_fall_back_to_english():
    region, problems = read_region(_manifest(), COUNTRIES, GEOMETRY)
    assert problems == []
    assert region.preset_ids() == ["region", "europe", "set"]
    home = region.preset("region")
    assert home.countries == ("KEN", "ETH")
    # padded box of KEN+ETH (lon 33..48, lat -5..15) is 21 x 26 degrees, widened to 2:1
    assert home.lat == (-8.0, 18.0) and home.lon[1] - home.lon[0] == 52.0
    assert region.preset("set").lon == (0.0, 50.0)
    assert region.preset("nowhere").id == "region"
    assert region.preset_name("region", "fr") == "East Africa"  # no French name: English
    assert region.name("fr") == "Afrique de l'Est"
    assert region.partners_label("ar") == "member states" and region.partners_label("en", many=False) == "member state"
    assert region.languages == ("en", "fr")


def test_every_region_problem_is_named():
    manifest = _manifest(
        presets=[{"id": "a", "name": {"en": "A"}, "countries": ["KEN", "XXX"]}, {"name": "no id"}],
        default_preset="b",
        languages=["en", "de"],
        partner_label={"en": "member states"},
    )
    region, problems = read_region(manifest, COUNTRIES, GEOMETRY)
    where = {(p.file, p.column, p.message) for p in problems}
    assert ("manifest.json", "region.presets[0].countries", "unknown country") in where
    assert ("manifest.json", "region.presets[1]", "preset needs an id") in where
    assert ("manifest.json", "region.default_preset", "unknown preset") in where
    assert ("manifest.json", "region.languages", "invalid list") in where
    assert ("manifest.json", "region.partner_label", "invalid partner label") in where
    assert region.preset("a").countries == ("KEN",)


def test_a_manifest_without_region_frames_every_country():
    region, problems = read_region({"region": "x", "datasets": {}}, COUNTRIES, GEOMETRY)
    assert problems == [] and region.id == "x" and region.partners_label("en") == ""
    assert region.preset_ids() == ["all"]
    assert region.preset("all").lat[0] < -5 and region.preset("all").lat[1] > 47


def test_bounds_and_frame():
    assert bounds(GEOMETRY, ["ITA"]) == ((6.0, 19.0), (36.0, 47.0))
    assert bounds(GEOMETRY, ["ZZZ"]) is None
    (w, e), (s, n) = frame_for(((-179.0, 179.0), (-89.0, 89.0)))
    assert w >= -180 and e <= 180 and s >= -90 and n <= 90


def test_bundled_and_fixture_regions():
    bundled = load_datasets(BUNDLED_DATA).region
    assert bundled.default_preset in bundled.preset_ids()
    assert len(bundled.preset(bundled.default_preset).countries) == 34  # the partner states of countries.csv
    fixture = load_datasets(FIXTURE_DATA).region
    assert fixture.preset("home").countries == ("ITA", "LBY", "MLT", "TUN")


def test_the_second_region_ships_and_says_nothing_of_the_first():
    from databuild.region_ehoa import NAME, REGION_COUNTRIES

    directory = BUNDLED_DATA.parent / "examples" / "regions" / NAME
    datasets = load_datasets(directory)
    region = datasets.region
    assert region.name("en") == "East and Horn of Africa and the Great Lakes"
    assert set(region.preset("region").countries) == set(REGION_COUNTRIES)
    (w, e), (s, n) = region.preset("region").lon, region.preset("region").lat
    # the countries' polygons span lon 12.2 (DR Congo) to 51.4 (Somalia), lat -13.4 (Tanzania) to 22.2 (Sudan)
    assert w < 12.2 and e > 51.4 and s < -13.4 and n > 22.2
    assert e - w == pytest.approx(2 * (n - s), abs=0.2) and n - s < 45  # a wide frame, not the world
    assert not datasets.has("media") and not datasets.has("arrivals") and datasets.has("routes")
    assert set(datasets.routes["region"]) == {"horn-of-africa"}
    text = "".join(p.read_text(encoding="utf-8") for p in directory.glob("manifest.json"))
    assert "MTM" not in text and "Mediterranean Transit" not in text
