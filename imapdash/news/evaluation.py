"""Precision and recall of the theme rules against a hand-labelled sample (pure functions).

The sample (`tests/fixtures/news_labelled/sample.csv`, labelling rules in the README beside it) gives, for
each item, every theme an analyst would file it under (multi-label; an empty cell means "none of the
themes", the "other" bucket). The rules assign every theme with at least one keyword match. For each
theme: precision = items both assign / items the rules assign; recall = items both assign / items the
analyst assigns. The bar (QUALITY_BAR) applies to themes with at least MIN_LABELLED items in the sample:
below that a single item moves the ratio by more than 12 points and the figure says little. The "other"
bucket (no theme) is reported but not judged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from .classify import OTHER_THEME, Rules, classify_text, item_text

MIN_LABELLED = 8
QUALITY_BAR = 0.70


@dataclass(frozen=True)
class ThemeScore:
    theme: str
    labelled: int
    assigned: int
    agreed: int

    @property
    def precision(self) -> float | None:
        return self.agreed / self.assigned if self.assigned else None

    @property
    def recall(self) -> float | None:
        return self.agreed / self.labelled if self.labelled else None

    @property
    def judged(self) -> bool:
        """Enough labelled items for the bar to apply ('other' is the absence of a theme: reported, not judged)."""
        return self.theme != OTHER_THEME and self.labelled >= MIN_LABELLED

    @property
    def passes(self) -> bool:
        return not self.judged or ((self.precision or 0.0) >= QUALITY_BAR and (self.recall or 0.0) >= QUALITY_BAR)


def label_sets(cells: Iterable[object]) -> list[frozenset[str]]:
    """'policy;asylum' -> {'policy', 'asylum'}; empty -> {'other'}."""
    out = []
    for cell in cells:
        themes = frozenset(t.strip() for t in str(cell if isinstance(cell, str) else "").split(";") if t.strip())
        out.append(themes or frozenset({OTHER_THEME}))
    return out


def predicted_sets(sample: pd.DataFrame, rules: Rules) -> list[frozenset[str]]:
    """The themes the rules give each item of the sample."""
    return [
        frozenset(classify_text(item_text(title, summary), language, rules).themes)
        for title, summary, language in zip(sample["title"], sample["summary"], sample["language"], strict=True)
    ]


def score_themes(
    labelled: list[frozenset[str]], predicted: list[frozenset[str]], themes: Iterable[str]
) -> list[ThemeScore]:
    """One ThemeScore per theme (rule order), over paired label and prediction sets."""
    scores = []
    for theme in themes:
        lab = [theme in s for s in labelled]
        pre = [theme in s for s in predicted]
        scores.append(ThemeScore(theme, sum(lab), sum(pre), sum(a and b for a, b in zip(lab, pre, strict=True))))
    return scores


def errors(sample: pd.DataFrame, labelled: list[frozenset[str]], predicted: list[frozenset[str]]) -> pd.DataFrame:
    """Items where the rules and the analyst disagree, with what each said (for tuning the rules)."""
    rows = []
    for (_, item), lab, pre in zip(sample.iterrows(), labelled, predicted, strict=True):
        if lab != pre:
            rows.append(
                {
                    "language": item["language"],
                    "title": item["title"],
                    "missed": ";".join(sorted(lab - pre)),
                    "extra": ";".join(sorted(pre - lab)),
                }
            )
    return pd.DataFrame(rows, columns=["language", "title", "missed", "extra"])
