"""The second region (East and Horn of Africa and the Great Lakes) and a region of only the required files,
in headless Chromium: the map frames the region, presets and labels come from its manifest, no "MTM" anywhere,
corridors are drawn as arcs, views without data step aside. Saves region-*.png screenshots into a temporary folder,
or into docs/screenshots/ when IMAPDASH_UPDATE_SCREENSHOTS=1 (a test run leaves the committed files alone)."""

import os
import tempfile
from pathlib import Path

import pytest

from databuild.region_ehoa import NAME
from imapdash.factory import create_app
from imapdash.ids import Explorer, Shell
from tests.conftest import EXTERNAL_REQUESTS_JS, REPO, make_settings, wait_until
from tests.integration.test_minimal_region import minimal_region

pytestmark = pytest.mark.browser

REGION_DIR = REPO / "examples" / "regions" / NAME
SCREENSHOTS = (
    REPO / "docs" / "screenshots"
    if os.environ.get("IMAPDASH_UPDATE_SCREENSHOTS") == "1"
    else Path(tempfile.gettempdir()) / "imapdash-region-screenshots"
)
GEO_RANGE_JS = f"""
const plot = document.querySelector('#{Explorer.MAP} .js-plotly-plot');
return plot && plot._fullLayout && plot._fullLayout.geo
  ? [plot._fullLayout.geo.lonaxis.range, plot._fullLayout.geo.lataxis.range] : null;
"""
# one path per width class; each arc is one "M…" segment of it
ARC_PATHS_JS = f"""
return Array.from(document.querySelectorAll('#{Explorer.MAP} .scatterlayer path.js-line'))
  .reduce((n, p) => n + ((p.getAttribute('d') || '').match(/M/g) || []).length, 0);
"""


@pytest.fixture(scope="module")
def region_app(tmp_path_factory):
    return create_app(make_settings(tmp_path_factory.mktemp("ehoa"), REGION_DIR))


def _wait(duo, condition, timeout=60):
    try:
        return wait_until(duo.driver, condition, timeout)
    except TimeoutError as exc:
        pytest.fail(f"{exc} at {duo.driver.current_url}")


def _text(duo, selector="body"):
    return duo.driver.execute_script(f"return document.querySelector('{selector}').innerText")


def test_the_second_region_frames_its_countries_with_its_own_presets(region_app, start_app):
    duo = start_app(region_app)
    duo.wait_for_element(f"#{Explorer.MAP} path.choroplethlocation", timeout=30)
    lon, lat = _wait(duo, lambda: duo.driver.execute_script(GEO_RANGE_JS))
    # the region's polygons span lon 12.2 (DR Congo) to 51.4 (Somalia), lat -13.4 (Tanzania) to 22.2 (Sudan)
    assert lon[0] < 12.2 and lon[1] > 51.4 and lat[0] < -13.4 and lat[1] > 22.2
    assert lat[1] - lat[0] < 45  # the region, not Europe and Africa together
    assert _text(duo, f"#{Explorer.REGION}").strip() == "East, Horn and Great Lakes"
    assert "monitoring points, 2024" in _text(duo, f"#{Explorer.MAP}")  # the default indicator of its manifest
    links = _text(duo, f"#{Shell.LINKS}")
    assert "Routes" in links and "News" not in links  # no media.csv in this region
    page = _text(duo)
    assert "MTM" not in page and "Mediterranean Transit" not in page
    assert duo.driver.execute_script(EXTERNAL_REQUESTS_JS) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    duo.driver.save_screenshot(str(SCREENSHOTS / "region-ehoa-explorer.png"))
    # the preset menu lists the manifest's presets in its order
    dropdown = duo.find_element(f"#{Explorer.REGION}")
    trigger = dropdown.find_elements("css selector", "button, [role=combobox]") or [dropdown]
    duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", trigger[0])
    options = _wait(duo, lambda: [o.text for o in duo.find_elements(".dash-dropdown-options .dash-dropdown-option")])
    assert options == [
        "East, Horn and Great Lakes",
        "Horn of Africa",
        "Great Lakes",
        "Horn, Yemen and the Gulf",
        "Africa",
        "World",
    ]
    assert duo.get_logs() == []


def test_south_south_corridors_are_arcs_on_the_map(region_app, start_app):
    duo = start_app(region_app, "/?ind=fm_movements_observed&year=2024&region=region&sel=KEN&tab=map&mode=origins")
    duo.wait_for_element(f"#{Explorer.MAP} path.choroplethlocation", timeout=30)
    # examples/.../corridors.csv, 2024: ten origins of the migrants living in Kenya, each an arc to Kenya
    assert _wait(duo, lambda: duo.driver.execute_script(ARC_PATHS_JS)) == 10
    # the ranking follows the map and its controls (explorer.js sideFirst): wait for it, do not race it
    _wait(duo, lambda: "Somalia" in _text(duo, f"#{Explorer.RANKING}"))
    duo.driver.save_screenshot(str(SCREENSHOTS / "region-ehoa-corridors.png"))
    assert duo.get_logs() == []


def test_routes_and_the_missing_news_centre(region_app, start_app):
    duo = start_app(region_app, "/routes")
    _wait(duo, lambda: "Dead and missing" in _text(duo, f"#{Shell.PAGE}"))
    assert "Frontex" not in _text(duo, "#routes-measure")  # the manifest's only measure: dead and missing
    _wait(
        duo, lambda: duo.driver.execute_script("return document.querySelectorAll('.scatterlayer path.js-line').length")
    )
    duo.driver.save_screenshot(str(SCREENSHOTS / "region-ehoa-routes.png"))
    duo.driver.get(duo.server_url + "/news")
    _wait(duo, lambda: "media.csv" in _text(duo, f"#{Shell.PAGE}"))
    assert "docs/new-region.md" in _text(duo, f"#{Shell.PAGE}")


def test_a_region_of_only_the_required_files_starts_and_its_explorer_works(tmp_path, start_app):
    app = create_app(make_settings(tmp_path, minimal_region(tmp_path / "data")))
    duo = start_app(app)
    duo.wait_for_element(f"#{Explorer.MAP} path.choroplethlocation", timeout=30)
    _wait(duo, lambda: "International migrant stock" in _text(duo, f"#{Explorer.MAP}"))
    links = _text(duo, f"#{Shell.LINKS}")
    assert "Map" in links and "Routes" not in links and "News" not in links
    assert "Corridors" not in _text(duo, f"#{Explorer.MODE}")  # no corridors.csv
    assert duo.get_logs() == []
