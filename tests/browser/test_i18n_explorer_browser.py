"""The map and a country profile in Arabic and French, in headless Chromium over the bundled data."""

import re

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.ui import WebDriverWait

from imapdash.i18n import catalogue
from imapdash.ids import Explorer, Profile, Shell
from tests.conftest import EXTERNAL_REQUESTS_JS, drawn_title_js

pytestmark = pytest.mark.browser

OURS = ("explorer.", "profile.", "figure.", "indicator.", "overview.", "region.", "subregion.", "common.", "nav.")
# the page's text without passages marked as another language (a publisher's document title as published)
PAGE_TEXT_JS = f"""
const root = document.querySelector('#{Shell.PAGE}').cloneNode(true);
const lang = document.querySelector('#{Shell.ROOT}').getAttribute('lang') || 'en';
root.querySelectorAll('[lang]').forEach(e => {{ if (e.getAttribute('lang') !== lang) e.remove(); }});
document.body.appendChild(root);
const text = root.innerText;
root.remove();
return text;
"""
MAP_TITLE_JS = drawn_title_js(Explorer.MAP)


def english_leftovers(text: str, lang: str) -> set[str]:
    """English catalogue values of these views (not also used in `lang`) found as whole words in `text`."""
    english, other = catalogue("en"), catalogue(lang)
    shared = " ".join(other.values())
    found = set()
    for key, value in english.items():
        if not key.startswith(OURS) or len(value) <= 3 or value == other[key]:
            continue
        for phrase in (p.strip(" :·,.") for p in re.split(r"\{[^}]*\}", value)):
            pattern = rf"(?<!\w){re.escape(phrase)}(?!\w)"
            if len(phrase) > 3 and re.search(pattern, text) and not re.search(pattern, shared):
                found.add(phrase)
    return found


def page_text(duo, app) -> str:
    """The page's visible text without publisher names ('World Bank' stays as published)."""
    datasets = app.server.extensions["imapdash.datasets"]
    text = duo.driver.execute_script(PAGE_TEXT_JS)
    publishers = {*datasets.indicator_values["source_org"].astype(str), *datasets.flows["source_org"].astype(str)}
    for name in sorted(publishers, key=len, reverse=True):
        text = text.replace(name, "")
    return text


def _wait(duo, condition, timeout=60):
    try:
        return WebDriverWait(duo.driver, timeout).until(lambda _: condition())
    except TimeoutException:
        pytest.fail(f"timed out at {duo.driver.current_url}")


def test_arabic_map_and_profile_are_right_to_left_without_english(bundled_app, start_app):
    duo = start_app(bundled_app, "/?lang=ar&sel=TUN")
    duo.wait_for_element(f"#{Shell.ROOT}[dir='rtl']", timeout=20)
    duo.wait_for_element(f"#{Explorer.MAP} path.choroplethlocation", timeout=20)
    _wait(duo, lambda: duo.driver.execute_script(MAP_TITLE_JS) == "رصيد المهاجرين كنسبة مئوية من السكان (محسوبة)، 2020")
    assert english_leftovers(page_text(duo, bundled_app), "ar") == set()
    assert "تونس" in duo.find_element(f"#{Explorer.SELECTION}").text
    assert duo.find_element(f"#{Explorer.PLAY}").text == "▶ تشغيل"
    # the stored choice is mirrored for the server: a first request without ?lang= gets its layout in Arabic
    assert "imapdash-lang=ar" in duo.driver.execute_script("return document.cookie")
    assert duo.driver.execute_script("return document.documentElement.getAttribute('dir')") == "rtl"

    duo.find_element(f"#{Explorer.REGION}").click()  # a control change rewrites the URL and keeps the language
    duo.driver.switch_to.active_element.send_keys("أوروبا")
    _wait(duo, lambda: any(o.text == "أوروبا" for o in duo.find_elements(".dash-dropdown-option")))
    next(o for o in duo.find_elements(".dash-dropdown-option") if o.text == "أوروبا").click()
    _wait(duo, lambda: "region=europe" in duo.driver.current_url)
    map_url = duo.driver.current_url
    assert "lang=ar" in map_url

    _wait(duo, lambda: duo.find_element(f"#{Explorer.PROFILE_LINK}").text == "فتح ملف: تونس")
    duo.find_element(f"#{Explorer.PROFILE_LINK}").click()
    duo.wait_for_text_to_equal(f"#{Profile.TITLE}", "تونس", timeout=20)
    assert duo.driver.current_url.endswith("/country/TUN?lang=ar")
    assert duo.find_element(f"#{Shell.ROOT}").get_attribute("dir") == "rtl"
    assert english_leftovers(page_text(duo, bundled_app), "ar") == set()
    assert "شمال أفريقيا" in duo.find_element(f"#{Profile.PAGE}").text

    duo.driver.back()
    duo.wait_for_element(f"#{Explorer.MAP} path.choroplethlocation", timeout=20)
    assert duo.driver.current_url == map_url
    _wait(duo, lambda: duo.driver.execute_script(MAP_TITLE_JS).endswith("، 2020"))
    assert duo.find_element(f"#{Shell.ROOT}").get_attribute("dir") == "rtl"
    assert duo.driver.execute_script(EXTERNAL_REQUESTS_JS) == []
    assert duo.get_logs() == []


def test_french_profile_formats_numbers_and_has_no_english(bundled_app, start_app):
    duo = start_app(bundled_app, "/country/TUN?lang=fr")
    duo.wait_for_text_to_equal(f"#{Profile.TITLE}", "Tunisie", timeout=20)
    assert duo.find_element(f"#{Shell.ROOT}").get_attribute("dir") == "ltr"
    text = page_text(duo, bundled_app)
    assert english_leftovers(text, "fr") == set()
    card = duo.find_element("#profile-card-refugees_hosted").text
    # data/indicator_values.csv: refugees_hosted TUN mid-2024 (provisional) = 3840, with French digit grouping
    assert "3\u202f840" in card and "mi-2024 (provisoire)" in card
    assert duo.get_logs() == []
