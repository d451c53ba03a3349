"""One unit per chart: the figure, its one-line summary and its data table travel together.

A chart function returns a `ChartOutput` built from ONE frame, so the figure a sighted reader sees
and the text a screen-reader user hears cannot drift apart (they used to come from two callbacks
that each recomputed the frame). The layout places it with `chart_block`; a callback fills the three
parts at once with `ChartOutput.parts()` against the three outputs `chart_ids(graph_id)` names
(`imapdash.views.context.chart_outputs` turns them into Dash `Output`s).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dash import dcc, html

from .chart_alt import alternative_ids, chart_alternative, data_table


@dataclass(frozen=True)
class ChartOutput:
    """A chart and its text alternative, from one frame.

    `figure` is a plotly figure dict (or a `dash.Patch` for a chart updated in place), `summary`
    the visible one-line description, `rows` the numbers drawn (first cell: what the row is about),
    `columns` the table's headers in the reader's language.
    """

    figure: Any
    summary: str
    rows: Sequence[Sequence[object]] = ()
    columns: Sequence[str] = field(default_factory=tuple)

    def table(self):
        """The accessible data table of `rows`."""
        return data_table(self.columns, self.rows)

    def parts(self) -> tuple[Any, str, Any]:
        """(figure, summary, table): the values of the three outputs `chart_ids` names, in that order."""
        return self.figure, self.summary, self.table()


def chart_ids(graph_id: str) -> tuple[str, str, str]:
    """IDs of a chart's graph, summary line and data table container."""
    summary_id, table_id = alternative_ids(graph_id)
    return graph_id, summary_id, table_id


def chart_block(
    graph_id: str,
    chart: ChartOutput,
    *,
    lang: str = "en",
    config: dict | None = None,
    class_name: str | None = None,
) -> list:
    """The graph and, under it, its summary and collapsed data table (a list to splice into a column)."""
    extra = {"className": class_name} if class_name else {}
    graph = dcc.Graph(id=graph_id, figure=chart.figure, config=config or {}, **extra)
    return [graph, chart_alternative(graph_id, chart.summary, chart.columns, chart.rows, lang)]


def empty_chart_block(
    graph_id: str, columns: Sequence[str], *, lang: str = "en", config: dict | None = None, figure: Any = None
) -> list:
    """A chart whose first content comes from its callback on load (the layout stays cheap)."""
    graph = dcc.Graph(id=graph_id, config=config or {}, **({"figure": figure} if figure is not None else {}))
    return [graph, chart_alternative(graph_id, "", columns, [], lang)]


def no_chart(message: str) -> html.P:
    """A short note where a chart has nothing to show."""
    return html.P(message, className="text-muted small")
