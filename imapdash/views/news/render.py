"""Everything a News Centre state shows, computed once: the six charts and the item list.

The page (first render) and the one filter callback both take their values from `render`, so a filter
change is one request that filters the items once and builds every chart from that selection (it was
eight callbacks, each repeating the request's set-up and queueing behind the others on a worker).
A rendering is a pure function of (corpus, state, interface language): the corpus key names the data
release (or the news table's state), so a bounded LRU keeps the recent ones and a state asked again
(the default page, a filter undone, Back) costs a lookup. Treat a rendering as read-only.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...ids import News
from ...lru import BoundedLRU
from ...web import geometry_url
from ..context import ViewContext
from . import charts, items, queries
from .charts import NewsChart
from .state import NewsState

# the order of the charts' outputs in the filter callback
GRAPHS = (News.TREND, News.SHARES, News.MAP, News.TERM_TRENDS, News.TERMS, News.BIGRAMS)

_RENDERED: BoundedLRU[tuple, Rendered] = BoundedLRU(16)


@dataclass(frozen=True)
class Rendered:
    """Every chart of a state (graph id -> chart) and its item list with the count line."""

    charts: dict[str, NewsChart]
    listed: list
    count: str

    def outputs(self) -> tuple:
        """The filter callback's values: (figure, summary, table) per graph in GRAPHS order, then list and count."""
        return (*(part for graph in GRAPHS for part in self.charts[graph].parts()), self.listed, self.count)


def render(vc: ViewContext, corpus: queries.Corpus, state: NewsState) -> Rendered:
    """The state's charts and list in the context's language (once per corpus, state and language)."""

    def compute() -> Rendered:
        sel = queries.selection(corpus, state)
        names = vc.country_names()
        drawn = {graph: chart(corpus, sel, state, vc.lang) for graph, chart in charts.CHARTS.items()}
        drawn[News.MAP] = charts.map_chart(
            corpus, sel, state, vc.lang, names=names, geojson_url=geometry_url(vc.datasets)
        )
        listed, count = items.update_items(corpus, sel, vc.lang, names)
        return Rendered({graph: drawn[graph] for graph in GRAPHS}, listed, count)

    return _RENDERED.get_or_compute((corpus.key, state, vc.lang), compute)
