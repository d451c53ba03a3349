"""Size of the meeting pack of every example story (data/stories/*.json), and what it is made of.

Run on demand: `python -m benchmarks.bench_packs`. Builds each pack as `/stories/example/<name>/pack.html`
serves it (English) and prints its size, then the shared parts every pack carries once (plotly.js, country
geometry, base map, Arabic font, presentation script) and the story's own figures (with animation frames).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from imapdash import create_app
from imapdash.settings import Settings

REPO = Path(__file__).resolve().parent.parent
PART = re.compile(r'<script type="application/json" id="(pack-[a-z]+)">(.*?)</script>', re.DOTALL)


def main() -> None:
    from benchmarks._common import quick_parser

    args = quick_parser(__doc__).parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            data_dir=REPO / "data",
            instance_dir=Path(tmp) / "instance",
            secret_key="bench",
            database_url=f"sqlite:///{Path(tmp) / 'bench.db'}",
        )
        app = create_app(settings)
        client = app.server.test_client()
        names = sorted(path.stem for path in (REPO / "data" / "stories").glob("*.json"))
        print(f"{'story':28} {'pack MB':>8} {'figures MB':>10} {'geometry MB':>11} {'other MB':>9}")
        if not names:
            raise SystemExit("benchmark failed: no example story in data/stories")
        for name in names[:1] if args.quick else names:
            response = client.get(f"/stories/example/{name}/pack.html")
            if response.status_code != 200:
                raise SystemExit(f"benchmark failed: pack of {name} answered HTTP {response.status_code}")
            text = response.get_data(as_text=True)
            total = len(text.encode("utf-8"))
            parts = {key: len(body.encode("utf-8")) for key, body in PART.findall(text)}
            figures = parts.get("pack-data", 0)
            geometry = parts.get("pack-geometry", 0) + parts.get("pack-topojson", 0)
            print(
                f"{name:28} {total / 1e6:8.2f} {figures / 1e6:10.2f} {geometry / 1e6:11.2f}"
                f" {(total - figures - geometry) / 1e6:9.2f}"
            )
        print(
            "other = plotly.js (the app's partial bundle, assets/js/plotly-partial.min.js),"
            " Arabic font, presentation script, page text"
        )


if __name__ == "__main__":
    main()
