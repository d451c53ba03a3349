"""The source note every figure carries (also in exported PNGs)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from urllib.parse import urlparse

import pandas as pd
import plotly.graph_objects as go

SOURCE_NOTE_NAME = "source-note"


def distinct_sources(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """(organisation, url) pairs of a frame with source_org/source_url columns, in first-seen order."""
    if frame.empty or "source_org" not in frame:
        return []
    pairs = frame[["source_org", "source_url"]].astype(str).drop_duplicates()
    return list(pairs.itertuples(index=False, name=None))


def source_note_text(sources: Iterable[tuple[str, str]], *, vintage: str | None = None, max_items: int = 4) -> str:
    """One line 'Source: Org (host); Org2 (host2)' with links, escaped for plotly's HTML subset."""
    items = []
    sources = list(dict.fromkeys(sources))
    for org, url in sources[:max_items]:
        host = urlparse(url).netloc or url
        safe_url = url if url.startswith(("http://", "https://")) else ""
        label = escape(_short(org))
        items.append(f'{label} (<a href="{escape(safe_url)}">{escape(host)}</a>)' if safe_url else label)
    if len(sources) > max_items:
        items.append(f"+{len(sources) - max_items} more")
    text = "Source: " + ("; ".join(items) if items else "no source")
    if vintage:
        text += f" · data {escape(vintage)}"
    return text


def _short(org: str, limit: int = 70) -> str:
    return org if len(org) <= limit else org[: limit - 1] + "…"


def source_annotation(sources: Iterable[tuple[str, str]], *, vintage: str | None = None) -> dict:
    """The source note as a plotly annotation dict, placed under the plot area."""
    return {
        "name": SOURCE_NOTE_NAME,
        "text": source_note_text(sources, vintage=vintage),
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "yshift": -45,
        "xanchor": "left",
        "yanchor": "top",
        "showarrow": False,
        "align": "left",
        "font": {"size": 11, "color": "#555"},
    }


def add_source_note(fig: go.Figure, sources: Iterable[tuple[str, str]], *, vintage: str | None = None) -> go.Figure:
    """Add (or replace) the figure's source note and return the figure."""
    kept = [a for a in (fig.layout.annotations or ()) if a.name != SOURCE_NOTE_NAME]
    fig.update_layout(annotations=[*kept, source_annotation(sources, vintage=vintage)])
    return fig
