"""Issue 16 (Low): frame protection, login limits, callback input types, usage counting."""

from __future__ import annotations

import pytest

from tests.conftest import post_page_view


@pytest.mark.parametrize("path", ["/login", "/partner", "/stories", "/healthz", "/api/v1/indicators"])
def test_embed_does_not_lift_frame_protection_outside_embeddable_views(client, path):
    response = client.get(f"{path}?embed=1")
    policy = response.headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'self'" in policy, path
    assert response.headers.get("X-Frame-Options") == "SAMEORIGIN", path


@pytest.mark.parametrize("path", ["/", "/routes", "/country/TUN", "/news"])
def test_embeddable_views_may_be_framed_with_embed(client, path):
    framed = client.get(f"{path}?embed=1")
    assert "frame-ancestors *" in framed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in framed.headers
    plain = client.get(path)
    assert "frame-ancestors 'self'" in plain.headers["Content-Security-Policy"]


def _count_visit(client, path: str, **headers) -> None:
    post_page_view(client, path, headers=headers)


def _views(app) -> int:
    from imapdash.partner.usage import usage_table

    table = usage_table(app.server.extensions["imapdash.db"])
    return int(table.drop(columns=["week", "page"]).to_numpy().sum()) if len(table) else 0


def test_usage_cannot_be_inflated_by_posting_the_counter(app):
    browser_ua = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/150.0 Safari/537.36"}
    attacker = app.server.test_client()
    for _ in range(20):
        _count_visit(attacker, "/sources", **browser_ua)  # no page load: no session, not counted
    assert _views(app) == 0
    reader = app.server.test_client()
    reader.get("/sources", headers=browser_ua)
    for _ in range(5):
        _count_visit(reader, "/sources", **browser_ua)
    _count_visit(reader, "/routes", **browser_ua)
    assert _views(app) == 2  # once per page and session
    robot = app.server.test_client()
    headless = {"User-Agent": "Mozilla/5.0 HeadlessChrome/150.0"}
    robot.get("/sources", headers=headless)
    _count_visit(robot, "/news", **headless)
    curl = app.server.test_client()
    curl.get("/sources", headers={"User-Agent": "curl/8.5"})
    _count_visit(curl, "/news", **{"User-Agent": "curl/8.5"})
    assert _views(app) == 2
