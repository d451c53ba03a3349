"""What a meeting pack shows for a slide: the charts of the slide's view, as plain figure dicts with sources.

Each view's own `snapshot()` gives its main chart (the explorer's map and ranking, the route map at the last
period). For the routes view the pack adds what a room wants from a routes slide: the route animation
itself (plotly frames and a play button, so it plays in the pack with no server) and the chart of the tab
the slide was saved on (nationalities, composition by gender and age, the Sankey, intra-African flows).
A country profile slide shows the profile's first section charts (its page is static: the figures are
taken from the very layout the app renders); a News Centre slide shows the media trend and the theme
shares for the slide's filters, from the News Centre's own chart functions.
The figures come from the same chart functions the live view uses; nothing here computes a number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from imapdash.figures.route_map import frame_figure
from imapdash.figures.sources import SOURCE_NOTE_NAME
from imapdash.i18n import strip_isolates
from imapdash.ids import Explorer, Flows, News, Routes
from imapdash.views.context import query_values, view_context
from imapdash.views.routes import charts, state_from_url

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SOURCE = re.compile(r"([^;:()]+?)\s*\(<a\s+href=\"([^\"]+)\"", re.IGNORECASE)
# Monthly steps make long animations; a pack plays at most this many frames (the latest ones).
MAX_FRAMES = 60
# A profile has up to a dozen section charts; a slide shows the first two, side by side, at room size.
MAX_PROFILE_CHARTS = 2
NEWS_CHARTS = (News.TREND, News.SHARES)


def figure_sources(figure: Mapping) -> list[tuple[str, str]]:
    """(publisher, URL) pairs named in a figure's source note (the annotation every chart carries)."""
    notes = [a for a in (figure.get("layout") or {}).get("annotations") or () if a.get("name") == SOURCE_NOTE_NAME]
    pairs = []
    for note in notes:
        for org, url in _SOURCE.findall(str(note.get("text", ""))):
            # a wrapped note breaks lines with <br>; an Arabic one isolates Latin names (U+2066-2069)
            name = " ".join(strip_isolates(_BREAK.sub(" ", org)).split())
            pairs.append((name.strip(" ·;,:"), url))
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
    if items:
        items[0]["id"] = Routes.MAP
    tab_ids = {
        "nationalities": Flows.NATIONALITIES,
        "composition": Flows.COMPOSITION,
        "sankey": Flows.SANKEY,
        "africa": Flows.AFRICA,
    }
    tab = {
        "nationalities": lambda: charts.nationality_chart(vc, state, None),
        "composition": lambda: charts.composition_charts(vc, state, None)[0],
        "sankey": lambda: charts.sankey_chart(vc, state, None, slide=True),
        "africa": lambda: charts.africa_chart(vc, state.africa, None),
    }.get(state.view)
    if tab is not None:
        figure = _as_dict(tab().figure)
        if figure.get("data"):
            title = (figure.get("layout") or {}).get("title") or {}
            items.append(
                {
                    "id": tab_ids[state.view],
                    "title": title.get("text", "") if isinstance(title, Mapping) else str(title),
                    "figure": figure,
                    "sources": figure_sources(figure),
                    "vintage": datasets.vintage,
                }
            )
    return items


def explorer_charts(datasets, *, path: str, query: Mapping, lang: str) -> list[dict]:
    """The explorer's own snapshot (map, ranking), named like the live charts."""
    from imapdash.views import explorer

    items = [dict(item) for item in explorer.snapshot(datasets, path=path, query=dict(query), lang=lang)]
    for item, chart_id in zip(items, (Explorer.MAP, Explorer.RANKING), strict=False):
        item.setdefault("id", chart_id)
    return items


def _item(figure: Mapping, vintage: str, chart_id: str = "") -> dict:
    """A pack chart: title, figure, the sources its source note names, vintage (and the live chart's id)."""
    title = (figure.get("layout") or {}).get("title") or {}
    return {
        "id": chart_id,
        "title": title.get("text", "") if isinstance(title, Mapping) else str(title),
        "figure": figure,
        "sources": figure_sources(figure),
        "vintage": vintage,
    }


def _graphs(component: object):
    """Every dcc.Graph in a component tree, in page order."""
    if component.__class__.__name__ == "Graph":
        yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and hasattr(child, "to_plotly_json"):
            yield from _graphs(child)


def profile_charts(datasets, *, path: str, query: Mapping, lang: str) -> list[dict]:
    """The first section charts of the country profile at `path` (the same figures the page shows)."""
    from imapdash.views import profile

    page = profile.layout(datasets, path=path, query={**dict(query), "lang": [lang]})
    items = []
    for graph in _graphs(page):
        chart_id = str(getattr(graph, "id", "") or "")
        figure = getattr(graph, "figure", None)
        if chart_id.startswith("profile-chart-") and figure and _as_dict(figure).get("data"):
            items.append(_item(_as_dict(figure), datasets.vintage, chart_id))
        if len(items) == MAX_PROFILE_CHARTS:
            break
    return items


def news_charts(datasets, *, path: str, query: Mapping, lang: str) -> list[dict]:
    """The News Centre's media trend and theme shares for the slide's filters."""
    from imapdash.views.news import charts as news
    from imapdash.views.news import queries
    from imapdash.views.news.state import parse_state

    vc = view_context(datasets, lang)
    corpus = queries.corpus(vc, queries.current_engine())
    state = parse_state(dict(query), theme_ids=corpus.theme_ids)
    selection = queries.selection(corpus, state)
    items = []
    for chart_id in NEWS_CHARTS:
        figure = _as_dict(news.CHARTS[chart_id](corpus, selection, state, vc.lang).figure)
        if figure.get("data"):
            items.append(_item(figure, datasets.vintage, chart_id))
    return items
