"""The explorer's choropleth, built as a plain dict from parts the explorer can also send as a Patch.

Three traces, always in this order, so a year change only patches values (notes §A1, §A4):
0. countries with geometry but no value — grey with a "No data" swatch, hover "no data" (never drawn as 0);
   land outside the region (when the caller names the region's countries) is faded instead, so sea,
   outside land and missing values are three different surfaces;
1. countries with a value — coloured, colour range fixed over all years of the indicator;
2. the selected countries — transparent fill, dark outline, not hoverable.
Polygons come from `geojson_url` (fetched once by the browser, never part of a callback).
Log-scaled indicators plot log10 values with colorbar ticks labelled in real units.
The figure sets no height: it fills its box (assets/css: #explorer-map), which grows with the screen;
region presets are wide windows, so the drawn map uses the width a desk or projector screen offers.
Every text (title, colorbar, hover, trace names) is in the reader's language (`lang`, keyword-only,
default English); numbers follow the locale. Geo maps are not mirrored for Arabic: only the title
and the source note move to the right (the colorbar is centred under the map).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import pandas as pd

from ..i18n import DEFAULT_LANGUAGE, catalogue, direction, format_value, normalise_language, t
from ..theme import (
    DIVERGING,
    LAYOUT_BASE,
    NO_DATA_COLOR,
    OUTSIDE_LAND_COLOR,
    SEA_COLOR,
    SELECTED_BORDER,
    SEQUENTIAL,
    wrap_title,
)
from ..transforms.indicators import IndicatorMeta
from .sources import reserve_note_space, source_annotation

NO_DATA_TRACE, VALUES_TRACE, SELECTION_TRACE = 0, 1, 2
TRANSPARENT = "rgba(0,0,0,0)"
OCEAN_COLOR = SEA_COLOR
# no-data trace: z 0 = a country of the region without a value, z 1 = land outside the region
NO_DATA_SCALE = [[0, NO_DATA_COLOR], [0.5, NO_DATA_COLOR], [0.5, OUTSIDE_LAND_COLOR], [1, OUTSIDE_LAND_COLOR]]
# The source note sits under the horizontal colorbar.
MAP_NOTE_SHIFT = -66

# The map's frame when the caller names none: the world. Region presets (id, lon range, lat range) come from
# the data's manifest (imapdash/datasets/region.py), wider than tall so the map fills a wide screen.
WORLD_VIEW: tuple[str, tuple[float, float], tuple[float, float]] = ("world", (-180.0, 180.0), (-58.0, 84.0))
UNIT_LABELS = {"persons": "persons", "percent": "%", "usd": "US$"}
PERIOD_PATTERN = re.compile(r"^(end|mid)-(\d{4})$")


def unit_label(unit: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Short unit text for axis and colorbar titles, in `lang`."""
    return t(f"figure.unit.{unit}", lang) if unit in UNIT_LABELS else unit


def message(key: str, lang: str, default: str) -> str:
    """A catalogue text for a key built from data (indicator, region), or `default` when it has none."""
    return catalogue(normalise_language(lang)).get(key, default)


def localise_meta(meta: IndicatorMeta, lang: str = DEFAULT_LANGUAGE) -> IndicatorMeta:
    """The indicator's label and description in `lang` (the CSV's English when a key is missing)."""
    return replace(
        meta,
        label=message(f"indicator.{meta.indicator_id}.label", lang, meta.label),
        description=message(f"indicator.{meta.indicator_id}.description", lang, meta.description),
    )


def is_diverging(meta: IndicatorMeta, value_range: tuple[float, float] | None) -> bool:
    """Diverging colours when the indicator says so or when any value is negative."""
    return meta.scale == "diverging" or (value_range is not None and value_range[0] < 0)


def uses_log(meta: IndicatorMeta, value_range: tuple[float, float] | None) -> bool:
    """Log colours only for log indicators with at least one positive value."""
    return meta.scale == "log" and value_range is not None and value_range[1] > 0


def _log_floor(value_range: tuple[float, float]) -> int:
    low = value_range[0] if value_range[0] > 0 else 1.0
    return math.floor(math.log10(low))


def colour_z(values: Iterable[float], meta: IndicatorMeta, value_range: tuple[float, float] | None) -> list[float]:
    """The numbers plotly colours by: log10 for log indicators (0 sits at the bottom of the scale)."""
    values = [float(v) for v in values]
    if value_range is None or not uses_log(meta, value_range):
        return values
    floor = _log_floor(value_range)
    return [round(math.log10(v), 6) if v > 0 else float(floor) for v in values]


def colour_style(meta: IndicatorMeta, value_range: tuple[float, float] | None, *, lang: str = DEFAULT_LANGUAGE) -> dict:
    """colorscale, zmin, zmax and colorbar of the values trace."""
    key = "figure.colorbar_log" if uses_log(meta, value_range) else "figure.colorbar"
    # the unit (and the scale) only: the map title already names the indicator, and a long colorbar
    # title grew taller than the space above the source note and wider than a phone
    title = t(key, lang, label="", unit=unit_label(meta.unit, lang)).strip()
    title = title[1:-1] if title.startswith("(") and title.endswith(")") else title
    # Horizontal under the map: a vertical bar with a long title squeezes the map on a projector.
    # on the reading end of the line; the "No data" swatch takes the reading start (no_data_key)
    rtl = direction(lang) == "rtl"
    colorbar: dict = {
        "title": {"text": title, "side": "top"},
        "orientation": "h",
        "x": 0.03 if rtl else 0.97,
        "xanchor": "left" if rtl else "right",
        "y": 0,
        "yanchor": "top",
        "len": 0.55,
        "thickness": 10,
        "tickmode": "auto",
    }
    if value_range is None:
        return {"colorscale": SEQUENTIAL, "zmin": 0, "zmax": 1, "colorbar": colorbar}
    low, high = value_range
    if is_diverging(meta, value_range):
        bound = max(abs(low), abs(high)) or 1.0
        return {"colorscale": DIVERGING, "zmin": -bound, "zmax": bound, "colorbar": colorbar}
    if uses_log(meta, value_range):
        floor, ceil = _log_floor(value_range), math.ceil(math.log10(high))
        ceil = max(ceil, floor + 1)
        decades = list(range(floor, ceil + 1))
        colorbar.update(
            tickmode="array",
            tickvals=[float(d) for d in decades],
            ticktext=[format_value(10.0**d, lang, unit=meta.unit) for d in decades],
        )
        return {"colorscale": SEQUENTIAL, "zmin": float(floor), "zmax": float(ceil), "colorbar": colorbar}
    return {
        "colorscale": SEQUENTIAL,
        "zmin": min(low, 0.0),
        "zmax": high if high > min(low, 0.0) else 1.0,
        "colorbar": colorbar,
    }


def period_label(label: object, year: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """The publisher's period label ('end-2023', 'mid-2024', '2020') in `lang`."""
    text = str(label) if pd.notna(label) else str(year)
    found = PERIOD_PATTERN.match(text)
    return t(f"figure.period.{found.group(1)}", lang, year=found.group(2)) if found else text


def period_text(row: Mapping, lang: str = DEFAULT_LANGUAGE) -> str:
    """'end-2023' or 'mid-2024 (provisional)': the period as the publisher labels it, in `lang`."""
    label = period_label(row["period_label"], row["year"], lang)
    status = row["status"]
    if pd.isna(status) or status in ("final", ""):
        return label
    return t("figure.period_status", lang, period=label, status=message(f"figure.status.{status}", lang, str(status)))


def period_texts(frame: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """period_text for every row, without a per-row Series (hot path)."""
    columns = ("period_label", "year", "status")
    return [
        period_text(dict(zip(columns, values, strict=True)), lang)
        for values in zip(*(frame[c].tolist() for c in columns), strict=True)
    ]


def values_trace_values(
    frame: pd.DataFrame,
    meta: IndicatorMeta,
    names: Mapping[str, str],
    value_range: tuple[float, float] | None,
    *,
    lang: str = DEFAULT_LANGUAGE,
) -> dict:
    """locations, z and hover customdata of the values trace (plain lists); `names` are in `lang`."""
    iso3 = frame["iso3"].astype(str).tolist()
    values = frame["value"].astype(float).tolist()
    customdata = [
        [names.get(code, code), format_value(value, lang, unit=meta.unit, decimals=meta.decimals), period, str(org)]
        for code, value, period, org in zip(
            iso3, values, period_texts(frame, lang), frame["source_org"].tolist(), strict=True
        )
    ]
    return {"locations": iso3, "z": colour_z(values, meta, value_range), "customdata": customdata}


def no_data_trace_values(
    geometry_iso3: Sequence[str],
    with_data: Iterable[str],
    names: Mapping[str, str],
    in_region: Iterable[str] | None = None,
) -> dict:
    """locations, z and text of the no-data trace: every country with geometry and no value.

    z is 0 (no data: grey) for countries of the region, 1 (faded land) for the others; without
    `in_region` every country counts as in the region.
    """
    have = set(with_data)
    region = None if in_region is None else set(in_region)
    missing = [iso3 for iso3 in geometry_iso3 if iso3 not in have]
    z = [0 if region is None or iso3 in region else 1 for iso3 in missing]
    return {"locations": missing, "z": z, "text": [names.get(i, i) for i in missing]}


MAP_MARGIN = {"l": 0, "r": 0, "t": 62, "b": 84}


def map_source_note(sources: Iterable[tuple[str, str]], *, vintage: str | None, lang: str) -> dict:
    """The map's source note, under its colorbar (the explorer patches it in on every change)."""
    return source_annotation(sources, vintage=vintage, lang=lang) | {"yshift": MAP_NOTE_SHIFT}


def map_margin(note: dict) -> dict:
    """The map's margins with room at the bottom for `note` (however many lines it wraps to)."""
    return reserve_note_space({"margin": dict(MAP_MARGIN), "annotations": [note]})["margin"]


def no_data_key(lang: str = DEFAULT_LANGUAGE) -> dict:
    """A legend swatch for the no-data grey, next to the colorbar (a choropleth has no legend of its own)."""
    rtl = direction(lang) == "rtl"
    return {
        "name": "no-data-key",
        "text": f'<span style="color:{NO_DATA_COLOR}">■</span> {t("common.no_data", lang)}',
        "xref": "paper",
        "yref": "paper",
        "x": 1 if rtl else 0,
        "y": 0,
        "yshift": -8,
        "xanchor": "right" if rtl else "left",
        "yanchor": "top",
        "showarrow": False,
        "font": {"size": 13},
    }


def selection_trace_values(selected: Sequence[str]) -> dict:
    """locations and z of the outline trace."""
    return {"locations": list(selected), "z": [1] * len(selected)}


def map_title(
    meta: IndicatorMeta, year: int | None, *, subject: str | None = None, lang: str = DEFAULT_LANGUAGE
) -> dict:
    """Title with the indicator (or corridor subject) and the year; on the right for right-to-left readers."""
    what = subject or meta.label
    text = (
        t("figure.title_year", lang, what=what, year=year)
        if year is not None
        else t("figure.title_no_data", lang, what=what)
    )
    text = wrap_title(text, 34)[0]  # two lines at most for a phone; the map keeps room for both
    if direction(lang) == "rtl":
        return {"text": text, "x": 0.99, "xanchor": "right"}
    return {"text": text, "x": 0.01, "xanchor": "left"}


def hover_templates(lang: str = DEFAULT_LANGUAGE) -> tuple[str, str]:
    """Hover templates of the no-data and the values traces in `lang`."""
    no_data = f"%{{text}}<br>{t('common.no_data', lang)}<extra></extra>"
    source = t("figure.source_prefix", lang, sources="%{customdata[3]}")
    values = f"<b>%{{customdata[0]}}</b><br>%{{customdata[1]}}<br>%{{customdata[2]}}<br>{source}<extra></extra>"
    return no_data, values


def region_geo(view: tuple[str, Sequence[float], Sequence[float]] = WORLD_VIEW) -> dict:
    """The geo view for a preset (id, lon range, lat range); uirevision follows the preset (zoom kept otherwise)."""
    preset_id, lon, lat = view
    return {"lonaxis": {"range": list(lon)}, "lataxis": {"range": list(lat)}, "uirevision": preset_id}


def ocean_style(lon: Sequence[float]) -> dict:
    """The sea: the geo background for a regional frame, plotly's ocean layer for a frame of the whole globe.

    A frame narrower than half the globe never reaches the globe's edge (the projection is centred on the
    frame), so painting the background in the sea's colour looks the same as the ocean layer, which plotly.js
    builds from its base map (topojson) and projects on every drawing: the explorer's first map came ~25 ms
    later with it (A/B of 14 cold loads). A wider frame shows the globe's outline, the ocean layer's inside only.
    """
    if abs(lon[1] - lon[0]) < 180:
        return {"showocean": False, "bgcolor": OCEAN_COLOR}
    return {"showocean": True, "oceancolor": OCEAN_COLOR, "bgcolor": "rgba(0,0,0,0)"}


def build_choropleth(
    frame: pd.DataFrame,
    *,
    meta: IndicatorMeta,
    names: Mapping[str, str],
    geometry_iso3: Sequence[str],
    geojson_url: str,
    year: int | None,
    value_range: tuple[float, float] | None,
    view: tuple[str, Sequence[float], Sequence[float]] = WORLD_VIEW,
    in_region: Iterable[str] | None = None,
    selected: Sequence[str] = (),
    sources: Iterable[tuple[str, str]] = (),
    vintage: str | None = None,
    subject: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> dict:
    """The full map figure (a JSON-ready dict); `frame` has VALUE_COLUMNS for one year.

    `meta`, `names` and `subject` are already in `lang` (see localise_meta); `lang` sets the rest.
    """
    no_data_hover, values_hover = hover_templates(lang)
    note = map_source_note(sources, vintage=vintage, lang=lang)
    common = {"type": "choropleth", "geojson": geojson_url, "featureidkey": "id", "locationmode": "geojson-id"}
    no_data = {
        **common,
        **no_data_trace_values(geometry_iso3, frame["iso3"].astype(str).tolist(), names, in_region),
        "name": t("common.no_data", lang),
        "colorscale": NO_DATA_SCALE,
        "zmin": 0,
        "zmax": 1,
        "showscale": False,
        "marker": {"line": {"color": "#ffffff", "width": 0.5}},
        "hovertemplate": no_data_hover,
    }
    values = {
        **common,
        **values_trace_values(frame, meta, names, value_range, lang=lang),
        **colour_style(meta, value_range, lang=lang),
        "name": meta.label,
        "marker": {"line": {"color": "#ffffff", "width": 0.5}},
        "hovertemplate": values_hover,
    }
    selection = {
        **common,
        **selection_trace_values(selected),
        "name": t("figure.selected", lang),
        "colorscale": [[0, TRANSPARENT], [1, TRANSPARENT]],
        "showscale": False,
        "marker": {"line": {"color": SELECTED_BORDER, "width": 2}},
        "hoverinfo": "skip",
    }
    geo = {
        "projection": {"type": "natural earth"},
        "fitbounds": False,
        "showframe": False,
        "showcoastlines": False,
        "showcountries": False,
        "showland": False,
        "showlakes": False,
        **ocean_style(view[1]),
        **region_geo(view),
    }
    layout = {
        **LAYOUT_BASE,
        "title": map_title(meta, year, subject=subject, lang=lang),
        "geo": geo,
        "showlegend": False,
        "annotations": [note, no_data_key(lang)],
        "margin": map_margin(note),
    }
    return {"data": [no_data, values, selection], "layout": layout}
