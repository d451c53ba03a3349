"""News Centre timings over the bundled data: classification, first page layout, one filter change over HTTP.

A filter change runs one callback per chart, one for the item list and one for the URL; the line per
language prints their summed server time (the browser sends them in parallel) and response size.

Run: python -m benchmarks.bench_news   (every timed request must answer 200, else the run stops)
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from imapdash import create_app
from imapdash.ids import News, Shell
from imapdash.news.classify import rules_for
from imapdash.news.media import classify_media
from imapdash.settings import Settings
from imapdash.views.news import layout
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


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    app = create_app(
        Settings(
            data_dir=REPO / "data", instance_dir=tmp, secret_key="bench", database_url=f"sqlite:///{tmp / 'bench.db'}"
        )
    )
    datasets = app.server.extensions["imapdash.datasets"]
    rules = rules_for(datasets.countries)
    took = _ms(lambda: classify_media(datasets.media, rules), runs=3)
    stories = len(classify_media(datasets.media, rules))
    print(f"classify {len(datasets.media)} items -> {stories} stories (rules, tokens, dedup): {took:.0f} ms")
    with app.server.test_request_context("/news"):
        print(f"layout('/news') (sample cached):           {_ms(lambda: layout(datasets, query={})):.0f} ms")
    client = app.server.test_client()
    driven = [o for o, c in app.callback_map.items() if [i["id"] for i in c["inputs"]] == list(CONTROLS)]
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

    for language in (None, "fr", "ar"):
        values = ("deaths" if language == "fr" else None, language, None, [2014, 2025], "", "month")
        payloads = [payload(o, values) for o in driven]
        size = sum(len(_post(client, p)) for p in payloads)
        took = _ms(lambda ps=payloads: [_post(client, p) for p in ps])
        slowest = max(_ms(lambda p=p: _post(client, p)) for p in payloads)
        print(
            f"filter change lang={language}: {len(payloads)} callbacks, "
            f"{took:.0f} ms median in total, slowest one {slowest:.0f} ms, {size / 1024:.0f} KiB"
        )


if __name__ == "__main__":
    main()
