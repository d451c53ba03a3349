"""Presentation mode projected at 1920×1080 in headless Chromium: every chart is drawn (pixels, not a blank
box), text is at least 18 px, and nothing overlaps."""

from __future__ import annotations

import pytest

from tests.browser import projection

pytestmark = pytest.mark.browser

VIEWS = ["/", "/routes", "/country/TUN", "/news"]


def open_projected(duo, path: str) -> None:
    projection.project(duo.driver)
    separator = "&" if "?" in path else "?"
    duo.driver.get(f"{duo.server_url}{path}{separator}present=1&lang=en")
    projection.wait_until_drawn(duo.driver)


@pytest.mark.parametrize("path", VIEWS)
def test_presentation_mode_draws_every_chart(bundled_app, start_app, path):
    duo = start_app(bundled_app)
    open_projected(duo, path)
    coverage = projection.chart_coverage(duo.driver)
    assert coverage, f"no chart visible on {path}"
    blank = [chart for chart in coverage if not chart[-1]]
    assert blank == [], f"blank or barely drawn charts on {path} (name, cells, ink span): {blank}"
