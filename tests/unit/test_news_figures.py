"""The News Centre's figure dicts are what plotly itself would make of them.

The news builders write plain dicts (validating a `go.Figure` took most of a filter callback's time).
Here every chart of several states, in the three interface languages, goes through plotly's own
validation: `go.Figure(figure)` raises on any property plotly does not know or a value it refuses,
and its `to_dict()` must give the dict back unchanged (nothing coerced, nothing dropped).
"""

import json

import plotly.graph_objects as go
import pytest
from plotly.utils import PlotlyJSONEncoder

from imapdash import create_app
from imapdash.urlstate import parse_query
from imapdash.views.context import ViewContext
from imapdash.views.news import queries
from imapdash.views.news.render import GRAPHS, render
from imapdash.views.news.state import parse_state
from tests.conftest import BUNDLED_DATA, make_settings

QUERIES = (
    "",
    "?ilang=fr&theme=deaths&every=year",
    "?ilang=ar&from=2016&to=2020&every=week",
    "?country=TUN",
    "?q=zzzz-no-such-text",  # every chart empty
)


@pytest.fixture(scope="module")
def news_app(tmp_path_factory):
    return create_app(make_settings(tmp_path_factory.mktemp("news-figures"), BUNDLED_DATA))


def _plain(figure: dict) -> object:
    return json.loads(json.dumps(figure, cls=PlotlyJSONEncoder))


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
@pytest.mark.parametrize("query", QUERIES)
def test_every_news_figure_passes_plotly_validation_unchanged(news_app, query, lang):
    datasets = news_app.server.extensions["imapdash.datasets"]
    with news_app.server.test_request_context("/news"):
        vc = ViewContext(datasets=datasets, lang=lang)
        corpus = queries.corpus(vc, None)
        rendered = render(vc, corpus, parse_state(parse_query(query), theme_ids=corpus.theme_ids))
    for graph in GRAPHS:
        figure = rendered.charts[graph].figure
        assert isinstance(figure, dict) and figure["data"] is not None, graph
        validated = go.Figure(figure)  # raises ValueError on an invalid property or value
        assert _plain(validated.to_dict()) == _plain(figure), graph
