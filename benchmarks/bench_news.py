"""News Centre timings over the bundled data: classification, first page layout, one filter change over HTTP.

A filter change runs the callbacks the news controls drive; the line per language prints their summed
server time (the browser sends them in parallel) and response size, first on a state nobody asked for
yet (the view's selection and rendering caches emptied before each call: the figure that counts), then
for the same state asked again (kept renderings).

Run: python -m benchmarks.bench_news [--quick]   (every timed request must answer 200, else the run stops)

     python -m benchmarks.bench_news --browser [--before TREE] [--reps N] [--port-base P]
       /news in headless Chromium (gunicorn -w 1, cold cache, instrumented as in bench_vs_tutorial): first
       chart drawn, every chart drawn, the page-load waterfall of callbacks, then a language filter change
       (callbacks fired, the slowest one incl. queueing); the tutorial app's first map in the same run is
       the yardstick. `--before TREE` runs another checkout's server too, alternating with this one.

Target (issue 20): every news filter callback <= 100 ms (the slowest one is printed against it).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._common import quick_parser
from imapdash import create_app
from imapdash.ids import News, Shell
from imapdash.news.classify import rules_for
from imapdash.news.media import classify_media
from imapdash.settings import Settings
from imapdash.views.news import layout
from imapdash.views.news import queries as news_queries
from imapdash.views.news.render import _RENDERED as RENDERINGS
from imapdash.views.news.state import CONTROLS

REPO = Path(__file__).resolve().parent.parent


def _ms(func, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _post(client, payload: dict) -> bytes:
    response = client.post("/_dash-update-component", json=payload)
    if response.status_code != 200:
        raise SystemExit(f"callback {payload['output']} answered {response.status_code}: {response.data[:300]!r}")
    return response.data


# ---------------------------------------------------------------- in the browser


def _serve(tree: Path, name: str, target: str, port: int, tmp: Path):  # type: ignore[no-untyped-def]
    """gunicorn -w 1 of `target` from checkout `tree` over its own data/ (bench_vs_tutorial's start)."""
    from benchmarks.bench_vs_tutorial import start

    return start(name, target, port, 1, tmp, tree=tree)


def _news_visit(port: int, timeout: float = 120) -> dict:
    """One cold visit of /news in a fresh browser: draws, the load's callbacks, then a language filter change."""
    from benchmarks.bench_vs_tutorial import load_page, new_driver, settle

    driver = new_driver()
    try:
        st = load_page(driver, f"http://127.0.0.1:{port}/news", timeout, lambda s: len(s["plots"]) >= 6)
        out = {
            "first_ms": min(ts[0] for ts in st["plots"].values()),
            "ready_ms": max([f["end"] for f in st["fetches"]] + [t for ts in st["plots"].values() for t in ts]),
            "graphs": {k: round(v[0]) for k, v in sorted(st["plots"].items(), key=lambda kv: kv[1][0])},
            "waterfall": st["fetches"],
            "resources": [r for r in st["resources"] if r[2] and r[2] > 20_000],
        }
        t0 = driver.execute_script(
            "const t = performance.now(); window.dash_clientside.set_props('news-language', {value: 'fr'}); return t;"
        )
        time.sleep(0.2)
        st = settle(driver, lambda s: any(f["start"] >= t0 for f in s["fetches"]), timeout)
        fired = [f for f in st["fetches"] if f["start"] >= t0]
        out["filter_callbacks"] = len(fired)
        out["filter_slowest_ms"] = max(f["ttfb"] - f["start"] for f in fired)
        out["filter_done_ms"] = max(f["end"] for f in fired) - t0
        out["filter_waterfall"] = [
            {**f, "start": f["start"] - t0, "ttfb": f["ttfb"] - t0, "end": f["end"] - t0} for f in fired
        ]
        return out
    finally:
        driver.quit()


def _tutorial_visit(port: int, timeout: float = 120) -> float:
    from benchmarks.bench_vs_tutorial import load_page, new_driver

    driver = new_driver()
    try:
        return load_page(driver, f"http://127.0.0.1:{port}/", timeout, lambda s: "map" in s["choro"])["choro"]["map"]
    finally:
        driver.quit()


def _waterfall(fetches: list[dict]) -> None:
    print(f"    {'start':>7} {'server':>7} {'end':>7} {'KB':>7}  output")
    for f in sorted(fetches, key=lambda f: f["start"]):
        print(
            f"    {f['start']:7.0f} {f['ttfb'] - f['start']:7.0f} {f['end']:7.0f} {f['bytes'] / 1024:7.1f}  "
            f"{f['output'][:90]}"
        )


def browser(reps: int, before: Path | None, port_base: int) -> None:
    """/news cold loads and a filter change, this checkout (and `before`) against the tutorial app's first map."""
    from benchmarks.bench_vs_tutorial import free_port, med

    tmp = Path(tempfile.mkdtemp(prefix="imapdash-bench-news-"))
    trees = {"this": REPO, **({"before": before.resolve()} if before else {})}
    given = iter(range(port_base, port_base + 10))
    port = (lambda: next(given)) if port_base else free_port
    servers = {name: _serve(tree, name, "app:server", port(), tmp) for name, tree in trees.items()}
    servers["tutorial"] = _serve(REPO, "tutorial", "benchmarks.tutorial_app:server", port(), tmp)
    runs: dict[str, list] = {name: [] for name in servers}
    try:
        for rep in range(reps):
            names = list(servers)
            for name in names if rep % 2 == 0 else names[::-1]:
                visit = _tutorial_visit if name == "tutorial" else _news_visit
                runs[name].append(visit(servers[name].port))
            print(f"repetition {rep + 1}/{reps} done", file=sys.stderr)
    finally:
        for server in servers.values():
            server.stop()
    tutorial = med(runs.pop("tutorial"))
    print(f"\n/news in headless Chromium, gunicorn -w 1, median of {reps}; tutorial app first map {tutorial:,.0f} ms")
    for name, visits in runs.items():
        first, ready = med([v["first_ms"] for v in visits]), med([v["ready_ms"] for v in visits])
        slowest = med([v["filter_slowest_ms"] for v in visits])
        print(
            f"{name:>7}: first chart {first:,.0f} ms ({first / tutorial:.2f}x), all drawn {ready:,.0f} ms "
            f"({ready / tutorial:.2f}x); filter: {visits[0]['filter_callbacks']} callbacks, done "
            f"{med([v['filter_done_ms'] for v in visits]):,.0f} ms, slowest incl. queueing {slowest:,.0f} ms "
            f"(target <= 100: {'met' if slowest <= 100 else 'NOT met'})"
        )
        print(f"  first draw per graph (rep 1): {visits[0]['graphs']}")
        print("  load waterfall (rep 1):")
        _waterfall(visits[0]["waterfall"])
        print("  filter waterfall (rep 1, ms from the change):")
        _waterfall(visits[0]["filter_waterfall"])


def main() -> None:
    parser = quick_parser(__doc__)
    parser.add_argument("--browser", action="store_true", help="/news in headless Chromium (see the module doc)")
    parser.add_argument("--before", type=Path, help="with --browser: another checkout, alternated with this one")
    parser.add_argument("--reps", type=int, default=3, help="with --browser: repetitions")
    parser.add_argument("--port-base", type=int, default=0, help="with --browser: first of the ports to use")
    args = parser.parse_args()
    if args.browser:
        browser(1 if args.quick else args.reps, args.before, args.port_base)
        return
    runs = 1 if args.quick else 5
    tmp = Path(tempfile.mkdtemp())
    app = create_app(
        Settings(
            data_dir=REPO / "data", instance_dir=tmp, secret_key="bench", database_url=f"sqlite:///{tmp / 'bench.db'}"
        )
    )
    datasets = app.server.extensions["imapdash.datasets"]
    if not args.quick:  # the quick run skips the (seconds-long) offline classification timing
        rules = rules_for(datasets.countries)
        took = _ms(lambda: classify_media(datasets.media, rules), runs=3)
        stories = len(classify_media(datasets.media, rules))
        print(f"classify {len(datasets.media)} items -> {stories} stories (rules, tokens, dedup): {took:.0f} ms")

    def fresh(call):  # type: ignore[no-untyped-def]
        """`call` on a state nobody asked for yet: the news selections and renderings forgotten first."""

        def run():  # type: ignore[no-untyped-def]
            news_queries._SELECTIONS.clear()
            RENDERINGS.clear()
            return call()

        return run

    with app.server.test_request_context("/news"):
        page = lambda: layout(datasets, query={})  # noqa: E731
        print(f"layout('/news') (sample classified), first time: {_ms(fresh(page), runs):.0f} ms")
        print(f"layout('/news') again (rendering kept):         {_ms(page, runs):.0f} ms")
    client = app.server.test_client()
    driven = [o for o, c in app.callback_map.items() if [i["id"] for i in c["inputs"]] == list(CONTROLS)]
    if not driven:
        raise SystemExit("benchmark failed: no callback takes the news controls as its inputs")
    known = {f"{Shell.URL}.search": "", f"{Shell.URL}.pathname": "/news", f"{Shell.ROOT}.lang": "en"}

    def payload(output: str, values: tuple) -> dict:
        outputs = [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in output.strip(".").split("...")]
        if output.startswith(f"{Shell.URL}.search@"):
            outputs = [{"id": Shell.URL, "property": "search"}]
        return {
            "output": output,
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [{"id": i, "property": "value", "value": v} for i, v in zip(CONTROLS, values, strict=True)],
            "changedPropIds": [f"{News.LANGUAGE}.value"],
            "state": [{**s, "value": known[f"{s['id']}.{s['property']}"]} for s in app.callback_map[output]["state"]],
        }

    worst = 0.0
    for language in (None,) if args.quick else (None, "fr", "ar"):
        values = ("deaths" if language == "fr" else None, language, None, [2014, 2025], "", "month")
        payloads = [payload(o, values) for o in driven]
        size = sum(len(_post(client, p)) for p in payloads)
        took = _ms(fresh(lambda ps=payloads: [_post(client, p) for p in ps]), runs)
        slowest = max(_ms(fresh(lambda p=p: _post(client, p)), runs) for p in payloads)
        again = max(_ms(lambda p=p: _post(client, p), runs) for p in payloads)
        worst = max(worst, slowest)
        print(
            f"filter change lang={language}: {len(payloads)} callbacks, first time {took:.0f} ms in total, "
            f"slowest one {slowest:.0f} ms; state asked again: slowest {again:.0f} ms; {size / 1024:.0f} KiB"
        )
    print(
        f"slowest news filter callback, first time: {worst:.0f} ms (target <= 100 ms: "
        f"{'met' if worst <= 100 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
