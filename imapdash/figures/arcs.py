"""Corridors as arcs on the explorer's map: origin → destination lines, wider for larger migrant stocks.

In corridor mode the map colours the countries at the other end of each corridor and draws one great-circle
line from origin to destination (plotly draws scattergeo lines as geodesics). Line width is one of three
classes (a third, two thirds, all of the largest corridor shown), since one trace has one width: the traces
are always ARC_CLASSES long, so a change of year or country only patches their points. Each line's far end
carries a marker whose hover names the corridor and its stock; in indicator mode the traces are empty.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..i18n import DEFAULT_LANGUAGE, format_value, t

ARC_WIDTHS = (1.5, 3.5, 6.5)  # px, smallest class first
ARC_COLOR = "rgba(180, 40, 40, 0.75)"
ARC_CLASSES = len(ARC_WIDTHS)


def arc_class(value: float, largest: float) -> int:
    """0, 1 or 2: which third of the largest corridor shown `value` falls in."""
    if largest <= 0:
        return 0
    return min(int(3 * value / largest), ARC_CLASSES - 1) if value < largest else ARC_CLASSES - 1


def arc_points(
    frame: pd.DataFrame,
    focus: str | None,
    direction: str,
    points: Mapping[str, tuple[float, float]],
    names: Mapping[str, str],
    *,
    lang: str = DEFAULT_LANGUAGE,
) -> list[dict]:
    """lon/lat/hovertext/marker sizes of the ARC_CLASSES traces for corridors of `focus` (frame: iso3, value).

    direction "origins": arcs from each origin to `focus`; "destinations": from `focus` to each destination.
    Countries without a label point (countries.csv lon/lat) are left out, never placed anywhere.
    """
    empty: list[dict[str, list]] = [
        {"lon": [], "lat": [], "hovertext": [], "marker.size": []} for _ in range(ARC_CLASSES)
    ]
    if not focus or focus not in points or frame.empty or direction not in ("origins", "destinations"):
        return empty
    values = frame["value"].astype(float)
    largest = float(values.max()) if len(values) else 0.0
    home = points[focus]
    for iso3, value in zip(frame["iso3"].astype(str), values, strict=True):
        if iso3 == focus or iso3 not in points or not value > 0:
            continue
        start, end = (points[iso3], home) if direction == "origins" else (home, points[iso3])
        origin, destination = (iso3, focus) if direction == "origins" else (focus, iso3)
        text = t(
            "figure.arc_hover",
            lang,
            origin=names.get(origin, origin),
            destination=names.get(destination, destination),
            value=format_value(value, lang),
        )
        trace = empty[arc_class(value, largest)]
        trace["lon"] += [start[0], end[0], None]
        trace["lat"] += [start[1], end[1], None]
        trace["hovertext"] += [text, text, ""]
        # the marker at the other country's end (where the arc leaves or arrives), none at the focus
        far_first = direction == "origins"
        trace["marker.size"] += [7 if far_first else 0, 0 if far_first else 7, 0]
    return empty


def arc_traces(arcs: list[dict], *, lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """The full scattergeo traces (for the figure in the layout); patches send only `arc_points`."""
    traces = []
    for width, points in zip(ARC_WIDTHS, arcs, strict=True):
        traces.append(
            {
                "type": "scattergeo",
                "mode": "lines+markers",
                "name": t("figure.arcs", lang),
                "showlegend": False,
                "lon": points["lon"],
                "lat": points["lat"],
                "hovertext": points["hovertext"],
                "hoverinfo": "text",
                "line": {"color": ARC_COLOR, "width": width},
                "marker": {"color": ARC_COLOR, "size": points["marker.size"]},
            }
        )
    return traces
