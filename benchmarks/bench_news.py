"""News Centre timings over the bundled data: classification, first page layout, filter callback over HTTP.

Run: python benchmarks/bench_news.py
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
from imapdash.views.news import CONTROLS, OUTPUTS, layout

REPO = Path(__file__).resolve().parent.parent


def _ms(func, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    app = create_app(
        Settings(
            data_dir=REPO / "data", instance_dir=tmp, secret_key="bench", database_url=f"sqlite:///{tmp / 'bench.db'}"
        )
    )
    datasets = app.server.extensions["imapdash.datasets"]
    rules = rules_for(datasets.countries)
    print(f"classify 246 sample items (rules + tokens): {_ms(lambda: classify_media(datasets.media, rules)):.0f} ms")
    with app.server.test_request_context("/news"):
        print(f"layout('/news') (sample cached):           {_ms(lambda: layout(datasets, query={})):.0f} ms")
    client = app.server.test_client()
    output = next(o for o in app.callback_map if o.startswith(f"..{News.TREND}.figure"))
    for language in (None, "fr", "ar"):
        values = ("deaths" if language == "fr" else None, language, None, [2014, 2025], "", "month")
        payload = {
            "output": output,
            "outputs": [{"id": i, "property": p} for i, p in OUTPUTS] + [{"id": Shell.URL, "property": "search"}],
            "inputs": [{"id": i, "property": "value", "value": v} for i, v in zip(CONTROLS, values, strict=True)],
            "changedPropIds": [f"{News.LANGUAGE}.value"],
            "state": [{"id": Shell.URL, "property": "search", "value": ""}],
        }
        size = len(client.post("/_dash-update-component", json=payload).data)
        took = _ms(lambda p=payload: client.post("/_dash-update-component", json=p))
        print(f"filter callback lang={language}: {took:.0f} ms median, response {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
