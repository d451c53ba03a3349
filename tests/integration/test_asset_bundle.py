"""The app's own stylesheets and scripts go out as one file each (imapdash/asset_bundle.py, issue 20)."""

from __future__ import annotations

import re
from pathlib import Path

from dash import Dash

from imapdash import asset_bundle

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def _linked(html: str) -> list[str]:
    return re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)


def test_the_index_links_one_stylesheet_and_one_script_of_the_assets_and_plotly_apart(bundled_client):
    html = bundled_client.get("/").get_data(as_text=True)
    own = [u for u in _linked(html) if "/assets/" in u and u.split("?")[0].endswith((".css", ".js"))]
    assert [re.sub(r"app-[0-9a-f]{12}", "app-D", u.split("?")[0]) for u in own] == [
        "/assets/_bundle/app-D.css",
        "/assets/_bundle/app-D.js",
        "/assets/js/plotly-partial.min.js",
    ]


def test_the_bundles_hold_every_asset_in_dashs_own_order(bundled_client):
    # what Dash itself would link without the bundles (its walk of the assets folder), plotly.js aside
    plain = Dash(__name__, assets_folder=str(ASSETS))
    plain._walk_assets_directory()
    dash_order = [r["asset_path"] for r in plain.css.get_all_css()] + [
        r["asset_path"] for r in plain.scripts.get_all_scripts() if "asset_path" in r
    ]
    html = bundled_client.get("/").get_data(as_text=True)
    bundled = []
    for url in [u for u in _linked(html) if "/assets/_bundle/" in u]:
        response = bundled_client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        body = response.get_data(as_text=True)
        bundled += re.findall(r"^/\* ((?:css|js)/[^ ]+) \*/$", body, re.MULTILINE)
        for name in re.findall(r"^/\* ((?:css|js)/[^ ]+) \*/$", body, re.MULTILINE):
            assert (ASSETS / name).read_text(encoding="utf-8").strip() in body, name
    assert bundled == [p for p in dash_order if p != "js/plotly-partial.min.js"]
    assert len(bundled) >= 10


def test_an_unknown_bundle_is_404_and_the_sources_stay_served(bundled_client):
    assert bundled_client.get("/assets/_bundle/app-000000000000.js").status_code == 404
    assert bundled_client.get("/assets/js/present.js").status_code == 200  # meeting packs read it as a file


def test_a_changed_file_changes_the_bundles_name(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "a.css").write_text("a { color: red }")
    first = asset_bundle.build(tmp_path, "css")
    (tmp_path / "css" / "a.css").write_text("a { color: blue }")
    second = asset_bundle.build(tmp_path, "css")
    assert first is not None and second is not None and first.name != second.name
    assert asset_bundle.build(tmp_path, "js") is None
