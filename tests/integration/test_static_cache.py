"""Browser caching of geometry, base map and assets (issue 20): fingerprinted or versioned URLs are kept a
year; the unversioned base-map topojson and fonts a day, then revalidated by ETag."""

import re

from imapdash.web import geometry_url


def test_fingerprinted_assets_are_kept_a_year(client):
    page = client.get("/").get_data(as_text=True)
    linked = [u for u in re.findall(r'(?:src|href)="(/assets/[^"]+)"', page) if "?m=" in u]
    assert linked, "the index links no fingerprinted asset"
    for url in linked:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable", url


def test_base_map_is_kept_a_day_and_revalidated(client):
    response = client.get("/assets/topojson/world_110m.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=86400"
    again = client.get("/assets/topojson/world_110m.json", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_versioned_geometry_is_immutable_and_the_bare_url_is_not(app, client):
    datasets = app.server.extensions["imapdash.datasets"]
    with app.server.app_context():
        url = geometry_url(datasets)
    versioned = client.get(url)
    assert versioned.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    bare = client.get("/geo/countries.geojson")
    assert bare.headers["Cache-Control"] == "public, max-age=86400"
    assert client.get(url + "x").headers["Cache-Control"] == "public, max-age=86400"
