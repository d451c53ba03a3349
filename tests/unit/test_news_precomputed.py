"""The stored classification of the bundled sample is what classifying it now gives, and is used only for it."""

from pathlib import Path

import pandas as pd
import pytest

from imapdash.datasets import load_datasets
from imapdash.news import precomputed
from imapdash.news.classify import rules_for
from imapdash.news.media import classify_media
from tests.conftest import BUNDLED_DATA


@pytest.fixture(scope="module")
def datasets():
    return load_datasets(BUNDLED_DATA)


def test_stored_classification_equals_a_fresh_one(datasets):
    """Fails when the rules, the classifier or data/media.csv changed without
    `python -m imapdash.news.precomputed data` being run again."""
    stored = precomputed.read(precomputed.fingerprint(datasets.media, datasets.countries))
    assert stored is not None, "stale: run python -m imapdash.news.precomputed data"
    pd.testing.assert_frame_equal(stored, classify_media(datasets.media, rules_for(datasets.countries)))


def test_other_items_are_classified_not_read(datasets, tmp_path: Path):
    media = datasets.media.head(40)
    key = precomputed.fingerprint(media, datasets.countries)
    assert key != precomputed.fingerprint(datasets.media, datasets.countries)
    assert precomputed.read(key) is None  # the bundled file is not for these items
    fresh = classify_media(media, rules_for(datasets.countries))
    pd.testing.assert_frame_equal(precomputed.classified_sample(media, datasets.countries), fresh)
    precomputed.write(fresh, key, tmp_path / "x.json.gz")  # and a file written for them reads back equal
    pd.testing.assert_frame_equal(precomputed.read(key, tmp_path / "x.json.gz"), fresh)
    assert precomputed.read("another fingerprint", tmp_path / "x.json.gz") is None


def test_an_edited_rule_file_changes_the_fingerprint(datasets, tmp_path: Path):
    for path in precomputed.RULES_DIR.glob("*.json"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    same = precomputed.fingerprint(datasets.media, datasets.countries, tmp_path)
    assert same == precomputed.fingerprint(datasets.media, datasets.countries)
    first = sorted(tmp_path.glob("*.json"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert precomputed.fingerprint(datasets.media, datasets.countries, tmp_path) != same
