"""Tables whose headers sit over their numbers and whose mixed-script cells read right in Arabic.

Numeric columns are aligned to the end of the line (right in English and French, left in Arabic), and so
are their headers (assets/css/10-imapdash.css: `th.num, td.num`); a header left where its numbers were on
the other side read as belonging to the next column. In a right-to-left table, text cells with Latin
letters are isolated (`i18n.isolate`): '2026-W49' read 'W49-2026' and '/country/TUN' read 'country/TUN/'.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

import dash_bootstrap_components as dbc
from dash import html

from ..i18n import DEFAULT_LANGUAGE, direction, isolate


def cell(value: object, lang: str = DEFAULT_LANGUAGE) -> object:
    """A cell's content: text isolated for right-to-left readers; components as they are."""
    if isinstance(value, str):
        return isolate(value) if direction(lang) == "rtl" else value
    return value


def table(
    columns: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    lang: str = DEFAULT_LANGUAGE,
    numeric: Collection[int] = (),
    class_name: str = "",
    striped: bool = False,
) -> dbc.Table:
    """A small table: `numeric` = indexes of the columns holding numbers (cells and header end-aligned)."""

    def kind(index: int) -> dict:
        return {"className": "num"} if index in numeric else {}

    head = html.Thead(html.Tr([html.Th(cell(c, lang), scope="col", **kind(i)) for i, c in enumerate(columns)]))
    body = html.Tbody([html.Tr([html.Td(cell(v, lang), **kind(i)) for i, v in enumerate(row)]) for row in rows])
    return dbc.Table([head, body], size="sm", striped=striped, className=class_name)
