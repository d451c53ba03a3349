"""Text alternatives for charts: a one-line summary and a "Show data table" toggle under each graph.

A plotly chart is an image to a screen reader and cannot be read by keyboard, so WCAG 1.1.1 asks for
an equivalent in text. Every chart gets (1) a visible one-line summary — the highest and lowest
values and how many have data — which sighted readers use too, and (2) the numbers it draws, in a
real <table> inside <details>, so the page stays short until someone asks for them.

`chart_summary` is pure (numbers in, sentence out) and unit-tested; `chart_alternative` builds the
block. A view whose chart changes in a callback outputs new `children` to the two IDs that
`alternative_ids(graph_id)` returns, from a small callback of its own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from dash import html
from dash.development.base_component import Component

from ..i18n import format_value, t

Point = tuple[str, float | None]


def alternative_ids(graph_id: str) -> tuple[str, str]:
    """IDs of the summary line and of the table container that belong to `graph_id`."""
    return f"{graph_id}-summary", f"{graph_id}-alt-table"


def _present(value: float | None) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def chart_summary(
    points: Iterable[Point], *, lang: str = "en", unit: str = "persons", decimals: int = 0, missing: int | None = None
) -> str:
    """One sentence: highest and lowest labelled value, then how many have data.

    `points` are (label, value) pairs in display order; None/NaN values count as "no data". With
    `missing` given (countries on the map without a value) the count reads "34 countries with data,
    210 without"; otherwise "12 values". Ties keep the first label in display order.
    """
    points = list(points)
    known = [(label, float(value)) for label, value in points if _present(value)]
    if not known:
        return t("a11y.summary.empty", lang)
    absent = (len(points) - len(known)) if missing is None else missing

    def shown(value: float) -> str:
        return format_value(value, lang, unit=unit, decimals=decimals)

    high = max(known, key=lambda p: p[1])
    low = min(known, key=lambda p: p[1])
    if len(known) == 1:
        head = t("a11y.summary.single", lang, label=high[0], value=shown(high[1]))
    else:
        head = t(
            "a11y.summary.extremes",
            lang,
            high_label=high[0],
            high_value=shown(high[1]),
            low_label=low[0],
            low_value=shown(low[1]),
        )
    if missing is None and len(known) == 1:
        return f"{head}."
    if missing is not None:
        tail = t("a11y.summary.countries", lang, count=len(known), missing=absent)
    else:
        tail = t("a11y.summary.points", lang, count=len(known))
    return f"{head}; {tail}."


class TextTable(Component):
    """A data table drawn by assets/js/tables.js from `columns` and `rows` (strings) as ONE Dash component:
    <table> with the header cells' scope, each row's first cell its header, an optional <caption>.

    Written as html.Table/Tr/Th/Td, every cell was a Dash component the renderer tracks: the explorer's two
    collapsed chart tables alone were ~190 of the first page's components, and the renderer's work per
    component delayed the map (A/B: ~30 ms of the first map). Text goes in as text (React escapes it).
    """

    _children_props: ClassVar[list[str]] = []
    _base_nodes: ClassVar[list[str]] = ["children"]
    _namespace = "imapdash_tables"
    _type = "TextTable"

    def __init__(self, columns: list[str] | None = None, rows: list[list[str]] | None = None, **props: Any) -> None:
        self._prop_names = ["id", "columns", "rows", "caption", "className"]
        self._valid_wildcard_attributes = []
        self.available_properties = list(self._prop_names)
        self.available_wildcard_properties = []
        super().__init__(columns=columns or [], rows=rows or [], **props)


# dbc.Table(size="sm", striped=True, className="chart-alt-table mb-0") wrote the same classes
TABLE_CLASS = "table table-sm table-striped chart-alt-table mb-0"


def data_table(
    columns: Sequence[object], rows: Iterable[Sequence[object]], *, caption: str | None = None, class_name: str = ""
) -> TextTable:
    """An accessible table: caption, column headers with scope, first cell of each row as its header
    (every cell as text)."""
    extra = {"caption": caption} if caption else {}
    return TextTable(
        [str(c) for c in columns],
        [[str(cell) for cell in row] for row in rows],
        className=f"{TABLE_CLASS} {class_name}".strip(),
        **extra,
    )


def chart_alternative(
    graph_id: str,
    summary_text: str,
    table_columns: Sequence[str],
    table_rows: Iterable[Sequence[object]],
    lang: str = "en",
) -> html.Div:
    """The summary line and the collapsed data table for the chart `graph_id` (place it under the graph)."""
    summary_id, table_id = alternative_ids(graph_id)
    return html.Div(
        [
            html.P(summary_text, id=summary_id, className="chart-summary small mb-1"),
            html.Details(
                [
                    html.Summary(t("a11y.show_table", lang)),
                    html.Div(data_table(table_columns, table_rows), id=table_id, className="chart-alt-scroll"),
                ],
                className="chart-alt-details small",
            ),
        ],
        className="chart-alt mb-2",
    )
