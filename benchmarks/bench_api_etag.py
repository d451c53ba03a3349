"""What an ETag revalidation saves: a full API answer vs a 304, per request, over the bundled data.

    python -m benchmarks.bench_api_etag [--repeat 200]

Each URL is fetched once (warming the app's body cache), then `--repeat` times without and with
`If-None-Match`; prints milliseconds per request and the ratio. In-process (Flask test client), so it
measures the worker's own cost, not the network. A 304 is answered before any data is read.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from imapdash import create_app
from imapdash.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
URLS = (
    "/api/v1/flows.json?route=central-mediterranean",
    "/api/v1/flows.csv?breakdown=nationality&hxl=1",
    "/api/v1/countries/ITA.json",
    "/api/v1/routes.json",
    "/api/v1/openapi.json",
)


def _per_request_ms(client, url: str, repeat: int, headers: dict[str, str]) -> tuple[float, int, int]:
    start = time.perf_counter()
    for _ in range(repeat):
        response = client.get(url, headers=headers)
    elapsed = (time.perf_counter() - start) * 1000 / repeat
    return elapsed, response.status_code, len(response.get_data())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="CI smoke run: 3 repetitions")
    args = parser.parse_args()
    if args.quick:
        args.repeat = 3
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            data_dir=ROOT / "data",
            instance_dir=Path(tmp) / "instance",
            secret_key="bench",
            database_url=f"sqlite:///{Path(tmp) / 'bench.db'}",
        )
        client = create_app(settings).server.test_client()
        print(f"{'URL':<48} {'200 ms':>8} {'bytes':>9} {'304 ms':>8} {'ratio':>6}")
        for url in URLS:
            first = client.get(url)
            if first.status_code != 200 or "ETag" not in first.headers:
                raise SystemExit(
                    f"benchmark failed: {url} answered HTTP {first.status_code} (ETag: {first.headers.get('ETag')})"
                )
            etag = first.headers["ETag"]
            full, status, size = _per_request_ms(client, url, args.repeat, {})
            revalidated, status_304, _ = _per_request_ms(client, url, args.repeat, {"If-None-Match": etag})
            if (status, status_304) != (200, 304):
                raise SystemExit(f"benchmark failed: {url} answered {status} / {status_304}, expected 200 / 304")
            print(f"{url:<48} {full:8.2f} {size:9d} {revalidated:8.2f} {full / revalidated:6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
