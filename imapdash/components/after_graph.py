"""AfterGraph: a control drawn once the page's main graph is drawn, a stand-in of its size until then (issue 20).

The renderer draws a page's components in one pass, and dcc's lazy ones (dropdowns, slider, graphs) in a
second; plotly draws the map only after both. On the explorer, deferring the dropdowns and the slider drew the
map 40-70 ms sooner (A/B, 12 fresh-Chromium loads each); the controls then come ~0.1-0.2 s after the map.
Wrapped in AfterGraph, a control first shows a box of its own size and look (a dropdown's current text, a
slider's rail), the page does not move when it arrives, and it arrives as soon as the graph is drawn
(assets/js/after_graph.js; shell.js announces every drawing). With no such graph on the page (another tab),
the control is drawn at once; whatever happens, after LIMIT_MS.

A secondary chart can wait the same way (kind "graph", a blank box of its `height`): plotly drew the
explorer's two side placeholders in the same task as the map, before the map's countries; behind stand-ins
the first map came 30-51 ms sooner (two A/Bs of 14 cold loads each). In presentation mode the drawn chart is
taller than its figure's height (assets/js/present.js), so what follows it in its column moves down once.
"""

from __future__ import annotations

from typing import Any, ClassVar

from dash.development.base_component import Component

KINDS = ("dropdown", "slider", "graph")


class AfterGraph(Component):
    """`children` once the dcc.Graph `graph` is drawn; until then a stand-in of `kind` showing `text`
    (`muted`: in a placeholder's colour; `height`: the stand-in's height in px, a chart's). Adds no element of
    its own once the children are drawn."""

    _children_props: ClassVar[list[str]] = []
    _base_nodes: ClassVar[list[str]] = ["children"]
    _namespace = "imapdash_layout"
    _type = "AfterGraph"

    def __init__(
        self,
        children: Component | None = None,
        *,
        graph: str,
        kind: str,
        text: str = "",
        muted: bool = False,
        height: int | None = None,
        **props: Any,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"AfterGraph kind {kind!r}: one of {KINDS}")
        if height is not None:
            props["height"] = height
        self._prop_names = ["id", "children", "graph", "kind", "text", "muted", "height"]
        self._valid_wildcard_attributes = []
        self.available_properties = list(self._prop_names)
        self.available_wildcard_properties = []
        super().__init__(children=children, graph=graph, kind=kind, text=text, muted=muted, **props)
