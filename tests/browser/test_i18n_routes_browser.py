"""Routes, News Centre and partner prompt opened in Arabic: right to left, and no English interface text left.

The English catalogue values of the three namespaces (those that differ in Arabic) must not appear in the
page's text, its charts' SVG text or the animation's period label. Data written in English (news titles,
outlets, publisher names) is marked with its own `lang` and left out.
"""

import json
from pathlib import Path

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from imapdash.ids import News, Partner, Routes
from tests.browser.test_partner_browser import settled
from tests.conftest import EXTERNAL_REQUESTS_JS

pytestmark = pytest.mark.browser

MESSAGES = Path(__file__).resolve().parents[2] / "imapdash" / "i18n" / "messages"

# Words counted in the items (the tick labels of the news terms and word-pairs charts, and their tables)
# are data in the items' own language, not interface text: an English article's "country" is not an
# untranslated label. The charts' titles and axes are still checked.
ITEM_WORDS = "#news-terms .ytick, #news-bigrams .ytick, #news-terms-alt-table, #news-bigrams-alt-table"
PAGE_TEXT_JS = """
const root = document.querySelector('#page-content').cloneNode(true);
root.querySelectorAll('[lang]:not([lang="ar"]), .news-item-outlet, .source-note, .modebar, code, ITEM_WORDS')
  .forEach(e => e.remove());
const svg = Array.from(document.querySelectorAll('#page-content svg text'))
  .filter(e => !e.closest('.annotation') && !e.closest('ITEM_WORDS'))
  .map(e => e.textContent);
return root.textContent + '\\n' + svg.join('\\n');
""".replace("ITEM_WORDS", ITEM_WORDS)


def english_strings(*namespaces: str) -> set[str]:
    """English catalogue values longer than 3 characters, without placeholders, that Arabic translates."""
    found = set()
    for name in namespaces:
        english = json.loads((MESSAGES / "en" / f"{name}.json").read_text(encoding="utf-8"))
        arabic = json.loads((MESSAGES / "ar" / f"{name}.json").read_text(encoding="utf-8"))
        found |= {v.strip() for k, v in english.items() if len(v.strip()) > 3 and "{" not in v and v != arabic[k]}
    return found


def _english_in_page(duo, namespaces=("routes", "news", "partner")) -> list[str]:
    text = duo.driver.execute_script(PAGE_TEXT_JS)
    return sorted(s for s in english_strings(*namespaces) if s in text)


def _rtl(duo) -> None:
    WebDriverWait(duo.driver, 60).until(
        lambda d: d.execute_script("return document.querySelector('#app-root')?.getAttribute('dir')") == "rtl"
    )


def test_routes_in_arabic_has_no_english_interface_text(bundled_app, start_app):
    duo = start_app(bundled_app, "/routes?lang=ar&route=central-mediterranean&from=2014&to=2024")
    _rtl(duo)
    duo.wait_for_contains_text(f"#{Routes.LABEL}", "2024")
    duo.wait_for_contains_text(f"#{Routes.LABEL}", "حالات الرصد")
    duo.wait_for_element(f"#{Routes.MAP} .scattergeo")
    duo.wait_for_contains_text(f"#{Routes.SOURCES}", "المصادر جنبًا إلى جنب")
    duo.wait_for_contains_text(f"#{Routes.MEASURE_NOTE}", "حالات رصد")
    duo.find_element(f"#{Routes.PLAY}").click()
    seen = set()
    WebDriverWait(duo.driver, 30, poll_frequency=0.05).until(
        lambda d: seen.add(duo.find_element(f"#{Routes.LABEL}").text) or len(seen) >= 3
    )
    duo.find_element(f"#{Routes.PAUSE}").click()
    assert all("حالات الرصد لدى Frontex" in label for label in seen if label)
    assert _english_in_page(duo) == []
    assert "lang=ar" in duo.driver.current_url or "lang" not in duo.driver.current_url
    assert duo.driver.execute_script(EXTERNAL_REQUESTS_JS) == []
    assert duo.get_logs() == []


def test_news_in_arabic_has_no_english_interface_text(bundled_app, start_app):
    duo = start_app(bundled_app, "/news?lang=ar")
    _rtl(duo)
    duo.wait_for_contains_text(f"#{News.COUNT}", "من أصل 2463")
    duo.wait_for_element(f"#{News.TREND} .bars")
    assert _english_in_page(duo) == []
    # one rule for time in every language: the first year's box on the left, like the slider's track
    first, last = (
        duo.find_element(f"#{News.YEARS} .dash-range-slider-{end}-input").location["x"] for end in ("min", "max")
    )
    assert first < last
    assert duo.get_logs() == []


def test_partner_prompt_in_arabic(bundled_app, start_app):
    duo = start_app(bundled_app, "/partner?lang=ar")
    _rtl(duo)
    duo.wait_for_contains_text(f"#{Partner.LOGIN_PROMPT}", "تسجيل الدخول")
    assert _english_in_page(duo) == []
    settled(duo)
    assert duo.get_logs() == [], "no partner callback fires (or is refused) for an anonymous visitor"
