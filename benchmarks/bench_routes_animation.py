"""Monthly route animation in headless Chromium: time until it is ready, long tasks, and the pace it plays at.

Run: `python benchmarks/bench_routes_animation.py [--quick] [--url http://127.0.0.1:PORT] [--speed 200]`.
Without `--url` it starts `python app.py` on a free port over data/ (its own temp instance dir) and stops it.

What it does, per repetition (fresh browser each time):
1. opens `/routes?measure=detections&gran=month&from=2009&to=2024` (every route, 192 monthly frames) with a
   PerformanceObserver('longtask') installed before any script of the page runs;
2. "ready" = the map is drawn and the period label shows the last month (the animation store arrived and
   the first frame is painted), measured from navigation start;
3. sets the speed (`--speed`, ms per frame; 200 = the page's 4×), presses Play and records every period
   label change for `--seconds`; then reports frames played against the nominal count, the median
   interval between frames, and the long tasks during play (longest, count over 200 ms, total).

It checks what it times: every `_dash-update-component` response must be HTTP 200 (or 204), the label must
move forward while playing (skipped months are counted, not failed) and the browser console must hold no
error; otherwise it exits non-zero.
Targets (issue 20): ready <= 3000 ms, no long task over 200 ms while playing, played at the chosen speed.
"""

from __future__ import annotations

import argparse
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parent.parent
PATH = "/routes?measure=detections&gran=month&from=2009&to=2024"
LAST_PERIOD = "2024-12"
READY_TARGET_MS = 3000
LONG_TASK_TARGET_MS = 200

OBSERVER_JS = """
window.__longtasks = [];
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) { window.__longtasks.push([e.startTime, e.duration]); });
}).observe({type: 'longtask', buffered: true});
window.__labels = [];
document.addEventListener('DOMContentLoaded', function () {
  new MutationObserver(function () {
    var el = document.getElementById('routes-period-label');
    if (el) { window.__labels.push([performance.now(), el.textContent]); }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
});
"""
READY_JS = """
var el = document.getElementById('routes-period-label');
var drawn = document.querySelectorAll('#routes-map .scattergeo path').length > 0;
return drawn && el && el.textContent.indexOf(arguments[0]) === 0 ? performance.now() : null;
"""
STATUS_JS = """
return performance.getEntriesByType('resource')
  .filter(function (e) { return e.name.indexOf('_dash-update-component') >= 0; })
  .map(function (e) { return e.responseStatus; });
"""
SET_SPEED_JS = """
// the speed dropdown's value, as a user choosing it would set it (dash_clientside.set_props, Dash >= 2.16)
window.dash_clientside.set_props('routes-speed', {value: arguments[0]});
"""


NOT_READY = {
    "skipped_frames": 0,
    "ready_ms": float("inf"),
    "load_longest_ms": float("nan"),
    "load_long_total_ms": float("nan"),
    "frames": 0,
    "nominal_frames": 0.0,
    "median_frame_ms": float("nan"),
    "play_longest_ms": float("nan"),
    "play_over_target": 0,
    "play_long_total_ms": float("nan"),
    "dom_nodes": 0,
    "requests": 0,
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(tmp: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "IMAPDASH_PORT": str(port),
        "IMAPDASH_DATA_DIR": str(REPO / "data"),
        "IMAPDASH_INSTANCE_DIR": str(Path(tmp) / "instance"),
        "IMAPDASH_DATABASE_URL": f"sqlite:///{tmp}/bench.db",
    }
    proc = subprocess.Popen(
        [sys.executable, "app.py"], cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("the app did not answer /healthz within 60 s")


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--window-size=1600,900",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    driver = webdriver.Chrome(options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVER_JS})
    return driver


def months_apart(a: str, b: str) -> int:
    return (int(b[:4]) - int(a[:4])) * 12 + int(b[5:7]) - int(a[5:7])


def run_once(url: str, speed: int, seconds: float) -> dict:
    driver = browser()
    driver.set_script_timeout(180)  # a page whose main thread is blocked answers scripts late, not never
    try:
        driver.get(url + PATH)
        try:
            ready = WebDriverWait(driver, 180, poll_frequency=0.05).until(
                lambda d: d.execute_script(READY_JS, LAST_PERIOD)
            )
        except TimeoutException:
            tasks = driver.execute_script("return window.__longtasks.slice()")
            longest = max((d for _, d in tasks), default=0.0)
            return {**NOT_READY, "problems": [f"not ready within 180 s (longest long task {longest:.0f} ms)"]}
        time.sleep(0.5)  # let the period-dependent panels settle before playing
        load_tasks = driver.execute_script("return window.__longtasks.slice()")
        driver.execute_script(SET_SPEED_JS, speed)
        time.sleep(0.3)
        play_start = driver.execute_script("return performance.now()")
        driver.find_element("id", "routes-play").click()
        time.sleep(seconds)
        driver.find_element("id", "routes-pause").click()
        play_end = driver.execute_script("return performance.now()")
        tasks = driver.execute_script("return window.__longtasks.slice()")
        labels = driver.execute_script("return window.__labels.slice()")
        statuses = driver.execute_script(STATUS_JS)
        nodes = driver.execute_script("return document.getElementsByTagName('*').length")
        errors = [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    finally:
        driver.quit()
    played = []
    for at, text in labels:
        if play_start <= at <= play_end and text[:7] != (played[-1][1] if played else None):
            played.append((at, text[:7]))
    steps = [months_apart(a[1], b[1]) for a, b in itertools.pairwise(played)]
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(played)]
    during = [d for s, d in tasks if play_start <= s <= play_end]
    problems = []
    if any(s not in (200, 204) for s in statuses):  # 204: a callback that changed nothing
        problems.append(f"callback responses not 200: {sorted(set(statuses))}")
    if len(played) < 3:
        problems.append(f"the label moved {len(played)} times while playing")
    backwards = [s for s in steps if s < 0 and s != -191]  # -191: the loop back to the first month
    if backwards:
        problems.append(f"the label went backwards while playing: steps {sorted(set(backwards))}")
    if errors:
        problems.append(f"browser console errors: {errors[:3]}")
    return {
        "skipped_frames": sum(s - 1 for s in steps if s > 1),
        "ready_ms": ready,
        "load_longest_ms": max((d for _, d in load_tasks), default=0.0),
        "load_long_total_ms": sum(d for _, d in load_tasks),
        "frames": len(played),
        "nominal_frames": (play_end - play_start) / speed,
        "median_frame_ms": statistics.median(gaps) if gaps else float("nan"),
        "play_longest_ms": max(during, default=0.0),
        "play_over_target": sum(1 for d in during if d > LONG_TASK_TARGET_MS),
        "play_long_total_ms": sum(during),
        "dom_nodes": nodes,
        "requests": len(statuses),
        "problems": problems,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running app (default: start one on a free port)")
    parser.add_argument("--quick", action="store_true", help="one run, 3 s of playing (CI)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--speed", type=int, default=200, help="ms per frame (the page's 4x = 200)")
    args = parser.parse_args()
    repeats, seconds = (1, 3.0) if args.quick else (args.repeats, args.seconds)
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = (None, args.url) if args.url else start_app(tmp)
        try:
            runs = [run_once(url, args.speed, seconds) for _ in range(repeats)]
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=20)
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != "problems"}
    print(f"monthly route animation, every route 2009-2024, {repeats} run(s), {seconds:.0f} s of play each")
    print(f"{'measure (median)':44} {'value':>10} {'target':>10}")
    rows = [
        ("ready (map drawn at the last month), ms", med["ready_ms"], f"<= {READY_TARGET_MS}"),
        ("longest long task before ready, ms", med["load_longest_ms"], ""),
        ("long tasks before ready, total ms", med["load_long_total_ms"], ""),
        (f"frames played in {seconds:.0f} s at {args.speed} ms/frame", med["frames"], f"~{med['nominal_frames']:.0f}"),
        ("interval between frames, median ms", med["median_frame_ms"], f"{args.speed}"),
        ("frames skipped (label jumped a month)", med["skipped_frames"], "0"),
        ("longest long task while playing, ms", med["play_longest_ms"], f"<= {LONG_TASK_TARGET_MS}"),
        (f"long tasks over {LONG_TASK_TARGET_MS} ms while playing", med["play_over_target"], "0"),
        ("long tasks while playing, total ms", med["play_long_total_ms"], ""),
        ("DOM nodes", med["dom_nodes"], ""),
        ("callback requests (all HTTP 200/204)", med["requests"], ""),
    ]
    for name, value, target in rows:
        print(f"{name:44} {value:10.0f} {target:>10}")
    problems = [p for r in runs for p in r["problems"]]
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
