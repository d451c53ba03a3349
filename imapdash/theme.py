"""Visual constants: plotly template, palettes, number formats and the graph config (no network)."""

from __future__ import annotations

import math

FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Naskh Arabic", Arial, sans-serif'

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
CATEGORICAL = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
SEQUENTIAL = "Viridis"
DIVERGING = "RdBu"
NO_DATA_COLOR = "#d9d9d9"
# Base maps plotly.js loads for geo subplots; shipped in assets/ so maps draw offline (notes §A5).
TOPOJSON_URL = "/assets/topojson/"
BORDER_COLOR = "#ffffff"
SELECTED_BORDER = "#111111"

LAYOUT_BASE = {
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


def direction_layout(lang: str) -> dict:
    """Layout overrides that mirror a cartesian chart for right-to-left readers (Arabic).

    Titles and legends move to the right, the value axis to the right side, and the category/time axis
    runs right to left. Merge it into a figure's layout last; it is empty for left-to-right languages.
    """
    if lang != "ar":
        return {}
    return {
        "title": {"x": 0.98, "xanchor": "right"},
        "legend": {"x": 1, "xanchor": "right"},
        "xaxis": {"autorange": "reversed"},
        "yaxis": {"side": "right"},
    }
