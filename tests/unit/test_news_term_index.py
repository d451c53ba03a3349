"""The term index (numpy counts over the corpus) gives exactly what `top_terms` gives, on the bundled corpus."""

import pandas as pd
import pytest

from imapdash import create_app
from imapdash.news.media import NewsFilters, filter_items, top_terms
from imapdash.views.context import ViewContext
from imapdash.views.news import queries
from tests.conftest import BUNDLED_DATA, make_settings

SELECTIONS = (
    NewsFilters(),
    NewsFilters(language="fr"),
    NewsFilters(language="ar"),
    NewsFilters(theme="deaths", year_from=2016, year_to=2018),
    NewsFilters(country="TUN"),
    NewsFilters(text="zzzz-no-such-text"),  # nothing selected
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    app = create_app(make_settings(tmp_path_factory.mktemp("term-index"), BUNDLED_DATA))
    with app.server.test_request_context("/news"):
        return queries.corpus(ViewContext(datasets=app.server.extensions["imapdash.datasets"], lang="en"), None)


@pytest.mark.parametrize("column", ["terms", "bigrams"])
@pytest.mark.parametrize("filters", SELECTIONS, ids=lambda f: repr(f)[12:60])
def test_index_counts_match_top_terms(corpus, filters, column):
    selected = filter_items(corpus.items, filters)
    for n in (15, 3):
        expected = top_terms(selected, column=column, n=n)
        pd.testing.assert_frame_equal(corpus.top_terms(selected, column, n), expected, check_dtype=False)
    assert selected.empty or len(expected) > 0
