"""Theme classification quality: precision and recall per theme against the hand-labelled sample.

    python -m benchmarks.bench_classify            # table per theme, overall and per language
    python -m benchmarks.bench_classify --errors   # and every disagreement (to tune the rules)
    python -m benchmarks.bench_classify --quick    # CI smoke run: same computation, table only

The sample and its labelling rules: tests/fixtures/news_labelled/. The bar (imapdash.news.evaluation):
precision and recall >= QUALITY_BAR for every theme with >= MIN_LABELLED labelled items. Exit 1 when a judged
theme is below the bar.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from imapdash.datasets.store import load_datasets
from imapdash.news.classify import OTHER_THEME, rules_for
from imapdash.news.evaluation import MIN_LABELLED, QUALITY_BAR, errors, label_sets, predicted_sets, score_themes

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "news_labelled" / "sample.csv"


def _pct(value: float | None) -> str:
    return "  n/a" if value is None else f"{value * 100:5.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    rules = rules_for(load_datasets(ROOT / "data").countries)
    themes = [t.id for t in rules.themes] + [OTHER_THEME]
    labelled = label_sets(sample["themes"])
    predicted = predicted_sets(sample, rules)
    print(
        f"sample: {len(sample)} items ({sample['language'].value_counts().to_dict()}); bar: precision and "
        f"recall >= {QUALITY_BAR:.0%} for themes with >= {MIN_LABELLED} labelled items"
    )
    print(f"{'theme':<12} {'labelled':>8} {'assigned':>8} {'agreed':>6} {'prec %':>6} {'recall %':>8}  bar")
    failing = 0
    for score in score_themes(labelled, predicted, themes):
        if score.theme == OTHER_THEME:
            verdict = "(not judged: no theme)"
        else:
            verdict = "ok" if score.passes and score.judged else ("FAIL" if not score.passes else "(too few)")
        failing += not score.passes
        print(
            f"{score.theme:<12} {score.labelled:>8} {score.assigned:>8} {score.agreed:>6} "
            f"{_pct(score.precision):>6} {_pct(score.recall):>8}  {verdict}"
        )
    for lang in ("en", "fr", "ar"):
        mask = (sample["language"] == lang).tolist()
        lab = [s for s, m in zip(labelled, mask, strict=True) if m]
        pre = [s for s, m in zip(predicted, mask, strict=True) if m]
        exact = sum(a == b for a, b in zip(lab, pre, strict=True))
        print(f"{lang}: {len(lab)} items, theme sets identical for {exact} ({exact / max(len(lab), 1):.0%})")
    if args.errors and not args.quick:
        with pd.option_context("display.width", 200, "display.max_colwidth", 90, "display.max_rows", 500):
            print(errors(sample, labelled, predicted).to_string(index=False))
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
