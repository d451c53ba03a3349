"""The app over fixture data: routes answer, nothing loads from outside, bad data stops start-up."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from imapdash import create_app
from imapdash.factory import AppStartupError
from tests.conftest import REPO, make_settings


def test_index_layout_and_dependencies_answer(client):
    assert client.get("/").status_code == 200
    layout = client.get("/_dash-layout")
    assert layout.status_code == 200 and json.loads(layout.data)["type"] == "Div"
    deps = json.loads(client.get("/_dash-dependencies").data)
    assert any("page-content.children" in d["output"] for d in deps)


def test_index_html_loads_nothing_from_another_host(app, client):
    html = client.get("/").get_data(as_text=True)
    loaded = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert loaded, "expected scripts and stylesheets in the index"
    assert [u for u in loaded if re.match(r"^(https?:)?//", u)] == []
    assert app.config.external_stylesheets == [] and app.config.external_scripts == []
    # Bootstrap is served by the app, first in the joined stylesheet (asset_bundle)
    (css,) = [u for u in loaded if u.endswith(".css")]
    assert client.get(css).get_data(as_text=True).startswith("/* css/00-bootstrap.min.css */")


def test_healthz_lists_every_dataset_with_row_counts(client):
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok"
    assert body["datasets"]["flows"] == 7
    assert body["datasets"]["countries_geometry"] == 4
    assert body["datasets"]["media"] == 2


def test_geometry_is_served_once_and_revalidated_by_etag(client):
    first = client.get("/geo/countries.geojson")
    assert first.status_code == 200 and first.mimetype == "application/geo+json"
    assert {f["id"] for f in first.get_json()["features"]} == {"ITA", "LBY", "MLT", "TUN"}
    again = client.get("/geo/countries.geojson", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_security_headers_and_strict_csp(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp and "frame-ancestors 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    embed = client.get("/?embed=1")
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed.headers


def test_broken_data_stops_start_up_with_a_readable_report(tmp_path, data_copy):
    text = (data_copy / "flows.csv").read_text().replace("2024,year,ALL,detections,600", "2024,year,ALL,detections,-5")
    (data_copy / "flows.csv").write_text(text)
    with pytest.raises(AppStartupError) as info:
        create_app(make_settings(tmp_path, data_copy))
    message = str(info.value)
    assert "flows.csv row 5, column 'value'" in message and "-5" in message
    assert "Traceback" not in message


def _run(args, env_extra):
    env = {**os.environ, **env_extra}
    return subprocess.run([sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def test_app_py_refuses_broken_data_without_a_traceback(tmp_path, data_copy):
    (data_copy / "routes.csv").write_text("route_id,name\n")
    result = _run(["app.py"], {"IMAPDASH_DATA_DIR": str(data_copy), "IMAPDASH_INSTANCE_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert "routes.csv row 1, column 'region': column is missing" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_command_reports_and_exits_non_zero(data_copy):
    (data_copy / "corridors.csv").write_text((data_copy / "corridors.csv").read_text().replace("TUN,ITA", "TUN,XXX"))
    result = _run(["-m", "imapdash", "validate", str(data_copy)], {})
    assert result.returncode == 1
    assert "corridors.csv row 2, column 'destination_iso3'" in result.stderr


def test_validate_command_accepts_good_data():
    result = _run(["-m", "imapdash", "validate", str(Path(REPO, "tests", "fixtures", "data"))], {})
    assert result.returncode == 0, result.stderr
    assert re.search(r"flows\s+7 rows", result.stdout)
