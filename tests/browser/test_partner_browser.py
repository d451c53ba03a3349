"""Partner journey in headless Chromium: log in, see restricted figures, log out, old cookie is dead."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from imapdash.auth.models import User
from imapdash.auth.passwords import hash_password
from imapdash.db import session_scope
from imapdash.ids import Partner
from tests.conftest import EXTERNAL_REQUESTS_JS

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _cheap_hashes(monkeypatch):
    monkeypatch.setenv("IMAPDASH_ARGON2_PROFILE", "test")


def refused_callbacks_only(logs: list[dict]) -> list[dict]:
    """Console entries other than those caused by the 403s anonymous visitors get by design.

    Each refused partner callback shows up twice: the network error and dash-renderer's own
    console.error of the failed request.
    """

    def expected(entry: dict) -> bool:
        message = entry["message"]
        if entry["source"] == "network":
            return "_dash-update-component" in message and "403" in message
        return entry["source"] == "console-api" and "dash_renderer" in message and message.endswith(" Object")

    return [e for e in logs if not expected(e)]


def test_partner_logs_in_sees_restricted_data_logs_out_and_old_cookie_is_refused(app, start_app):
    with session_scope(app.server) as db:
        db.add(User(username="agency", role="partner_agency", password_hash=hash_password(PASSWORD)))
    duo = start_app(app, "/partner")
    duo.wait_for_text_to_equal(f"#{Partner.LOGIN_PROMPT} a", "Log in")
    assert "2025-01" not in duo.driver.page_source
    assert refused_callbacks_only(duo.get_logs()) == []

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

    duo.driver.get(duo.server_url + "/logout")
    duo.wait_for_element("form button[type=submit]").click()
    duo.driver.get(duo.server_url + "/partner")
    duo.wait_for_text_to_equal(f"#{Partner.LOGIN_PROMPT} a", "Log in")
    assert "2025-01" not in duo.driver.page_source

    duo.driver.delete_cookie("session")
    duo.driver.add_cookie({"name": "session", "value": old_cookie["value"], "path": "/"})
    duo.driver.get(duo.server_url + "/partner")
    duo.wait_for_text_to_equal(f"#{Partner.LOGIN_PROMPT} a", "Log in")
    assert duo.find_element(f"#{Partner.PANEL}").is_displayed() is False
    assert "2025-01" not in duo.driver.page_source
    assert refused_callbacks_only(duo.get_logs()) == []
