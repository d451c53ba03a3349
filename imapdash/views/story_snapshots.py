"""What a meeting pack shows for a slide: the charts of the slide's view, as plain figure dicts with sources.

Each view's own `snapshot()` gives its main chart (the explorer's map and ranking, the route map at the last
period). For the routes view the pack adds what a room wants from a routes slide: the route animation
itself (plotly frames and a play button, so it plays in the pack with no server) and the chart of the tab
the slide was saved on (nationalities, composition by gender and age, the Sankey, intra-African flows).
The figures come from the same chart functions the live view uses; nothing here computes a number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from imapdash.figures.route_map import frame_figure
from imapdash.figures.sources import SOURCE_NOTE_NAME
from imapdash.views.context import query_values, view_context
from imapdash.views.routes import charts, state_from_url

_SOURCE = re.compile(r"([^;:()]+?)\s*\(<a\s+href=\"([^\"]+)\"", re.IGNORECASE)
# Monthly steps make long animations; a pack plays at most this many frames (the latest ones).
MAX_FRAMES = 60


def figure_sources(figure: Mapping) -> list[tuple[str, str]]:
    """(publisher, URL) pairs named in a figure's source note (the annotation every chart carries)."""
    notes = [a for a in (figure.get("layout") or {}).get("annotations") or () if a.get("name") == SOURCE_NOTE_NAME]
    pairs = []
    for note in notes:
        for org, url in _SOURCE.findall(str(note.get("text", ""))):
            pairs.append((org.strip(" ·;,:"), url))
    return list(dict.fromkeys(pairs))


def _as_dict(figure: object) -> dict:
    return figure.to_plotly_json() if hasattr(figure, "to_plotly_json") else dict(figure)  # type: ignore[union-attr]


def animate(figure: dict, store: Mapping, frame_figure: Callable[[Mapping, int], dict]) -> dict:
    """The route map with one plotly frame per period and a play button (plays with no server)."""
    periods = list(store.get("periods") or ())
    if len(periods) < 2:
        return figure
    first = max(0, len(periods) - MAX_FRAMES)
    frames = []
    for index in range(first, len(periods)):
        label = store["labels"][index]
        frames.append(
            {"name": str(periods[index]), "data": frame_figure(store, index)["data"], "layout": {"title.text": label}}
        )
    names = [frame["name"] for frame in frames]
    play = {"frame": {"duration": 700, "redraw": True}, "transition": {"duration": 0}, "fromcurrent": True}
    layout = dict(figure.get("layout") or {})
    layout["updatemenus"] = [
        {
            "type": "buttons",
            "showactive": False,
            "direction": "left",
            "x": 0.01,
            "y": 0.01,
            "xanchor": "left",
            "yanchor": "bottom",
            "buttons": [
                {"label": "▶", "method": "animate", "args": [None, play]},
                {"label": "❚❚", "method": "animate", "args": [[None], {"mode": "immediate", "frame": {"duration": 0}}]},
            ],
        }
    ]
    layout["sliders"] = [
        {
            "active": len(names) - 1,
            "x": 0.14,
            "len": 0.8,
            "y": 0.01,
            "yanchor": "bottom",
            "bgcolor": "#ffffff",
            "currentvalue": {"visible": False},
            "steps": [
                {
                    "label": str(name)[:4] if len(names) > 20 else str(name),
                    "method": "animate",
                    "args": [[name], {"mode": "immediate", "frame": {"duration": 0, "redraw": True}}],
                }
                for name in names
            ],
        }
    ]
    return {**figure, "layout": layout, "frames": frames}


def routes_charts(datasets, *, path: str, query: Mapping, lang: str) -> list[dict]:
    """The route map (animated) and the chart of the slide's tab, each with its sources."""
    vc = view_context(datasets, lang)
    state = state_from_url(vc, query_values(dict(query)))
    items = [dict(item) for item in charts.snapshot(vc, state)]
    store, _ = charts.animation(vc, state)
    if items:
        figure = dict(items[0]["figure"])
        layout = dict(figure.get("layout") or {})
        # on a slide the legend sits inside the map's lower left, above the play controls and clear of the title
        layout["legend"] = {
            **(layout.get("legend") or {}),
            "orientation": "v",
            "x": 0.01,
            "xanchor": "left",
            "y": 0.12,
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.85)",
        }
        figure["layout"] = layout
        items[0]["figure"] = animate(figure, store, frame_figure)
    tab = {
        "nationalities": lambda: charts.nationality_chart(vc, state, None),
        "composition": lambda: charts.composition_charts(vc, state, None)[0],
        "sankey": lambda: charts.sankey_chart(vc, state, None),
        "africa": lambda: charts.africa_chart(vc, state.africa, None),
    }.get(state.view)
    if tab is not None:
        figure = _as_dict(tab().figure)
        if figure.get("data"):
            title = (figure.get("layout") or {}).get("title") or {}
            items.append(
                {
                    "title": title.get("text", "") if isinstance(title, Mapping) else str(title),
                    "figure": figure,
                    "sources": figure_sources(figure),
                    "vintage": datasets.vintage,
                }
            )
    return items
