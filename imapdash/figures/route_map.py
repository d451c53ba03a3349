"""The route map and the data its browser-side animation plays.

The map is one scattergeo trace per route (waypoints as a directed line, arrow at the arrival end)
plus one trace of IOM Missing Migrants incidents. Geometry is sent once, in `figure`; each frame
changes only widths, opacities, hover texts and the incident points, which `assets/js/routes.js`
patches in the browser from the same dict (no server round trip per frame). Plain dicts and lists
throughout: the figure is JSON-ready and cheap to serialise.

Texts follow `lang`: route names (`route.<id>.name`), hovers, the period labels the animation shows,
and the incident hover templates, which travel in the store (`templates`, `locale`) so routes.js
builds them without any English of its own.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from ..i18n import format_value, normalise_language, t
from ..theme import LAYOUT_BASE, wrap_title
from ..transforms.routes import MEASURES, NOTE_MONTHLY_SUM
from .flows import isolate, localised_note, nationality_label, t_or
from .sources import reserve_note_space

MAX_WIDTH = 18.0
MIN_WIDTH = 1.0
NO_DATA_OPACITY = 0.2
DIMMED_OPACITY = 0.35
INCIDENT_COLOR = "rgba(120, 0, 0, 0.55)"
ROLE_SYMBOL = {"departure": "circle", "transit": "circle-open", "arrival": "arrow"}
ROLE_SIZE = {"departure": 8, "transit": 6, "arrival": 15}
INCIDENTS_NAME = "Dead and missing incidents (IOM Missing Migrants, minimum estimates)"
# Intl.NumberFormat locales matching Babel's conventions for each language (Arabic: Latin digits).
JS_LOCALES = {"en": "en-US", "fr": "fr-FR", "ar": "ar-u-nu-latn"}
CAUSE_KEYS = {
    "Drowning": "routes.cause.drowning",
    "Mixed or unknown": "routes.cause.mixed",
    "Vehicle accident / death linked to hazardous transport": "routes.cause.vehicle",
    "Sickness / lack of access to adequate healthcare": "routes.cause.sickness",
    "Harsh environmental conditions / lack of adequate shelter, food, water": "routes.cause.environment",
    "Violence": "routes.cause.violence",
    "Accidental death": "routes.cause.accidental",
}


def route_label(route_id: str, lang: str = "en", default: str | None = None) -> str:
    """A route's name in `lang` (catalogue key route.<id>.name), else `default` (routes.csv), else the id."""
    return t_or(f"route.{route_id}.name", lang, default or route_id)


def measure_text(measure: str, field: str, lang: str = "en") -> str:
    """A measure's label, unit or definition in `lang` (routes.measure.<key>.<field>)."""
    return t(f"routes.measure.{measure}.{field}", lang)


def cause_text(cause: str, lang: str = "en") -> str:
    """IOM MMP cause(s) of death in `lang`; combined causes ('A,B') are translated one by one."""
    if not cause or normalise_language(lang) == "en":
        return cause
    found = sorted((cause.find(text), key) for text, key in CAUSE_KEYS.items() if text in cause)
    if not found:
        return cause
    return ", ".join(t(key, lang) for _, key in found)


def line_width(value: float | None, vmax: float) -> float:
    """Line width proportional to the square root of the value (area-like), within [1, 18] px."""
    if value is None or vmax <= 0:
        return MIN_WIDTH
    return round(MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * math.sqrt(max(value, 0) / vmax), 2)


def incident_size(dead_missing: int) -> float:
    """Marker size for an incident: grows with the square root of dead and missing, capped."""
    return round(min(4 + 2.2 * math.sqrt(max(dead_missing, 0)), 34), 1)


MAP_ASPECT = 2.0  # lon° per lat° of the framed window: a wide map on desk and projector screens


def geo_window(
    paths: Mapping[str, Mapping[str, list]], route_ids: Sequence[str], pad: float = 4.0, aspect: float = MAP_ASPECT
) -> dict:
    """lon/lat axis ranges around the given routes' waypoints (fixed, so frames never re-fit).

    The window is widened to `aspect` (lon span per lat span) around its centre: a single north–south
    route framed tightly drew a narrow strip; a wide window keeps the map large and shows the
    neighbouring routes for context.
    """
    lons = [x for r in route_ids if r in paths for x in paths[r]["lon"]]
    lats = [y for r in route_ids if r in paths for y in paths[r]["lat"]]
    if not lons:
        lons, lats = [-25.0, 65.0], [-5.0, 50.0]
    west, east = min(lons) - pad, max(lons) + pad
    south, north = min(lats) - pad, max(lats) + pad
    lat_span = max(north - south, 24.0)
    lon_span = max(east - west, aspect * lat_span)
    lat_span = max(lat_span, lon_span / aspect)
    lon_mid, lat_mid = (west + east) / 2, (south + north) / 2
    lon_range = [lon_mid - lon_span / 2, lon_mid + lon_span / 2]
    lat_range = [lat_mid - lat_span / 2, lat_mid + lat_span / 2]
    if lon_range[0] < -180:
        lon_range = [-180.0, -180.0 + lon_span]
    if lon_range[1] > 180:
        lon_range = [180.0 - lon_span, 180.0]
    if lat_range[0] < -85:
        lat_range = [-85.0, -85.0 + lat_span]
    if lat_range[1] > 85:
        lat_range = [85.0 - lat_span, 85.0]
    return {
        "lonaxis": {
            "range": [round(max(v, -180.0), 2) if i == 0 else round(min(v, 180.0), 2) for i, v in enumerate(lon_range)]
        },
        "lataxis": {"range": [round(max(lat_range[0], -90.0), 2), round(min(lat_range[1], 90.0), 2)]},
    }


def selected_rows(values: pd.DataFrame, selected: Sequence[str] = ()) -> pd.DataFrame:
    """The rows of the selected routes (all rows when none is selected), whether or not the map draws them.

    The period label, the map's summary and table, and the nationality chart all read their totals from
    these rows: Frontex's "Other" route has no line on the map but its detections are in the total.
    """
    return values[values["route_id"].astype(str).isin(list(selected))] if selected else values


def period_totals(values: pd.DataFrame, selected: Sequence[str] = ()) -> dict[str, int]:
    """Total of the measure per period over the selected routes (every route when none is selected)."""
    rows = selected_rows(values, selected)
    rows = rows[rows["value"].notna()]
    return {str(p): int(v) for p, v in rows.groupby(rows["period"].astype(str))["value"].sum().items()}


def period_label(period: str, partial: bool, lang: str = "en") -> str:
    """'2024' or '2025-03'; partial periods say so."""
    return t("routes.map.partial", lang, period=period) if partial else period


def build_route_animation(
    values: pd.DataFrame,
    paths: Mapping[str, Mapping[str, list]],
    routes: pd.DataFrame,
    *,
    periods: Sequence[str],
    measure: str,
    nationality: str = "ALL",
    selected: Sequence[str] = (),
    top_text: Mapping[tuple[str, str], str] | None = None,
    incidents: pd.DataFrame | None = None,
    vintage: str | None = None,
    lang: str = "en",
    names: Mapping[str, str] | None = None,
) -> dict:
    """Everything the animation needs: the base figure and per-period values for every route trace.

    Args:
        values: `period_values(...)` rows (route_id, period, value, partial, source_org, source_url, note).
        paths: `route_paths(waypoints)`.
        routes: routes.csv rows (route_id, name, color).
        periods: the frames, in order; one frame per period, named by it.
        selected: routes chosen by the user (others are drawn dimmed); empty = all.
        top_text: 'SYR 1,234 · …' per (route_id, period) for the hover.
        incidents: `incidents_by_period(...)` rows, drawn as the dead-and-missing layer.
        lang: language of names, hovers and labels (numbers in its conventions).
        names: ISO3 -> country name in `lang`, for the nationality filter's label.
    """
    lang = normalise_language(lang)
    label, unit = measure_text(measure, "label", lang), measure_text(measure, "unit", lang)
    top_text = top_text or {}
    meta = routes.set_index("route_id")
    route_ids = [r for r in meta.index.astype(str) if r in paths]
    lookup = {
        (str(r), str(p)): (int(v), bool(pt), str(n))
        for r, p, v, pt, n in zip(
            values["route_id"], values["period"], values["value"], values["partial"], values["note"], strict=True
        )
    }
    vmax = float(max((v for v, _, _ in lookup.values()), default=0))
    # the nationality by name ('Tunisia'), never the raw code ('TUN')
    nat_name = nationality_label(nationality, names or {}, lang)
    nat_text = "" if nationality == "ALL" else t("routes.map.nationality", lang, nationality=nat_name)
    widths, opacity, hover = [], [], []
    traces: list[dict] = []
    for route in route_ids:
        name = route_label(route, lang, str(meta.at[route, "name"]))
        is_selected = not selected or route in selected
        path = paths[route]
        w_row, o_row, h_row = [], [], []
        for period in periods:
            hit = lookup.get((route, period))
            value = hit[0] if hit else None
            w_row.append(line_width(value, vmax))
            o_row.append((1.0 if is_selected else DIMMED_OPACITY) if hit else NO_DATA_OPACITY)
            lines = []
            if hit:
                extra = t("routes.map.monthly_sum", lang) if hit[2] == NOTE_MONTHLY_SUM else ""
                partial = t("routes.map.partial_period", lang) if hit[1] else ""
                lines.append(t("routes.map.value", lang, value=format_value(value, lang), unit=unit) + extra + partial)
            if top_text.get((route, period)) and nationality == "ALL":
                lines.append(t("routes.map.top", lang, list=top_text[(route, period)]))
            h_row.append("<br>".join(lines))
        widths.append(w_row)
        opacity.append(o_row)
        hover.append(h_row)
        roles = path["role"]
        traces.append(
            {
                "type": "scattergeo",
                "mode": "lines+markers",
                "name": name,
                "lon": list(path["lon"]),
                "lat": list(path["lat"]),
                "line": {"color": str(meta.at[route, "color"]), "width": w_row[-1] if w_row else MIN_WIDTH},
                "marker": {
                    "symbol": [ROLE_SYMBOL.get(r, "circle") for r in roles],
                    "size": [ROLE_SIZE.get(r, 6) for r in roles],
                    "angleref": "previous",
                    "color": str(meta.at[route, "color"]),
                },
                "opacity": o_row[-1] if o_row else NO_DATA_OPACITY,
                "hovertext": name,
                "hoverinfo": "text",
                "customdata": [route] * len(roles),
                "legendgroup": route,
            }
        )
    incident_frames = _incident_frames(incidents, periods, lang)
    traces.append(
        {
            "type": "scattergeo",
            "mode": "markers",
            "name": t("routes.map.incidents", lang),
            "lon": [],
            "lat": [],
            "hovertext": [],
            "hoverinfo": "text",
            "marker": {"size": [], "color": INCIDENT_COLOR, "line": {"width": 0}, "sizemode": "diameter"},
            "customdata": [],
            "visible": True,
        }
    )
    by_period = period_totals(values, selected)
    totals = [by_period.get(p) for p in periods]
    partial_by_period = {p: any(lookup.get((r, p), (0, False, ""))[1] for r in route_ids) for p in periods}
    summed = "" if not selected else t("routes.map.sum_selected", lang, count=format_value(len(selected), lang))
    labels = [
        t(
            "routes.map.label",
            lang,
            period=isolate(period_label(p, partial_by_period[p], lang), lang),
            measure=isolate(label, lang),
            nationality=nat_text,
            value=t("routes.map.value", lang, value=isolate(format_value(total, lang), lang), unit=unit)
            if total is not None
            else t("common.no_data", lang),
        )
        + summed
        for p, total in zip(periods, totals, strict=True)
    ]
    sources = list(dict.fromkeys(zip(values["source_org"].astype(str), values["source_url"].astype(str), strict=True)))
    if incidents is not None and len(incidents):
        sources.append(("IOM Missing Migrants Project", "https://missingmigrants.iom.int/downloads"))
    with_data = {r for r, _ in lookup}
    # frame the selection, else the routes this measure has data for (not every route on earth)
    window = geo_window(paths, list(selected) or [r for r in route_ids if r in with_data] or route_ids)
    for trace, route in zip(traces, route_ids, strict=False):
        # the legend names what is drawn: the selection, else the routes with data for this measure
        trace["showlegend"] = route in selected if selected else route in with_data
    for trace in traces:
        # legend entries in short lines: one long name was wider than a phone
        trace["name"] = wrap_title(trace["name"], 34)[0]
    rtl = lang == "ar"
    layout = {
        **LAYOUT_BASE,
        # no height: the map fills its box (assets/css: #routes-map), which grows with the screen
        "margin": {"l": 0, "r": 0, "t": 10, "b": 24},
        "uirevision": "routes-map",
        # an upright toolbar in the map's bottom corner (assets/css/30-routes.css): a row of buttons there
        # covered the source note on a phone, and at the top it covered the legend
        "modebar": {"orientation": "v"},
        "showlegend": True,
        # above the map, in rows: a legend over the map hid routes and was cut off on a phone
        "legend": {
            "orientation": "h",
            "x": 1.0 if rtl else 0.0,
            "xanchor": "right" if rtl else "left",
            "y": 1.0,
            "yanchor": "bottom",
            "font": {"size": 11},
        },
        "geo": {
            "projection": {"type": "natural earth"},
            "fitbounds": False,
            "resolution": 110,
            "showland": True,
            "landcolor": "#eeeeee",
            "showocean": True,
            "oceancolor": "#f3f7fb",
            "showcountries": True,
            "countrycolor": "#ffffff",
            "showcoastlines": True,
            "coastlinecolor": "#bbbbbb",
            "showframe": False,
            **window,
        },
        "annotations": [localised_note(sources, vintage=vintage, lang=lang, below=6)],
    }
    return {
        "figure": {"data": traces, "layout": reserve_note_space(layout)},
        "periods": list(periods),
        "labels": labels,
        "totals": totals,
        "routes": route_ids,
        "names": [route_label(r, lang, str(meta.at[r, "name"])) for r in route_ids],
        "hover_head": nat_text,
        "hover_tail": t("routes.map.source", lang, source=MEASURES[measure].source_org, measure=label),
        "no_data": t("routes.map.no_data", lang, unit=unit),
        "empty_label": t("routes.map.no_selection", lang),
        "templates": {"incident": t("routes.map.incident", lang), "cell": t("routes.map.incident_cell", lang)},
        "locale": JS_LOCALES[lang],
        "widths": widths,
        "opacity": opacity,
        "hover": hover,
        "incidents": incident_frames,
        "incident_trace": len(traces) - 1,
        "measure": measure,
        "lang": lang,
    }


def _incident_frames(incidents: pd.DataFrame | None, periods: Sequence[str], lang: str = "en") -> dict[str, list]:
    """Incident points per period, columnar and compact: the browser builds sizes and hover texts.

    `lon`, `lat`, `dm` (dead and missing), `date` (the rest of the date after the period, or the
    number of incidents when `grouped` into 1° cells) and `cause` (index into `causes`) are lists of
    lists, one list per frame.
    """
    frames: dict = {
        "lon": [],
        "lat": [],
        "dm": [],
        "date": [],
        "cause": [],
        "causes": [],
        "periods": list(periods),
        "grouped": False,
    }
    if incidents is None or incidents.empty:
        for key in ("lon", "lat", "dm", "date", "cause"):
            frames[key] = [[] for _ in periods]
        return frames
    causes = sorted(set(incidents["cause"].astype(str)))
    code = {c: i for i, c in enumerate(causes)}
    frames["causes"] = [cause_text(c, lang) for c in causes]
    by_period: dict[str, dict[str, list]] = {}
    for period, lon, lat, dm, date, n, cause in zip(
        incidents["period"].tolist(),
        incidents["lon"].tolist(),
        incidents["lat"].tolist(),
        incidents["dead_missing"].tolist(),
        incidents["date"].tolist(),
        incidents["incidents"].tolist(),
        incidents["cause"].tolist(),
        strict=True,
    ):
        cols = by_period.setdefault(period, {"lon": [], "lat": [], "dm": [], "date": [], "cause": []})
        cols["lon"].append(lon)
        cols["lat"].append(lat)
        cols["dm"].append(int(dm))
        cols["date"].append(date[len(period) + 1 :] if date else str(int(n)))
        cols["cause"].append(code[cause])
        if int(n) > 1 or not date:
            frames["grouped"] = True
    for period in periods:
        cols = by_period.get(period, {})
        for key in ("lon", "lat", "dm", "date", "cause"):
            frames[key].append(cols.get(key, []))
    return frames


def incident_texts(frames: dict[str, list], index: int, lang: str = "en") -> list[str]:
    """Hover texts of one frame's incidents (routes.js builds the same strings from the store's templates)."""
    causes = frames["causes"]
    period = frames["periods"][index]
    if frames["grouped"]:
        return [
            t("routes.map.incident_cell", lang, period=period, count=n, dead=format_value(v, lang))
            for n, v in zip(frames["date"][index], frames["dm"][index], strict=True)
        ]
    return [
        t(
            "routes.map.incident",
            lang,
            date=f"{period}-{d}",
            dead=format_value(v, lang),
            cause=" · " + causes[c] if causes[c] else "",
        )
        for d, v, c in zip(frames["date"][index], frames["dm"][index], frames["cause"][index], strict=True)
    ]


def route_hover(store: Mapping, k: int, index: int) -> str:
    """Hover text of route trace k at frame index (routes.js builds the same string)."""
    detail = store["hover"][k][index] or store["no_data"]
    return (
        f"<b>{store['names'][k]}</b> · {store['periods'][index]}{store['hover_head']}<br>{detail}"
        f"<br>{store['hover_tail']}"
    )


def frame_figure(store: Mapping, index: int) -> dict:
    """The figure at frame `index`, as the browser builds it (used by tests and the benchmark)."""
    figure = {"data": [dict(t) for t in store["figure"]["data"]], "layout": store["figure"]["layout"]}
    if not store["periods"]:
        return figure
    for k in range(len(store["routes"])):
        trace = figure["data"][k]
        trace["line"] = {**trace["line"], "width": store["widths"][k][index]}
        trace["opacity"] = store["opacity"][k][index]
        trace["hovertext"] = route_hover(store, k, index)
    inc = figure["data"][store["incident_trace"]]
    inc["lon"] = store["incidents"]["lon"][index]
    inc["lat"] = store["incidents"]["lat"][index]
    inc["hovertext"] = incident_texts(store["incidents"], index, store.get("lang", "en"))
    inc["marker"] = {**inc["marker"], "size": [incident_size(v) for v in store["incidents"]["dm"][index]]}
    return figure
