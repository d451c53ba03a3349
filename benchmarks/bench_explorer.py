"""Explorer (and routes) server costs over the bundled data/: layout, each callback, each interaction.

    python benchmarks/bench_explorer.py                      # this checkout
    python benchmarks/bench_explorer.py --before /tmp/old    # this checkout and another tree, same run
    python benchmarks/bench_explorer.py --browser            # also the first map in headless Chromium
    python benchmarks/bench_explorer.py --before /tmp/old --rounds 3 --runs 9   # alternate trees 3 times
    python -m benchmarks.bench_explorer --quick                 # CI smoke run: one call per measure

What it measures (Flask test client, no network; median of RUNS calls):
- `layout_ms`: the router callback building a view's page for a URL it has not built before (a fresh
  unused query parameter per call, so no layout memo can answer) — the real cost of a first visit;
  `layout_repeat_ms`: the same URL again (a memo, where one exists, answers this);
- one line per server callback of the view (outputs, ms, response bytes), and the callback count;
- `change …: first time`: caches cleared, then every server callback one control change fires, once
  each, summed (what a reader waits for on a state nobody asked for yet); `same state again`: the sum of
  the per-callback medians of 15 identical calls (where frames are cached per state, this is the repeat);
- the year-change payload against the first map payload (issue: Explorer targets < 5 %, < 50 ms).

Each tree runs in its own Python process (`--tree`), so "before" and "after" are measured on the same
machine in the same run. Targets live here, never in timed unit tests.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUNS = 15

# Representative control values (what a reader has on screen); unknown props are sent as None.
VALUES = {
    "url.pathname": "/",
    "url.search": "",
    "app-root.lang": "en",
    "explorer-indicator.value": "migrant_stock_pct_population",
    "explorer-year.value": 2020,
    "explorer-region.value": "mtm",
    "explorer-selection.value": ["TUN", "ITA"],
    "explorer-tabs.value": "map",
    "explorer-mode.value": "indicator",
    "explorer-interval.disabled": True,
    "explorer-play.n_clicks": 1,
    "explorer-download-button.n_clicks": 1,
    "explorer-copy-link.n_clicks": 1,
    "explorer-map.clickData": {"points": [{"location": "MAR"}]},
    "explorer-ranking.clickData": None,
    "explorer-interval.n_intervals": 1,
    "routes-route.value": ["central-mediterranean"],
    "routes-measure.value": "detections",
    "routes-granularity.value": "year",
    "routes-from.value": None,
    "routes-to.value": None,
    "routes-nationality.value": "ALL",
    "routes-layers.value": ["incidents"],
    "routes-period.data": "2023",
    "routes-download-button.n_clicks": 1,
    "routes-map.clickData": {"points": [{"customdata": "western-mediterranean"}]},
    "flows-tabs.value": "nationalities",
    "flows-composition-scope.value": None,
    "flows-composition-mode.value": "count",
    "flows-africa-source.value": "dtm",
    "flows-download-button.n_clicks": 1,
}
VIEWS = {
    "explorer": {"path": "/", "prefixes": ("explorer-",), "search": "?year=2019&sel=TUN"},
    "routes": {"path": "/routes", "prefixes": ("routes-", "flows-"), "search": "?route=central-mediterranean"},
}
INTERACTIONS = {
    "explorer": ("explorer-year.value", "explorer-indicator.value", "explorer-selection.value"),
    "routes": ("routes-route.value", "routes-period.data", "routes-measure.value"),
}


def _ids(dep: dict) -> list[tuple[str, str]]:
    out = dep["output"]
    parts = out[2:-2].split("...") if out.startswith("..") else [out]
    found = []
    for part in parts:
        component, _, prop = part.split("@")[0].rpartition(".")
        found.append((component, prop) if component else (part, ""))
    return found


def _key(item: dict) -> str:
    return f"{item['id']}.{item['property']}"


def _body(dep: dict, values: dict, changed: str, lang: str = "en") -> dict:
    outputs = [{"id": i, "property": p} for i, p in _ids(dep)]
    vals = {**values, "app-root.lang": lang}
    return {
        "output": dep["output"],
        "outputs": outputs if dep["output"].startswith("..") else outputs[0],
        "inputs": [{**i, "value": vals.get(_key(i))} for i in dep["inputs"]],
        "state": [{**s, "value": vals.get(_key(s))} for s in dep["state"]],
        "changedPropIds": [changed],
    }


def _timed(client, body: dict, runs: int = RUNS) -> tuple[float, int, int]:
    times, size, status = [], 0, 0
    for _ in range(runs):
        start = time.perf_counter()
        response = client.post("/_dash-update-component", json=body)
        times.append((time.perf_counter() - start) * 1000)
        size, status = len(response.data), response.status_code
        _ok(response, body)
    return statistics.median(times), size, status


def _ok(response, body: dict) -> None:
    """Stop the run on any answer but 200 (or 204, a callback declining to update): no time for an error."""
    if response.status_code not in (200, 204):
        raise SystemExit(f"benchmark failed: {body['output']} answered HTTP {response.status_code}")


def _view_deps(deps: list[dict], prefixes: tuple[str, ...]) -> list[dict]:
    """Server callbacks whose inputs or outputs belong to the view (clientside ones left out)."""
    found = []
    for dep in deps:
        if dep.get("clientside_function"):
            continue
        names = [i for i, _ in _ids(dep)] + [str(i["id"]) for i in dep["inputs"]]
        if any(str(n).startswith(prefixes) for n in names):
            found.append(dep)
    return found


def _clear_caches(app) -> None:
    """Forget every in-process cache of computed values, so the next call computes (a first visit).

    Clears each BoundedLRU and layout memo found in the loaded imapdash modules, and the app's value cache.
    """
    import gc

    for obj in gc.get_objects():
        if type(obj).__name__ == "BoundedLRU" and type(obj).__module__.startswith("imapdash"):
            obj.clear()
    for name, module in list(sys.modules.items()):
        if name.startswith("imapdash") and hasattr(module, "_LAYOUTS"):
            module._LAYOUTS.clear()
    cache = app.server.extensions.get("imapdash.cache")
    if cache is not None and hasattr(cache, "_items"):
        cache._items.clear()


def _callback_counts(app_module, datasets) -> dict[str, dict[str, int]]:
    """Callbacks each view registers (server and clientside), on a fresh Dash app."""
    import dash

    from imapdash import views

    counts = {}
    for name in VIEWS:
        view = getattr(views, name)
        probe = dash.Dash(__name__)
        view.register_callbacks(probe, datasets)
        entries = list(probe._callback_list)
        clientside = sum(1 for e in entries if e.get("clientside_function"))
        counts[name] = {"server": len(entries) - clientside, "clientside": clientside}
    return counts


def measure(tree: Path) -> dict:
    sys.path.insert(0, str(tree))
    os.chdir(tree)
    from imapdash import create_app
    from tests.conftest import BUNDLED_DATA, make_settings

    app = create_app(make_settings(Path(tempfile.mkdtemp()), BUNDLED_DATA))
    client = app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    router = next(d for d in deps if ("page-content", "children") in _ids(d) and not d.get("clientside_function"))
    result: dict = {"tree": str(tree), "views": {}}
    result["callbacks"] = _callback_counts(None, app.server.extensions["imapdash.datasets"])
    for name, spec in VIEWS.items():
        view: dict = {}
        cold, repeat = [], []
        for n in range(RUNS):
            values = {**VALUES, "url.pathname": spec["path"], "url.search": f"{spec['search']}&bench={n}"}
            body = _body(router, values, "url.pathname")
            _clear_caches(app)
            start = time.perf_counter()
            response = client.post("/_dash-update-component", json=body)
            cold.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
            start = time.perf_counter()
            client.post("/_dash-update-component", json=body)
            repeat.append((time.perf_counter() - start) * 1000)
        view["layout_ms"] = statistics.median(cold)
        view["layout_repeat_ms"] = statistics.median(repeat)
        values = {**VALUES, "url.pathname": spec["path"], "url.search": spec["search"]}
        per_callback = {}
        for dep in _view_deps(deps, spec["prefixes"]):
            changed = _key(dep["inputs"][0])
            ms, size, status = _timed(client, _body(dep, values, changed))
            label = ", ".join(f"{i}.{p}" for i, p in _ids(dep))
            inputs = [_key(i) for i in dep["inputs"]]
            per_callback[label] = {"ms": ms, "bytes": size, "status": status, "inputs": inputs}
        view["per_callback"] = per_callback
        view["interactions"] = {
            prop: sum(c["ms"] for c in per_callback.values() if prop in c["inputs"]) for prop in INTERACTIONS[name]
        }
        view["interaction_callbacks"] = {
            prop: sum(1 for c in per_callback.values() if prop in c["inputs"]) for prop in INTERACTIONS[name]
        }
        # a change to a state nobody asked for yet: caches cleared, then every callback it fires, once each
        view["interactions_cold"] = {}
        for prop in INTERACTIONS[name]:
            fired = [d for d in _view_deps(deps, spec["prefixes"]) if prop in [_key(i) for i in d["inputs"]]]
            totals = []
            for _ in range(RUNS):
                _clear_caches(app)
                start = time.perf_counter()
                for dep in fired:
                    body = _body(dep, values, prop)
                    _ok(client.post("/_dash-update-component", json=body), body)
                totals.append((time.perf_counter() - start) * 1000)
            view["interactions_cold"][prop] = statistics.median(totals)
        result["views"][name] = view
    result["explorer_payloads"] = _explorer_payloads(app, client, deps)
    return result


def _explorer_payloads(app, client, deps) -> dict:
    """Year-change bytes against the first map (issue: Explorer: < 5 % of the first map, < 50 ms)."""
    map_dep = next(
        d
        for d in deps
        if not d.get("clientside_function") and any(i == "explorer-map" and p == "figure" for i, p in _ids(d))
    )
    geometry = len(client.get("/geo/countries.geojson").data)
    router = next(d for d in deps if ("page-content", "children") in _ids(d) and not d.get("clientside_function"))
    page = client.post(
        "/_dash-update-component", json=_body(router, {**VALUES, "url.search": ""}, "url.pathname")
    ).get_json()
    figure = len(json.dumps(_find_figure(page), separators=(",", ":")))
    values = {**VALUES, "explorer-selection.value": []}
    year_ms, year_bytes, _ = _timed(client, _body(map_dep, values, "explorer-year.value"))
    return {
        "geometry_bytes": geometry,
        "map_figure_bytes": figure,
        "year_change_bytes": year_bytes,
        "year_change_ms": year_ms,
        "year_change_pct_of_first_map": 100 * year_bytes / (figure + geometry),
    }


def _find_figure(tree):
    if isinstance(tree, dict):
        if tree.get("props", {}).get("id") == "explorer-map" and "figure" in tree["props"]:
            return tree["props"]["figure"]
        for value in tree.values():
            found = _find_figure(value)
            if found:
                return found
    if isinstance(tree, list):
        for item in tree:
            found = _find_figure(item)
            if found:
                return found
    return None


def browser_first_map_ms(tree: Path) -> float:
    """ms from navigation start to every country path drawn (median of 3 cold loads, headless Chromium)."""
    sys.path.insert(0, str(tree))
    from selenium import webdriver
    from werkzeug.serving import make_server

    from imapdash import create_app
    from tests.conftest import BUNDLED_DATA, free_port, make_settings, pytest_setup_options

    app = create_app(make_settings(Path(tempfile.mkdtemp()), BUNDLED_DATA))
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


def _median_of(runs: list):
    """Merge the results of several rounds: the median of every number, the first value of anything else."""
    first = runs[0]
    if isinstance(first, dict):
        return {key: _median_of([r[key] for r in runs]) for key in first}
    if isinstance(first, int | float) and not isinstance(first, bool):
        return statistics.median(runs)
    return first


def _run_tree(tree: Path, browser: bool) -> dict:
    args = [sys.executable, str(Path(__file__).resolve()), "--tree", str(tree), "--runs", str(RUNS)]
    if browser:
        args.append("--browser")
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"benchmark of {tree} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _print(results: list[dict]) -> None:
    heads = [
        "after" if len(results) > 1 and i == len(results) - 1 else ("before" if len(results) > 1 else "")
        for i in range(len(results))
    ]
    for head, res in zip(heads, results, strict=True):
        print(f"# {head or 'tree'}: {res['tree']}")
    for name in VIEWS:
        print(f"\n== {name}")

        def row(label: str, key: str, name: str = name) -> None:
            print(f"{label:<44}" + "".join(f"{r['views'][name][key]:>12.1f}" for r in results))

        print(f"{'':<44}" + "".join(f"{h or 'ms':>12}" for h in heads))
        row("layout, first visit of a URL (ms)", "layout_ms")
        row("layout, same URL again (ms)", "layout_repeat_ms")
        print(
            f"{'server callbacks registered':<44}" + "".join(f"{r['callbacks'][name]['server']:>12}" for r in results)
        )
        print(
            f"{'clientside callbacks registered':<44}"
            + "".join(f"{r['callbacks'][name]['clientside']:>12}" for r in results)
        )
        for prop in INTERACTIONS[name]:
            print(
                f"{'change ' + prop + ': first time, ms':<44}"
                + "".join(f"{r['views'][name]['interactions_cold'][prop]:>12.1f}" for r in results)
            )
        for prop in INTERACTIONS[name]:
            print(
                f"{'  same state again: callbacks / ms':<44}"
                + "".join(
                    f"{r['views'][name]['interaction_callbacks'][prop]:>5} /"
                    f"{r['views'][name]['interactions'][prop]:>6.1f}"
                    for r in results
                )
            )
        for res, head in zip(results, heads, strict=True):
            print(f"  -- per callback, same state repeated ({head or 'this tree'}): ms, bytes, status")
            for label, c in sorted(res["views"][name]["per_callback"].items()):
                print(f"     {c['ms']:7.1f} {c['bytes']:>9,} {c['status']}  {label[:110]}")
    print("\n== explorer payloads")
    for key in results[-1]["explorer_payloads"]:
        print(f"{key:<44}" + "".join(f"{r['explorer_payloads'][key]:>12,.1f}" for r in results))
    for r, head in zip(results, heads, strict=True):
        if "browser_first_map_ms" in r:
            print(f"browser first map ({head or 'this tree'}): {r['browser_first_map_ms']:.0f} ms")
    last = results[-1]["explorer_payloads"]
    print(
        f"target year change < 5 % of first map: {last['year_change_pct_of_first_map']:.2f} % "
        f"({'ok' if last['year_change_pct_of_first_map'] < 5 else 'MISSED'}); "
        f"< 50 ms: {'ok' if last['year_change_ms'] < 50 else 'MISSED'}"
    )


def main() -> None:
    global RUNS
    argv = sys.argv[1:]
    if "--quick" in argv:
        RUNS = 1
    if "--runs" in argv:
        RUNS = int(argv[argv.index("--runs") + 1])
    browser = "--browser" in argv
    if "--tree" in argv:
        tree = Path(argv[argv.index("--tree") + 1]).resolve()
        result = measure(tree)
        if browser:
            result["browser_first_map_ms"] = browser_first_map_ms(tree)
        print(json.dumps(result))
        return
    trees = []
    if "--before" in argv:
        trees.append(Path(argv[argv.index("--before") + 1]).resolve())
    trees.append(REPO)
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 1
    # trees alternate round by round, so a busy spell on a shared machine does not land on one tree only
    runs: dict[Path, list[dict]] = {tree: [] for tree in trees}
    for _ in range(rounds):
        for tree in trees:
            runs[tree].append(_run_tree(tree, browser))
    _print([_median_of(runs[tree]) for tree in trees])
    if rounds > 1:
        print(f"(median of {rounds} alternating rounds per tree, {RUNS} calls per measure)")


if __name__ == "__main__":
    main()
