"""imapdash against a tutorial-style Dash app on the same data, side by side (issue 20).

    python -m benchmarks.bench_vs_tutorial                  # 7 interleaved repetitions (a few minutes)
    python -m benchmarks.bench_vs_tutorial --reps 3 --port-base 8101
    python -m benchmarks.bench_vs_tutorial --quick          # CI smoke run: 1 repetition, short loads

Both apps run under gunicorn on loopback (`app:server` and `benchmarks.tutorial_app:server`, one worker each
for the browser measures), in a fresh headless Chromium per repetition and app (cold cache; the order of the two
apps alternates between repetitions). A script injected before any page script records, in the page's own
clock: long tasks (PerformanceObserver), every Dash callback request (a fetch wrapper: output, start, first
byte, end, bytes), the first time each graph has drawn choropleth paths, every `plotly_afterplot`, and what the
map shows after each change of its fills (every country's visible fill, hashed at the next animation frame). The
map is "drawn" when its graph has choropleth paths (imapdash draws its dropdowns and year slider after it:
components/after_graph.py; the table reports when a slider thumb and a dropdown are on the page); a year
change "shows the year's colours" at the first frame whose fills are the final ones, and plotly's redraw is done
at its last `plotly_afterplot`; a page is "ready" when every callback has answered and nothing was drawn for
0.5 s. Server time of a callback = its time to first byte on loopback.

API throughput: `gunicorn -w 2` of imapdash against a minimal Flask app serving the very same bytes under the
same gunicorn (the stack's ceiling), thread-pool clients, one connection per request, interleaved.

Prints one table (median over repetitions; measure, imapdash, tutorial, ratio, target, met?) and the waterfall
of callbacks of imapdash's first load. Every request it times must succeed, else it exits non-zero.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"

IMAPDASH = {
    "name": "imapdash",
    "target": "app:server",
    "map": "explorer-map",
    "indicator": "explorer-indicator",
    "year": "explorer-year",
}
TUTORIAL = {
    "name": "tutorial",
    "target": "benchmarks.tutorial_app:server",
    "map": "map",
    "indicator": "indicator",
    "year": "year",
}
NEXT_INDICATOR = "refugees_hosted"

# Runs in every page before its own scripts (Page.addScriptToEvaluateOnNewDocument).
INSTRUMENT = r"""
(() => {
  const B = window.__bench = {lt: [], fetches: [], choro: {}, plots: {}, fills: {}, input: null};
  // What the map shows: each country's visible fill (its topmost path with an opaque fill), as a hash,
  // taken at the frame after any fill changed (the next requestAnimationFrame, i.e. when it is painted).
  const shown = gd => {
    const fills = {};
    for (const p of gd.querySelectorAll('path.choroplethlocation')) {
      const fill = p.getAttribute('fill') || '';
      if (p.__data__ && p.__data__.loc && !/rgba\(.*,\s*0\)$/.test(fill)) fills[p.__data__.loc] = fill;
    }
    let h = 0;
    for (const k of Object.keys(fills).sort()) for (const c of k + fills[k]) h = (h * 31 + c.charCodeAt(0)) | 0;
    return h;
  };
  const watchFills = (gd, id) => {
    let queued = false;
    new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        (B.fills[id] = B.fills[id] || []).push([performance.now(), shown(gd)]);
      });
    }).observe(gd, {subtree: true, attributes: true, attributeFilter: ['fill']});
  };
  try {
    new PerformanceObserver(l => { for (const e of l.getEntries()) B.lt.push([e.startTime, e.duration]); })
      .observe({type: 'longtask', buffered: true});
  } catch (e) { B.noLongTask = String(e); }
  try { performance.setResourceTimingBufferSize(5000); } catch (e) {}
  const orig = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : (input && input.url) || '';
    if (!url.includes('_dash-update-component')) return orig.apply(this, arguments);
    let output = '';
    try { output = JSON.parse(init.body).output; } catch (e) {}
    const rec = {output, start: performance.now(), ttfb: null, end: null, bytes: 0, status: 0};
    B.fetches.push(rec);
    return orig.apply(this, arguments).then(r => {
      rec.ttfb = performance.now(); rec.status = r.status;
      r.clone().arrayBuffer().then(b => { rec.bytes = b.byteLength; rec.end = performance.now(); },
                                   () => { rec.end = performance.now(); });
      return r;
    }, err => { rec.end = performance.now(); rec.status = -1; throw err; });
  };
  const tick = () => {
    // the controls a reader uses first: a slider thumb and a dropdown (imapdash draws them after the map)
    if (!B.controls && document.querySelector('[role=slider]') && document.querySelector('.dash-dropdown')) {
      B.controls = performance.now();
    }
    for (const gd of document.querySelectorAll('.js-plotly-plot')) {
      const holder = gd.closest('[id]');
      const id = holder ? holder.id : '?';
      if (!(id in B.choro) && gd.querySelector('path.choroplethlocation')) B.choro[id] = performance.now();
      if (!gd.__benchHooked && typeof gd.on === 'function') {
        gd.__benchHooked = true;
        (B.plots[id] = B.plots[id] || []).push(performance.now());
        gd.on('plotly_afterplot', () => (B.plots[id] = B.plots[id] || []).push(performance.now()));
        watchFills(gd, id);
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""

STATE_JS = "const B = window.__bench; return B ? {...B, now: performance.now()} : null;"


class BenchError(SystemExit):
    def __init__(self, message: str) -> None:
        super().__init__(f"benchmark failed: {message}")


# ---------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body, dict(response.getheaders())


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen
    log: Path

    def worker_rss_mb(self) -> list[float]:
        import psutil

        return [c.memory_info().rss / 1e6 for c in psutil.Process(self.proc.pid).children()]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start(
    name: str,
    target: str,
    port: int,
    workers: int,
    tmp: Path,
    env_extra: dict[str, str] | None = None,
    probe: str = "/",
    tree: Path = REPO,
) -> Server:
    """gunicorn -w `workers` of `target` from checkout `tree` over its own data/, once it answers `probe`."""
    env = dict(os.environ)
    env.update(
        {
            "IMAPDASH_DATA_DIR": str(tree / "data"),
            "IMAPDASH_INSTANCE_DIR": str(tmp / f"instance-{name}"),
            "IMAPDASH_DATABASE_URL": f"sqlite:///{tmp / f'{name}.db'}",
            "IMAPDASH_SECRET_KEY": "bench-secret-key-0123456789abcdef",
            "PYTHONPATH": str(tree),
        }
    )
    env.update(env_extra or {})
    try:  # a server left on the port would answer for this one (and be measured in its place)
        get(port, probe)
    except OSError:
        pass
    else:
        raise BenchError(f"port {port} is already in use")
    log = tmp / f"{name}.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--timeout", "120", target],
        cwd=tree,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    server = Server(name, port, proc, log)
    deadline = time.monotonic() + 180
    while True:
        if proc.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise BenchError(f"{name} did not start on port {port}: {log.read_text()[-2000:]}")
        try:
            status, _, _ = get(port, probe)
        except OSError:
            time.sleep(0.1)
            continue
        if status == 200:
            break
        time.sleep(0.1)
    # every worker has imported the app (gunicorn preloads nothing: each worker builds the app)
    for _ in range(workers * 4):
        status, _, _ = get(port, probe)
        if status != 200:
            raise BenchError(f"{name}: GET {probe} answered {status}")
    return server


def ceiling_app():  # type: ignore[no-untyped-def]
    """The stack's ceiling: a minimal Flask app answering each benchmarked path with imapdash's own bytes."""
    from flask import Flask, Response, request

    app = Flask("ceiling")
    bodies = json.loads(Path(os.environ["BENCH_CEILING"]).read_text())
    stored = {path: (bytes.fromhex(b["hex"]), b["type"]) for path, b in bodies.items()}

    @app.get("/<path:rest>")
    def serve(rest: str) -> Response:
        body, kind = stored[request.full_path.rstrip("?")]
        return Response(body, content_type=kind)

    return app


# ---------------------------------------------------------------- load test


def hammer(port: int, path: str, users: int, total: int) -> dict[str, float]:
    per_user = max(1, total // users)

    def user(_: int) -> list[tuple[float, int]]:
        out = []
        for _ in range(per_user):
            started = time.perf_counter()
            status, _, _ = get(port, path)
            out.append(((time.perf_counter() - started) * 1000, status))
        return out

    with ThreadPoolExecutor(max_workers=users) as pool:
        started = time.perf_counter()
        results = [r for batch in pool.map(user, range(users)) for r in batch]
        wall = time.perf_counter() - started
    bad = [s for _, s in results if s != 200]
    if bad:
        raise BenchError(f"{path} on port {port}: {len(bad)} answers were not 200 ({sorted(set(bad))})")
    latencies = sorted(ms for ms, _ in results)
    return {
        "rps": len(results) / wall,
        "p50": statistics.median(latencies),
        "p95": latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))],
    }


# ---------------------------------------------------------------- browser


def new_driver():  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1600,900",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": INSTRUMENT})
    return driver


def state(driver) -> dict:  # type: ignore[no-untyped-def]
    return driver.execute_script(STATE_JS) or {}


def settle(driver, ready, timeout: float, quiet_ms: float = 500) -> dict:  # type: ignore[no-untyped-def]
    """Poll until `ready(state)` holds, no callback is pending and nothing was drawn or answered for quiet_ms."""
    deadline = time.monotonic() + timeout
    while True:
        st = state(driver)
        if st:
            pending = [f for f in st["fetches"] if f["end"] is None]
            activity = [f["end"] for f in st["fetches"] if f["end"]] + [t for ts in st["plots"].values() for t in ts]
            activity += [t for ts in st["fills"].values() for t, _ in ts]
            last = max(activity, default=0)
            if ready(st) and not pending and st["now"] - last > quiet_ms:
                for f in st["fetches"]:
                    if f["status"] not in (200, 204):
                        raise BenchError(f"callback {f['output'][:80]} answered HTTP {f['status']}")
                return st
        if time.monotonic() > deadline:
            raise BenchError(f"{driver.current_url} not ready in {timeout:.0f} s: {describe(st)}")
        time.sleep(0.05)


def describe(st: dict | None) -> str:
    """What a page is doing: pending callbacks, the last ones answered, draws per graph."""
    if not st:
        return "no instrumentation state"
    pending = [f["output"][:60] for f in st["fetches"] if f["end"] is None]
    done = [(f["output"][:60], f["status"], round(f["end"] or 0)) for f in st["fetches"][-4:]]
    plots = {k: (len(v), round(v[-1])) for k, v in st["plots"].items()}
    return f"now {st['now']:.0f} ms, pending {pending}, last answered {done}, draws {plots}, drawn {st['choro']}"


def load_page(driver, url: str, timeout: float, ready) -> dict:  # type: ignore[no-untyped-def]
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    driver.get(url)
    st = settle(driver, ready, timeout)
    st["resources"] = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => [e.name, e.initiatorType, e.encodedBodySize])"
    )
    return st


def js_bytes(st: dict) -> int:
    return sum(size for name, kind, size in st["resources"] if kind == "script" or name.split("?")[0].endswith(".js"))


def long_tasks(st: dict, start: float, end: float) -> tuple[float, float]:
    """(total ms, longest ms) of long tasks overlapping [start, end]."""
    parts = [min(s + d, end) - max(s, start) for s, d in st["lt"] if s < end and s + d > start]
    return sum(parts), max(parts, default=0.0)


def interaction(driver, spec: dict, component: str, value: Any, timeout: float) -> dict:  # type: ignore[no-untyped-def]
    """Set a control's value as the renderer would (dash_clientside.set_props) and wait for the map redraw."""
    before = state(driver)
    plots_before = len(before["plots"].get(spec["map"], []))
    t0 = driver.execute_script(
        "const t = performance.now(); window.dash_clientside.set_props(arguments[0], {value: arguments[1]}); return t;",
        component,
        value,
    )
    st = settle(driver, lambda s: len(s["plots"].get(spec["map"], [])) > plots_before, timeout)
    fired = [f for f in st["fetches"] if f["start"] >= t0]
    map_calls = [f for f in fired if spec["map"] in f["output"]]
    redraw = max(t for t in st["plots"][spec["map"]] if t >= t0) - t0
    # the first painted frame that already shows every country in its final colour
    fills = [(t, sig) for t, sig in st["fills"].get(spec["map"], []) if t >= t0]
    colours = min(t for t, sig in fills if sig == fills[-1][1]) - t0 if fills else redraw
    return {
        "redraw_ms": redraw,
        "colours_ms": colours,
        "bytes": sum(f["bytes"] for f in fired),
        "callbacks": len(fired),
        "server_ms": sum(f["ttfb"] - f["start"] for f in fired),
        "map_server_ms": sum(f["ttfb"] - f["start"] for f in map_calls) if map_calls else 0.0,
        "longest_task_ms": long_tasks(st, t0, st["now"])[1],
    }


def current_value(driver, component: str):  # type: ignore[no-untyped-def]
    """A slider's current value from its thumb (aria-valuenow), as the reader sees it."""
    found = driver.execute_script(
        "const t = document.querySelector('#' + arguments[0] + ' [role=slider]');"
        " return t ? Number(t.getAttribute('aria-valuenow')) : null;",
        component,
    )
    if found is None:
        raise BenchError(f"no slider thumb under #{component}")
    return found


def measure_app(spec: dict, port: int, quick: bool, extra: bool) -> dict:
    """One cold visit of an app: first load, year change, indicator change (and imapdash's other pages)."""
    timeout = 60 if quick else 120
    driver = new_driver()
    out: dict[str, Any] = {}
    try:
        base = f"http://127.0.0.1:{port}"
        st = load_page(driver, base + "/", timeout, lambda s: spec["map"] in s["choro"])
        drawn = st["choro"][spec["map"]]
        out["first_map_ms"] = drawn
        out["first_callbacks"] = sum(1 for f in st["fetches"] if f["start"] < drawn)
        out["first_longtasks_ms"] = long_tasks(st, 0, drawn)[0]
        out["js_kb"] = js_bytes(st) / 1024
        out["waterfall"] = st["fetches"]
        out["first_ready_ms"] = max([drawn] + [f["end"] for f in st["fetches"]])
        out["first_controls_ms"] = state(driver).get("controls") or float("nan")
        # the year a step before the current one (the thumb's own value; works for year- or index-valued sliders)
        year = current_value(driver, spec["year"])
        step = 5 if year > 1900 else 1
        out["year"] = interaction(driver, spec, spec["year"], year - step, timeout)
        out["indicator"] = interaction(driver, spec, spec["indicator"], NEXT_INDICATOR, timeout)
        if extra:
            out.update(measure_pages(driver, base, timeout, quick))
    finally:
        driver.quit()
    return out


def measure_pages(driver, base: str, timeout: float, quick: bool) -> dict:  # type: ignore[no-untyped-def]
    """imapdash's /routes and /news first load, a news filter change and the monthly route animation."""
    out: dict[str, Any] = {}
    for path in ("/routes", "/news"):
        st = load_page(driver, base + path, timeout, lambda s: bool(s["plots"]))
        out[f"{path}_ready_ms"] = max(
            [f["end"] for f in st["fetches"]] + [t for ts in st["plots"].values() for t in ts]
        )
        out[f"{path}_first_plot_ms"] = min(ts[0] for ts in st["plots"].values())
    # news filter: the language filter to French; every callback it fires, its slowest server time
    t0 = driver.execute_script(
        "const t = performance.now(); window.dash_clientside.set_props('news-language', {value: 'fr'}); return t;"
    )
    time.sleep(0.2)
    st = settle(driver, lambda s: any(f["start"] >= t0 for f in s["fetches"]), timeout)
    fired = [f for f in st["fetches"] if f["start"] >= t0]
    out["news_filter_slowest_ms"] = max(f["ttfb"] - f["start"] for f in fired)
    out["news_filter_done_ms"] = max(f["end"] for f in fired) - t0
    out["news_filter_callbacks"] = len(fired)
    # monthly route animation: every route, 2009-2024 by month; ready = the map redrawn with the monthly store
    out.update(measure_animation(driver, base, timeout, 10 if quick else 60, 2 if quick else 6))
    return out


ANIM_SPEED_MS = 200  # the routes page's "4×" speed: the pace the animation is asked to play at
ANIM_SPEED_SLACK = 1.1  # a frame interval within 10 % of the chosen speed counts as playing at that speed


def measure_animation(driver, base: str, timeout: float, limit: float, play_s: float) -> dict:  # type: ignore[no-untyped-def]
    """Monthly animation of every route: time until the map is redrawn, then play at ANIM_SPEED_MS per frame.

    While playing, a frame is a change of the period label (routes.js writes it with each frame it draws);
    the pace is the median interval between label changes, and every long task of the playing window counts.
    A tab that does not redraw within `limit` seconds is recorded as `inf` (printed as "> limit"): a result,
    not a crash; the browser is abandoned after it (its main thread may still be busy)."""
    from selenium.common.exceptions import WebDriverException

    out = {"anim_ready_ms": float("inf"), "anim_limit_ms": limit * 1000}
    load_page(driver, base + "/routes", timeout, lambda s: "routes-map" in s["plots"])
    before = len(state(driver)["plots"].get("routes-map", []))
    t0 = driver.execute_script(
        "const t = performance.now(); window.dash_clientside.set_props('routes-granularity', {value: 'month'});"
        " return t;"
    )
    try:
        driver.set_script_timeout(limit)
        st = settle(driver, lambda s: len(s["plots"].get("routes-map", [])) > before, limit)
    except (BenchError, WebDriverException):
        return out
    out["anim_ready_ms"] = max(st["plots"]["routes-map"]) - t0
    # the speed, as a reader picks it in the speed menu (the player reads it from the menu's callback)
    driver.execute_script("window.dash_clientside.set_props('routes-speed', {value: arguments[0]});", ANIM_SPEED_MS)
    time.sleep(0.3)
    t1 = driver.execute_script(
        "const b = document.getElementById('routes-play'), el = document.getElementById('routes-period-label');"
        " if (!b || !el) return null;"
        " const seen = window.__benchLabels = [];"
        " new MutationObserver(() => seen.push([performance.now(), el.textContent]))"
        "   .observe(el, {subtree: true, childList: true, characterData: true});"
        " const t = performance.now(); b.click(); return t;"
    )
    if t1 is None:
        raise BenchError("no #routes-play button or period label")
    time.sleep(play_s)
    st = state(driver)
    labels = driver.execute_script("return window.__benchLabels.slice()")
    out["anim_play_longest_task_ms"] = long_tasks(st, t1, st["now"])[1]
    out["anim_play_over_200"] = sum(1 for s, d in st["lt"] if s + d > t1 and d > 200)
    frames: list[tuple[float, str]] = []
    for at, text in labels:
        if not frames or text != frames[-1][1]:
            frames.append((at, text))
    gaps = [frames[i + 1][0] - frames[i][0] for i in range(len(frames) - 1)]
    if len(frames) < 3:
        raise BenchError(f"the period label changed {len(frames)} times in {play_s} s of playing")
    out["anim_frame_ms"] = statistics.median(gaps)
    return out


# ---------------------------------------------------------------- report


@dataclass
class Row:
    label: str
    ours: float | None
    theirs: float | None = None
    target: str = ""
    met: bool | None = None
    unit: str = "ms"
    extra: list[str] = field(default_factory=list)


def fmt(value: float | None, unit: str) -> str:
    if value is None or value != value:
        return "—"
    if value == float("inf"):
        return "not ready"
    if unit == "ms":
        return f"{value:,.0f} ms"
    if unit == "KB":
        return f"{value:,.1f} KB"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "req/s":
        return f"{value:,.0f} req/s"
    if unit == "%":
        return f"{value:.0f} %"
    return f"{value:,.0f}"


def print_table(rows: list[Row], title: str) -> None:
    print(f"\n{title}")
    head = ("measure", "imapdash", "tutorial", "ratio", "target", "met?")
    lines = []
    for r in rows:
        ratio = (
            f"{r.ours / r.theirs:.2f}x"
            if r.ours is not None and r.theirs and r.theirs == r.theirs and r.ours == r.ours
            else ""
        )
        met = "" if r.met is None else ("yes" if r.met else "NO")
        lines.append(
            (r.label, fmt(r.ours, r.unit), fmt(r.theirs, r.unit) if r.theirs is not None else "", ratio, r.target, met)
        )
    widths = [max(len(x[i]) for x in [head, *lines]) for i in range(len(head))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for line in lines:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |")


def med(values: list[float]) -> float:
    clean = [v for v in values if v == v]
    return statistics.median(clean) if clean else float("nan")


def ratio_met(ours: float, theirs: float, limit: float) -> bool | None:
    if ours != ours or theirs != theirs or not theirs:
        return None
    return ours / theirs <= limit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="CI smoke run: 1 repetition, short loads")
    parser.add_argument("--port-base", type=int, default=0, help="first of 4 ports to use (default: free ports)")
    parser.add_argument("--skip-api", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument(
        "--skip-pages", action="store_true", help="explorer only: skip /routes, /news, news filter and animation"
    )
    args = parser.parse_args()
    reps = 1 if args.quick else args.reps
    ports = [args.port_base + i for i in range(4)] if args.port_base else [free_port() for _ in range(4)]
    tmp = Path(tempfile.mkdtemp(prefix="imapdash-vs-tutorial-"))
    rows: list[Row] = []
    runs: dict[str, list[dict]] = {"imapdash": [], "tutorial": []}
    rss: dict[str, list[float]] = {}
    if not args.skip_browser:
        ours = start("imapdash", IMAPDASH["target"], ports[0], 1, tmp)
        theirs = start("tutorial", TUTORIAL["target"], ports[1], 1, tmp)
        try:
            rss = {"imapdash": ours.worker_rss_mb(), "tutorial": theirs.worker_rss_mb()}
            for rep in range(reps):
                order = [(IMAPDASH, ours), (TUTORIAL, theirs)]
                for spec, server in order if rep % 2 == 0 else order[::-1]:
                    runs[spec["name"]].append(
                        measure_app(spec, server.port, args.quick, spec is IMAPDASH and not args.skip_pages)
                    )
                print(f"repetition {rep + 1}/{reps} done", file=sys.stderr)
            rss["imapdash after"] = ours.worker_rss_mb()
            rss["tutorial after"] = theirs.worker_rss_mb()
        finally:
            ours.stop()
            theirs.stop()
        a, b = runs["imapdash"], runs["tutorial"]

        def both(key: str, sub: str | None = None) -> tuple[float, float]:
            pick = (lambda r: r[key][sub]) if sub else (lambda r: r[key])
            return med([pick(r) for r in a]), med([pick(r) for r in b])

        x, y = both("first_map_ms")
        rows.append(Row("first load: map drawn", x, y, "<= 0.5x", ratio_met(x, y, 0.5)))
        x, y = both("first_controls_ms")
        rows.append(Row("first load: year slider and a dropdown drawn", x, y))
        x, y = both("first_callbacks")
        rows.append(Row("first load: callbacks until map drawn", x, y, "", None, unit=""))
        x, y = both("first_longtasks_ms")
        rows.append(Row("first load: long tasks before map", x, y))
        x, y = both("js_kb")
        rows.append(Row("first load: JS bytes", x, y, unit="KB"))
        tutorial_map = y_map = both("first_map_ms")[1]
        x, y = both("year", "colours_ms")
        rows.append(Row("year change: map shows the year's colours", x, y, "<= 0.25x", ratio_met(x, y, 0.25)))
        x, y = both("year", "redraw_ms")
        rows.append(Row("year change: plotly's redraw done (hover, note)", x, y))
        x, y = both("year", "bytes")
        rows.append(Row("year change: response bytes", x / 1024, y / 1024, unit="KB"))
        x, y = both("year", "callbacks")
        rows.append(Row("year change: callbacks fired", x, y, "<= tutorial", x <= y, unit=""))
        x, y = both("year", "server_ms")
        rows.append(Row("year change: server time summed", x, y, "<= 1x", ratio_met(x, y, 1.0)))
        x, y = both("year", "map_server_ms")
        rows.append(Row("year change: map callback server time", x, y))
        x, y = both("indicator", "redraw_ms")
        rows.append(Row("indicator change: map redrawn", x, y, "< 1x", ratio_met(x, y, 0.999)))
        x, y = both("indicator", "server_ms")
        rows.append(Row("indicator change: server time summed", x, y))
        if not args.skip_pages:
            for path in ("/routes", "/news"):
                x = med([r[f"{path}_ready_ms"] for r in a])
                rows.append(
                    Row(
                        f"{path} ready (all drawn) vs tutorial first map",
                        x,
                        y_map,
                        "<= 1x",
                        ratio_met(x, tutorial_map, 1),
                    )
                )
                x = med([r[f"{path}_first_plot_ms"] for r in a])
                rows.append(
                    Row(f"{path} first chart drawn vs tutorial first map", x, y_map, "<= 1x", ratio_met(x, y_map, 1))
                )
            x = med([r["news_filter_done_ms"] for r in a])
            rows.append(Row("news filter (language): every callback answered", x, None))
            x = med([r["news_filter_slowest_ms"] for r in a])
            rows.append(
                Row(
                    "  slowest callback incl. queueing (-w 1)", x, None, "<= 100 ms per callback (bench_news)", x <= 100
                )
            )
            x = med([r["anim_ready_ms"] for r in a])
            limit = a[0]["anim_limit_ms"] / 1000
            rows.append(
                Row(
                    f"monthly route animation (192 frames): ready (limit {limit:.0f} s)",
                    x,
                    None,
                    "<= 3,000 ms",
                    x <= 3000,
                )
            )
            x = med([r.get("anim_play_longest_task_ms", float("nan")) for r in a])
            rows.append(
                Row(
                    "monthly route animation: longest task while playing",
                    x,
                    None,
                    "<= 200 ms",
                    x <= 200 if x == x else None,
                )
            )
            x = med([r.get("anim_play_over_200", float("nan")) for r in a])
            rows.append(
                Row("monthly route animation: long tasks over 200 ms while playing", x, None, "0", x == 0, unit="")
            )
            x = med([r.get("anim_frame_ms", float("nan")) for r in a])
            pace = ANIM_SPEED_MS * ANIM_SPEED_SLACK
            rows.append(
                Row(
                    f"monthly route animation: ms per frame drawn (speed 4x = {ANIM_SPEED_MS} ms)",
                    x,
                    None,
                    f"<= {pace:.0f} ms (chosen {ANIM_SPEED_MS} + 10 %)",
                    x <= pace if x == x else None,
                )
            )
        x, y = statistics.median(rss["imapdash"]), statistics.median(rss["tutorial"])
        rows.append(Row("RSS per worker after start (gunicorn -w 1)", x, y, "<= 1.3x", ratio_met(x, y, 1.3), unit="MB"))
        x, y = statistics.median(rss["imapdash after"]), statistics.median(rss["tutorial after"])
        rows.append(Row("RSS per worker after the browser runs", x, y, unit="MB"))
    if not args.skip_api:
        rows.extend(api_rows(ports[2], ports[3], tmp, reps, args.quick))
    print_table(rows, f"imapdash vs tutorial app: median of {reps} interleaved repetition(s), loopback, this machine")
    if runs["imapdash"]:
        print_waterfall(runs["imapdash"][0]["waterfall"], runs["imapdash"][0]["first_map_ms"])
    return 0


def print_waterfall(fetches: list[dict], drawn: float) -> None:
    print(f"\nimapdash first load, callbacks (repetition 1; map drawn at {drawn:,.0f} ms):")
    print(f"  {'start':>7} {'server':>7} {'end':>7} {'KB':>7}  output")
    for f in sorted(fetches, key=lambda f: f["start"]):
        mark = " " if f["start"] < drawn else "+"
        print(
            f" {mark}{f['start']:7.0f} {f['ttfb'] - f['start']:7.0f} {f['end']:7.0f} {f['bytes'] / 1024:7.1f}  "
            f"{f['output'][:90]}"
        )
    print("  (+ = started after the map was drawn; times in ms from navigation start)")


def api_rows(port: int, ceiling_port: int, tmp: Path, reps: int, quick: bool) -> list[Row]:
    """Cached API answers (imapdash -w 2) against the same bytes from a minimal route (-w 2): rps, p50, p95."""
    server = start("imapdash-api", IMAPDASH["target"], port, 2, tmp)
    rows: list[Row] = []
    ceiling = None
    try:
        paths = ["/api/v1/indicators/migrant_stock_pct_population.json", "/api/v1/flows.json"]
        bodies = {}
        for path in paths:
            status, body, headers = get(port, path)
            if status != 200:
                raise BenchError(f"{path} answered {status}")
            bodies[path] = {"hex": body.hex(), "type": headers.get("Content-Type", "application/json")}
        (tmp / "ceiling.json").write_text(json.dumps(bodies))
        ceiling = start(
            "ceiling",
            "benchmarks.bench_vs_tutorial:ceiling_app()",
            ceiling_port,
            2,
            tmp,
            {"BENCH_CEILING": str(tmp / "ceiling.json")},
            probe=paths[0],
        )
        users, total = (4, 200) if quick else (8, 2000)
        for path in paths:
            ours, top = [], []
            for rep in range(reps if not quick else 1):
                pair = [(server, ours), (ceiling, top)]
                for srv, into in pair if rep % 2 == 0 else pair[::-1]:
                    hammer(srv.port, path, users, users * 2)  # warm-up
                    into.append(hammer(srv.port, path, users, total))
            x, y = med([r["rps"] for r in ours]), med([r["rps"] for r in top])
            size = len(bodies[path]["hex"]) // 2 / 1024
            rows.append(
                Row(
                    f"{path.split('/v1/')[1]} ({size:.0f} KB) -w 2 vs ceiling",
                    x,
                    y,
                    ">= 50 % of ceiling",
                    x / y >= 0.5,
                    unit="req/s",
                )
            )
            rows.append(
                Row(
                    "  p50 / p95 (imapdash; ceiling in tutorial column)",
                    med([r["p50"] for r in ours]),
                    med([r["p50"] for r in top]),
                    f"p95 {med([r['p95'] for r in ours]):.1f} vs {med([r['p95'] for r in top]):.1f} ms",
                )
            )
        # uncached: distinct valid queries, each computed once
        queries = [f"/api/v1/flows.json?year={y}" for y in range(2009, 2025)] + [
            f"/api/v1/indicators/{i}.json"
            for i in ("refugees_hosted", "asylum_seekers_hosted", "arrivals_total", "remittances_received_usd")
        ]
        times = []
        for query in queries[: 5 if quick else None]:
            started = time.perf_counter()
            status, _, _ = get(port, query)
            times.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise BenchError(f"{query} answered {status}")
        times.sort()
        rows.append(
            Row(
                f"API uncached ({len(times)} distinct queries): p50",
                statistics.median(times),
                None,
                f"p95 {times[min(len(times) - 1, int(0.95 * len(times)))]:.0f} ms (stated)",
            )
        )
        rows.append(
            Row(
                "RSS per worker, gunicorn -w 2 after API load",
                statistics.median(server.worker_rss_mb()),
                None,
                unit="MB",
            )
        )
    finally:
        server.stop()
        if ceiling:
            ceiling.stop()
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
