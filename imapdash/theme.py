"""Visual constants: plotly template, palettes, number formats and the graph config (no network)."""

from __future__ import annotations

import math
from typing import Any

FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Naskh Arabic", Arial, sans-serif'

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
CATEGORICAL = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
# Charts with up to ten series (the top-10 nationalities) need ten colours that differ: Okabe–Ito plus two
# dark hues of Paul Tol's muted scheme (wine, indigo), neither close to the others nor to the grey of "other".
CATEGORICAL_WIDE = (*CATEGORICAL, "#882255", "#332288")
SEQUENTIAL = "Viridis"
DIVERGING = "RdBu"
# Three surfaces a reader must tell apart on a map: sea, land outside the region (faded), and countries
# of the region without a value (their own colour, with a legend swatch). Grey for no data stays darker
# than the faded land and lighter than the darkest Viridis step, so neither reads as a value.
NO_DATA_COLOR = "#b8b8b8"
OUTSIDE_LAND_COLOR = "#f1f0eb"
SEA_COLOR = "#dce9f2"
# Base maps plotly.js loads for geo subplots; shipped in assets/ so maps draw offline (notes §A5).
TOPOJSON_URL = "/assets/topojson/"
BORDER_COLOR = "#ffffff"
SELECTED_BORDER = "#111111"

LAYOUT_BASE: dict[str, Any] = {
    "font": {"family": FONT_FAMILY, "size": 13, "color": "#222"},
    "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "margin": {"l": 10, "r": 10, "t": 40, "b": 60},
    "colorway": list(CATEGORICAL),
}


def graph_config(topojson_url: str = TOPOJSON_URL, *, filename: str = "imapdash-chart") -> dict:
    """dcc.Graph config for every chart: local topojson (offline maps) and PNG export settings."""
    return {
        "topojsonURL": topojson_url,
        "displaylogo": False,
        # no "responsive": it makes dcc.Graph fill its parent's height, which inside tabs is only the
        # content already there (the map collapsed to 75 px); figures set their own height instead
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def format_number(value: float | None, unit: str = "persons", decimals: int = 0) -> str:
    """Format a value with its unit for hovers and cards; None/NaN becomes 'no data'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no data"
    if unit == "percent":
        return f"{value:,.{max(decimals, 1)}f} %"
    if unit == "usd":
        for threshold, suffix in ((1e9, " bn"), (1e6, " m")):
            if abs(value) >= threshold:
                return f"US$ {value / threshold:,.2f}{suffix}"
        return f"US$ {value:,.0f}"
    return f"{value:,.{decimals}f}"


# A title pinned to the top edge of the figure: a legend placed between title and plot (which pushes the
# top margin) then never slides under it.
TITLE_TOP = {"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 16}}


def wrap_title(text: str, width: int = 40) -> tuple[str, int]:
    """A chart title broken at spaces into lines of at most `width` characters (plotly never wraps a
    title; a long one ran off a narrow chart), and the number of lines."""
    words, lines, current = str(text).split(" "), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return "<br>".join(lines), len(lines)


def fit_title(layout: dict, width: int = 40) -> dict:
    """The layout with its title wrapped (wrap_title) and the top margin grown by a line per extra line."""
    title = layout.get("title")
    if not isinstance(title, dict) or not title.get("text") or "<br>" in str(title["text"]):
        return layout
    text, lines = wrap_title(title["text"], width)
    margin = dict(layout.get("margin") or LAYOUT_BASE["margin"])
    margin["t"] = int(margin.get("t", 40)) + 18 * (lines - 1)
    return {**layout, "title": {**title, "text": text}, "margin": margin}


def axes_automargin(layout: dict) -> dict:
    """The layout with automargin on every cartesian axis, so tick labels and axis titles push the
    margins instead of being clipped by the figure edge or drawn over each other."""
    out = dict(layout)
    for key in ("xaxis", "yaxis"):
        out.setdefault(key, {})
    for key in [k for k in out if k.startswith(("xaxis", "yaxis"))]:
        if isinstance(out[key], dict):
            out[key] = {"automargin": True, **out[key]}
            title = out[key].get("title")
            if key.startswith("xaxis") and isinstance(title, dict) and title.get("text"):
                # a fixed gap under the tick labels, so the source note below can be placed by offset
                out[key]["title"] = {"standoff": 4, **title}
    return out


def direction_layout(lang: str, *, time_axis: bool = False) -> dict:
    """Layout overrides for right-to-left readers (Arabic); empty for left-to-right languages.

    One rule for time in every view: time runs left to right in all languages, as the route timeline,
    the year sliders and the digits of a date do in Arabic text. So a chart whose x axis is time
    (`time_axis=True`) only moves its title and legend to the right. A chart whose x axis is a value
    (horizontal bars) is mirrored: bars grow from the right and their labels sit on the right.
    """
    if lang != "ar":
        return {}
    rtl = {"title": {"x": 0.98, "xanchor": "right"}, "legend": {"x": 1, "xanchor": "right"}}
    if time_axis:
        return rtl
    return {**rtl, "xaxis": {"autorange": "reversed"}, "yaxis": {"side": "right"}}
