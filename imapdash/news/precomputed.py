"""The bundled sample's classification, computed when the data is built rather than in every worker.

Classifying data/media.csv (themes, countries, terms and word pairs of 2,513 items, then the syndicated
copies merged) took 1.2 s on a quiet machine and ~13 MB at each worker's start (the shell's validation
layout draws the News Centre). `python -m imapdash.news.precomputed [DATA_DIR]` writes the result to
`sample_classified.json.gz` beside this module; the view reads it back in tens of milliseconds.

The file is used only when its fingerprint matches: the media table, the countries table, the rule
files, the code of the classifier (classify.py, language.py, media.py) and the stop-words package's
version. Anything else (another region's data, a data release with other items, an edited rule) is
classified as before, so a stale file costs time, never a wrong answer; `tests/unit/test_news_precomputed.py`
re-classifies the bundled sample and compares it with the file, and fails while the file is stale.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from .classify import RULES_DIR, Rules, rules_for
from .media import ITEM_COLUMNS, classify_media

PATH = Path(__file__).resolve().parent / "sample_classified.json.gz"
FORMAT = 1
CODE = ("classify.py", "language.py", "media.py")
COMPUTED = ("terms", "bigrams", "surfaces", "outlets", "copies")


def fingerprint(media: pd.DataFrame, countries: pd.DataFrame, rules_dir: Path = RULES_DIR) -> str:
    """What the classification of `media` is a pure function of, hashed."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for frame in (media, countries):
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
        digest.update("|".join(map(str, frame.columns)).encode())
    for path in sorted(rules_dir.glob("*.json")):
        digest.update(path.name.encode() + path.read_bytes())
    here = Path(__file__).resolve().parent
    for name in CODE:
        digest.update((here / name).read_bytes())
    try:
        digest.update(version("stop-words").encode())
    except PackageNotFoundError:  # pragma: no cover - the package is a requirement
        digest.update(b"no stop-words")
    return digest.hexdigest()


def _records(frame: pd.DataFrame) -> list[dict]:
    rows = []
    for row in frame.to_dict("records"):
        keys = [*sorted(row["terms"]), *sorted(row["bigrams"])]
        rows.append(
            {
                **{c: row[c] for c in ITEM_COLUMNS if c != "published"},
                "published": row["published"].strftime("%Y-%m-%d"),
                "terms": sorted(row["terms"]),
                "bigrams": sorted(row["bigrams"]),
                # a key is mostly written as itself: only the other forms are stored
                "surfaces": {k: row["surfaces"][k] for k in keys if row["surfaces"].get(k, k) != k},
                "outlets": list(row["outlets"]),
                "copies": int(row["copies"]),
            }
        )
    return rows


def write(frame: pd.DataFrame, key: str, path: Path = PATH) -> None:
    """The classified frame and its fingerprint, as gzipped JSON (the same bytes for the same input)."""
    text = json.dumps({"fingerprint": key, "items": _records(frame)}, ensure_ascii=False, separators=(",", ":"))
    path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def read(key: str, path: Path = PATH) -> pd.DataFrame | None:
    """The stored classification when its fingerprint is `key`, else None."""
    if not path.exists():
        return None
    stored = json.loads(gzip.decompress(path.read_bytes()))
    if stored.get("fingerprint") != key:
        return None
    items = stored["items"]
    frame = pd.DataFrame(items, columns=[*ITEM_COLUMNS, *COMPUTED])
    frame["published"] = pd.to_datetime(frame["published"], format="%Y-%m-%d")
    frame["terms"] = [frozenset(r["terms"]) for r in items]
    frame["bigrams"] = [frozenset(r["bigrams"]) for r in items]
    frame["surfaces"] = [{k: r["surfaces"].get(k, k) for k in (*r["terms"], *r["bigrams"])} for r in items]
    return frame


def classified_sample(media: pd.DataFrame, countries: pd.DataFrame, rules: Rules | None = None) -> pd.DataFrame:
    """The sample as a standard items frame: the stored classification when it is for these inputs,
    else `classify_media` (seconds)."""
    stored = read(fingerprint(media, countries))
    if stored is not None:
        return stored
    return classify_media(media, rules or rules_for(countries))


def main(argv: list[str] | None = None) -> int:
    """Classify DATA_DIR's media.csv (default: data/) and write the file beside this module."""
    from ..datasets import load_datasets

    args = sys.argv[1:] if argv is None else argv
    datasets = load_datasets(Path(args[0]) if args else Path("data"))
    key = fingerprint(datasets.media, datasets.countries)
    frame = classify_media(datasets.media, rules_for(datasets.countries))
    write(frame, key)
    sys.stdout.write(f"{PATH}: {len(frame)} stories from {len(datasets.media)} items, fingerprint {key[:12]}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
