"""Country profile in three languages and the comparison view, in headless Chromium over the bundled data.

What a reader sees: generated key facts in the page language, charts drawn with translated axis titles,
right to left in Arabic; the comparison adds a country from the picker, writes it into the URL and keeps
one value axis per row.
"""

import json

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from imapdash.figures.sources import format_vintage
from imapdash.ids import Compare, Profile
from tests.browser.test_partner_browser import settled
from tests.conftest import BUNDLED_DATA, EXTERNAL_REQUESTS_JS, pick_dropdown_option

pytestmark = pytest.mark.browser

SVG_TEXT_JS = """
return Array.from(document.querySelectorAll('#page-content .js-plotly-plot svg text')).map(e => e.textContent);
"""
Y_RANGES_JS = """
return Array.from(document.querySelectorAll('.compare-cell[data-section="%s"] .js-plotly-plot'))
  .map(g => g.layout && g.layout.yaxis && g.layout.yaxis.range && g.layout.yaxis.range[1]);
"""

EXPECTED = {
    "en": ("3rd most detected nationality", "Detections (per year)", "ltr", "Dead and missing"),
    "fr": ("3e nationalité la plus détectée", "Détections (par an)", "ltr", "Morts et disparus"),
    "ar": ("المرتبة 3", "حالات الرصد (سنويًا)", "rtl", "القتلى والمفقودون"),
}


def _charts_drawn(duo, at_least: int, timeout: int = 40) -> None:
    WebDriverWait(duo.driver, timeout).until(
        lambda d: (
            d.execute_script("return document.querySelectorAll('#page-content .js-plotly-plot .main-svg').length")
            >= at_least
        )
    )


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_tunisia_profile_in_three_languages(bundled_app, start_app, lang):
    fact, axis, direction, section = EXPECTED[lang]
    duo = start_app(bundled_app, f"/country/TUN?lang={lang}")
    duo.wait_for_contains_text(f"#{Profile.FACTS}", fact, timeout=30)
    _charts_drawn(duo, 8)
    assert duo.driver.execute_script("return document.querySelector('#app-root').getAttribute('dir')") == direction
    assert axis in duo.driver.execute_script(SVG_TEXT_JS)
    assert section in duo.find_element(f"#{Profile.SECTIONS}").text
    with_data = duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('.profile-section[data-has-data=\"1\"]')).length"
    )
    assert with_data >= 6
    sparkline_years = duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('.profile-card__sparkline .xtick text')).map(e => e.textContent)"
    )
    assert "2024" in sparkline_years and "1990" in sparkline_years
    assert duo.driver.execute_script(EXTERNAL_REQUESTS_JS) == []
    settled(duo)
    assert duo.get_logs() == []


def test_comparison_adds_a_country_keeps_it_in_the_url_and_shares_scales(bundled_app, start_app):
    duo = start_app(bundled_app, "/compare?c=TUN,NER")
    duo.wait_for_element('.compare-cell[data-iso3="NER"][data-section="detections"]', timeout=30)
    _charts_drawn(duo, 10)
    settled(duo)
    pick_dropdown_option(duo, Compare.PICKER, "Libya")
    duo.wait_for_element('.compare-cell[data-iso3="LBY"][data-section="refugees"]', timeout=60)
    WebDriverWait(duo.driver, 60).until(lambda d: "c=TUN,NER,LBY" in d.current_url)
    _charts_drawn(duo, 15)
    for section in ("refugees", "detections"):
        tops = [r for r in duo.driver.execute_script(Y_RANGES_JS % section) if r is not None]
        assert len(tops) >= 3 and len(set(tops)) == 1, (section, tops)
    duo.driver.back()
    WebDriverWait(duo.driver, 60).until(lambda d: "c=TUN,NER" in d.current_url and "LBY" not in d.current_url)
    WebDriverWait(duo.driver, 60).until(lambda d: not d.find_elements("css selector", '.compare-cell[data-iso3="LBY"]'))
    settled(duo)
    assert duo.get_logs() == []


def test_printable_brief_fits_one_a4_page_with_date_and_release(bundled_app, start_app):
    import base64
    import re

    duo = start_app(bundled_app, "/country/TUN?brief=1")
    duo.wait_for_contains_text(f"#{Profile.FACTS}", "3rd most detected nationality", timeout=30)
    _charts_drawn(duo, 7)
    settled(duo)
    line = duo.find_element(f"#{Profile.DATA_LINE}").text
    built = json.loads((BUNDLED_DATA / "manifest.json").read_text(encoding="utf-8"))["built_at"]
    assert format_vintage(built, "en") in line and "data release 1" in line
    assert not duo.driver.find_elements("css selector", f"#{Profile.CARDS}")
    pdf = duo.driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"]
    pages = re.findall(rb"/Type\s*/Page[^s]", base64.b64decode(pdf))
    assert len(pages) == 1
    assert duo.get_logs() == []
