"""Partner journey in headless Chromium: log in, see restricted figures, log out, old cookie is dead."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from imapdash.auth.models import User
from imapdash.auth.passwords import hash_password
from imapdash.db import session_scope
from imapdash.ids import Partner
from tests.conftest import EXTERNAL_REQUESTS_JS

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def settled(duo, timeout: float = 10) -> None:
    """Wait until the renderer has no callback in flight (so any refused request would be logged)."""
    WebDriverWait(duo.driver, timeout, poll_frequency=0.2).until(lambda _: duo.redux_state_rqs == [])


def test_partner_logs_in_sees_restricted_data_logs_out_and_old_cookie_is_refused(app, start_app):
    with session_scope(app.server) as db:
        db.add(User(username="agency", role="partner_agency", password_hash=hash_password(PASSWORD, profile="test")))
    duo = start_app(app, "/partner")
    duo.wait_for_text_to_equal(f"#{Partner.LOGIN_PROMPT} a", "Log in")
    settled(duo)
    assert "2025-01" not in duo.driver.page_source
    # the partner callbacks wait for the gate, which never opens for anonymous visitors: no 403s at all
    assert duo.get_logs() == []

    duo.find_element(f"#{Partner.LOGIN_PROMPT} a").click()
    duo.wait_for_element("#username").send_keys("agency")
    duo.find_element("#password").send_keys(PASSWORD)
    duo.find_element("form button[type=submit]").click()
    duo.wait_for_contains_text(f"#{Partner.TABLE}", "2025-01 (preliminary)", timeout=10)
    duo.wait_for_element(f"#{Partner.GRAPH} .bars path")
    assert duo.find_element(f"#{Partner.LOGIN_PROMPT}").is_displayed() is False
    assert "preliminary" in duo.find_element(f"#{Partner.GRAPH} .gtitle").text
    assert duo.driver.current_url.endswith("/partner")
    nav = duo.driver.find_elements(By.CSS_SELECTOR, "a[href='/partner']")
    assert any(a.text == "Partner area" for a in nav)
    old_cookie = duo.driver.get_cookie("session")
    assert duo.driver.execute_script(EXTERNAL_REQUESTS_JS) == []
    assert duo.get_logs() == []
    # the route filter comes back from the URL (through the gate's copy of the query string)
    duo.driver.get(duo.server_url + "/partner?route=other")
    duo.wait_for_text_to_equal(f"#{Partner.TABLE}", "no data", timeout=10)
    assert duo.get_logs() == []

    duo.driver.get(duo.server_url + "/logout")
    duo.wait_for_element("form button[type=submit]").click()
    # the sign-out page first: navigating on at once raced the form's POST (the CI run on 61a716b loaded
    # /partner, then the POST's answer replaced it and no login prompt ever came)
    duo.wait_for_contains_text("body", "You have been signed out", timeout=30)
    duo.driver.get(duo.server_url + "/partner")
    duo.wait_for_text_to_equal(f"#{Partner.LOGIN_PROMPT} a", "Log in")
    settled(duo)
    assert "2025-01" not in duo.driver.page_source
    assert duo.get_logs() == []

    duo.driver.delete_cookie("session")
    duo.driver.add_cookie({"name": "session", "value": old_cookie["value"], "path": "/"})
    duo.driver.get(duo.server_url + "/partner")
    duo.wait_for_text_to_equal(f"#{Partner.LOGIN_PROMPT} a", "Log in")
    settled(duo)
    assert duo.find_element(f"#{Partner.PANEL}").is_displayed() is False
    assert "2025-01" not in duo.driver.page_source
    assert duo.get_logs() == []


def test_admin_sees_usage_charts_drawn(app, start_app):
    from datetime import date

    from imapdash.partner import usage

    engine = app.server.extensions["imapdash.db"]
    for day, page, group, lang in (
        (date(2026, 11, 2), "/", "public", "en"),
        (date(2026, 11, 3), "/routes", "partner state (south)", "ar"),
        (date(2026, 11, 10), "/", "partner state (north)", "fr"),
    ):
        usage.record_visit(engine, day=day, page=page, group=group, lang=lang)
    with session_scope(app.server) as db:
        db.add(User(username="boss", role="admin", password_hash=hash_password(PASSWORD, profile="test")))
    duo = start_app(app, "/login?next=/partner")
    duo.wait_for_element("#username").send_keys("boss")
    duo.find_element("#password").send_keys(PASSWORD)
    duo.find_element("form button[type=submit]").click()
    duo.wait_for_element(".partner-usage-charts .js-plotly-plot .main-svg", timeout=30)
    # one trace per user group in each chart: 3 groups in the line chart, 3 + 2 in the bar charts
    WebDriverWait(duo.driver, 30, poll_frequency=0.3).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, ".partner-usage-charts .trace")) >= 9
    )
    titles = [e.text for e in duo.driver.find_elements(By.CSS_SELECTOR, ".partner-usage-charts .gtitle")]
    assert titles == ["Visits per week, by user group", "Visits by view", "Visits by interface language"]
    assert "North: 1 visits" in duo.find_element(".usage-balance").text
    assert duo.find_element("a[href='/partner/usage.csv']").is_displayed()
    assert duo.driver.execute_script(EXTERNAL_REQUESTS_JS) == []
    assert duo.get_logs() == []
