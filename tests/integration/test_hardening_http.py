"""Issue 16 (Low): frame protection, login limits, callback input types, usage counting."""

from __future__ import annotations

import pytest


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
