"""Explorer payloads and timings over the bundled data/ (run: python benchmarks/bench_explorer.py).

Targets (issue: Explorer): a year change sends < 5 % of the first map payload and takes < 50 ms on
the server; the first map is drawn in < 2 s in headless Chromium. Server timings use the Flask test
client (median of 15); the browser uses the same Chromium options as tests/conftest.py.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from imapdash import create_app  # noqa: E402
from imapdash.ids import Explorer, Shell  # noqa: E402
from tests.conftest import BUNDLED_DATA, free_port, make_settings, pytest_setup_options  # noqa: E402

RUNS = 15


def _body(deps: list[dict], output_prefix: str, values: dict, changed: list[str]) -> dict:
    dep = next(
        d
        for d in deps
        if d["output"].lstrip(".").startswith(output_prefix) and d["inputs"][0]["id"].startswith(("explorer-", "url"))
    )
    outputs = [
        {"id": o.split("@")[0].rsplit(".", 1)[0], "property": o.split("@")[0].rsplit(".", 1)[1]}
        for o in dep["output"].strip(".").split("...")
    ]
    return {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in dep["inputs"]],
        "state": [{**s, "value": values.get(f"{s['id']}.{s['property']}")} for s in dep["state"]],
        "changedPropIds": changed,
    }


def _timed(client, body: dict) -> tuple[int, float]:
    times, size = [], 0
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.post("/_dash-update-component", json=body)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        size = len(response.data)
    return size, statistics.median(times)


def server_numbers(app) -> dict:
    """Bytes and server ms of the first map, a year change and an indicator change."""
    client = app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    index = len(client.get("/").data)
    layout = len(client.get("/_dash-layout").data)
    geometry = len(client.get("/geo/countries.geojson").data)
    # the first render of a URL builds the layout; later ones reuse it (shell.render_page keeps pure layouts)
    cold_body = _body(
        deps, f"{Shell.PAGE}.children", {"url.pathname": "/", "url.search": "?year=2019"}, ["url.pathname"]
    )
    start = time.perf_counter()
    assert client.post("/_dash-update-component", json=cold_body).status_code == 200
    page_cold_ms = (time.perf_counter() - start) * 1000
    page_size, page_ms = _timed(
        client, _body(deps, f"{Shell.PAGE}.children", {"url.pathname": "/", "url.search": ""}, ["url.pathname"])
    )
    page = json.loads(
        client.post(
            "/_dash-update-component",
            json=_body(deps, f"{Shell.PAGE}.children", {"url.pathname": "/", "url.search": ""}, ["url.pathname"]),
        ).data
    )
    figure_bytes = len(json.dumps(_find_figure(page), separators=(",", ":")))
    controls = {
        "explorer-indicator.value": "migrant_stock_pct_population",
        "explorer-year.value": 2000,
        "explorer-region.value": "mtm",
        "explorer-selection.value": [],
        "explorer-mode.value": "indicator",
        "explorer-tabs.value": "map",
    }
    year_size, year_ms = _timed(client, _body(deps, f"{Explorer.MAP}.figure", controls, ["explorer-year.value"]))
    controls["explorer-indicator.value"] = "remittances_received_usd"
    ind_size, ind_ms = _timed(client, _body(deps, f"{Explorer.MAP}.figure", controls, ["explorer-indicator.value"]))
    first_map = figure_bytes + geometry
    return {
        "index_bytes": index,
        "dash_layout_bytes": layout,
        "geometry_bytes": geometry,
        "page_callback_bytes": page_size,
        "page_callback_cold_ms": page_cold_ms,
        "page_callback_ms": page_ms,
        "map_figure_bytes": figure_bytes,
        "first_map_payload_bytes": first_map,
        "initial_page_weight_bytes": index + layout + page_size + geometry,
        "year_change_bytes": year_size,
        "year_change_ms": year_ms,
        "year_change_pct_of_first_map": 100 * year_size / first_map,
        "year_change_pct_of_map_figure": 100 * year_size / figure_bytes,
        "indicator_change_bytes": ind_size,
        "indicator_change_ms": ind_ms,
    }


def _find_figure(tree):
    if isinstance(tree, dict):
        if tree.get("props", {}).get("id") == Explorer.MAP:
            return tree["props"]["figure"]
        for value in list(tree.get("props", {}).values()) + list(tree.get("response", {}).values()):
            found = _find_figure(value)
            if found:
                return found
        for value in tree.values():
            if isinstance(value, dict | list):
                found = _find_figure(value)
                if found:
                    return found
    if isinstance(tree, list):
        for item in tree:
            found = _find_figure(item)
            if found:
                return found
    return None


def browser_first_map_ms(app) -> float:
    """ms from navigation start to every country path drawn (median of 3 cold loads, headless Chromium)."""
    from selenium import webdriver
    from werkzeug.serving import make_server

    port = free_port()
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    features = len(app.server.extensions["imapdash.datasets"].geometry["features"])
    results = []
    try:
        for _ in range(3):
            driver = webdriver.Chrome(options=pytest_setup_options())
            try:
                driver.get(f"http://127.0.0.1:{port}/")
                deadline = time.time() + 30
                while time.time() < deadline:
                    drawn = driver.execute_script(
                        "return [document.querySelectorAll('path.choroplethlocation').length, performance.now()]"
                    )
                    if drawn[0] >= features:
                        results.append(drawn[1])
                        break
                    time.sleep(0.02)
            finally:
                driver.quit()
    finally:
        server.shutdown()
    return statistics.median(results) if results else float("nan")


def main() -> None:
    app = create_app(make_settings(Path(tempfile.mkdtemp()), BUNDLED_DATA))
    numbers = server_numbers(app)
    if "--no-browser" not in sys.argv:
        numbers["browser_first_map_ms"] = browser_first_map_ms(app)
    width = max(len(k) for k in numbers)
    for key, value in numbers.items():
        print(f"{key:<{width}}  {value:,.1f}" if isinstance(value, float) else f"{key:<{width}}  {value:,}")
    print(
        f"target year change < 5 % of first map: {numbers['year_change_pct_of_first_map']:.2f} % "
        f"({'ok' if numbers['year_change_pct_of_first_map'] < 5 else 'MISSED'}); "
        f"< 50 ms: {'ok' if numbers['year_change_ms'] < 50 else 'MISSED'}; first map < 2 s: "
        f"{'ok' if numbers.get('browser_first_map_ms', 0) < 2000 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
