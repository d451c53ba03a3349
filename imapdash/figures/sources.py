"""The source note every figure carries (also in exported PNGs), in the reader's language.

Publisher names stay as published; only the frame ("Source:", "+2 more", "data …") is translated,
and for right-to-left readers the note is anchored on the right.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from html import escape
from urllib.parse import urlparse

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date, format_skeleton

from ..i18n import DEFAULT_LANGUAGE, direction, normalise_language, t

SOURCE_NOTE_NAME = "source-note"
AS_OF = re.compile(r"^reference data as of ([A-Za-z]+) (\d{4})$")
ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CHAIN = re.compile(r"^(?P<chain>.+?) via (?P<via>.+), (?P<date>\d{4}-\d{2}(?:-\d{2})?)$")


def format_vintage(vintage: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A vintage in `lang`: ISO months/days and 'reference data as of June 2025' become local dates.

    'World Bank WDI via IOM GDI data, 2025-06-19' (the chain the figure came through, then its date) reads
    'World Bank WDI, via IOM GDI data, June 2025'. Any other vintage is a publisher's own label ('IMS 2024',
    'UNHCR Italy Update #10') and stays as published.
    """
    lang = normalise_language(lang)
    text = str(vintage).strip()
    if found := CHAIN.match(text):
        when = found.group("date")[:7]
        return t(
            "figure.vintage_chain", lang, chain=found.group("chain"), via=found.group("via"), date=_month(when, lang)
        )
    if found := AS_OF.match(text):
        try:
            when = datetime.strptime(f"{found.group(1)} {found.group(2)}", "%B %Y").date()
        except ValueError:
            return text
        return t("figure.vintage_as_of", lang, date=format_skeleton("yMMMM", when, locale=lang))
    if found := ISO_MONTH.match(text):
        month = int(found.group(2))
        return format_skeleton("yMMM", date(int(found.group(1)), month, 1), locale=lang) if 1 <= month <= 12 else text
    if ISO_DAY.match(text):
        try:
            return format_date(date.fromisoformat(text), "medium", locale=lang)
        except ValueError:
            return text
    return text


def _month(iso_month: str, lang: str) -> str:
    """'2025-06' -> 'June 2025' in `lang` (the text itself when it is not a month)."""
    year, month = int(iso_month[:4]), int(iso_month[5:7])
    return format_skeleton("yMMMM", date(year, month, 1), locale=lang) if 1 <= month <= 12 else iso_month


def distinct_sources(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """(organisation, url) pairs of a frame with source_org/source_url columns, in first-seen order."""
    if frame.empty or "source_org" not in frame:
        return []
    pairs = frame[["source_org", "source_url"]].astype(str).drop_duplicates()
    return list(pairs.itertuples(index=False, name=None))


def source_note_text(
    sources: Iterable[tuple[str, str]], *, vintage: str | None = None, max_items: int = 4, lang: str = DEFAULT_LANGUAGE
) -> str:
    """One line 'Source: Org (host); Org2 (host2)' with links, escaped for plotly's HTML subset."""
    items = []
    # one publisher's pages on one site (two World Bank series) read as one source, not a repeated name
    by_site: dict[tuple[str, str], tuple[str, str]] = {}
    for org, url in sources:
        by_site.setdefault((org, urlparse(url).netloc or url), (org, url))
    sources = list(by_site.values())
    for org, url in sources[:max_items]:
        host = urlparse(url).netloc or url
        safe_url = url if url.startswith(("http://", "https://")) else ""
        label = escape(_short(org))
        items.append(f'{label} (<a href="{escape(safe_url)}">{escape(host)}</a>)' if safe_url else label)
    if len(sources) > max_items:
        items.append(t("figure.more_sources", lang, count=len(sources) - max_items))
    text = t("figure.source_prefix", lang, sources="; ".join(items) if items else t("figure.no_source", lang))
    if vintage:
        shown = format_vintage(vintage, lang)
        as_of = t("figure.vintage_as_of", lang, date="").strip(" :")
        # 'reference data as of June 2025' already says what it is: no 'data …' frame around it
        framed = shown if shown.startswith(as_of) else t("figure.data_vintage", lang, vintage=shown)
        text += " · " + escape(framed)
    return wrap_note(text, NOTE_LINE_CHARS_RTL if direction(lang) == "rtl" else NOTE_LINE_CHARS)


NOTE_LINE_CHARS = 46  # visible characters per note line: fits a 390 px phone at 11 px type
NOTE_LINE_CHARS_RTL = 36  # Arabic script (Noto Naskh) is wider per character
NOTE_LINE_PX = 18
TAG = re.compile(r"<[^>]+>")


def wrap_note(text: str, width: int = NOTE_LINE_CHARS) -> str:
    """Break a note into lines of at most `width` visible characters, at its '; ' and ' · ' joints
    (then at spaces outside links): plotly never wraps annotations, so a long note ran off the figure."""
    pieces = re.split(r"(?<=; )|(?= · )", text)
    words: list[str] = []
    for piece in pieces:
        if len(TAG.sub("", piece)) <= width:
            words.append(piece)
        elif "<a " in piece:  # a link stays whole; the publisher's name before it may break at spaces
            head, link, tail = re.split(r"(\(<a .*?</a>\))", piece, maxsplit=1)
            words.extend([*re.split(r"(?<= )", head), link, tail] if link else [piece])
        else:
            words.extend(re.split(r"(?<= )", piece))
    lines, current = [], ""
    for word in words:
        if current and len(TAG.sub("", current + word)) > width:
            lines.append(current.rstrip())
            current = word.lstrip() if word.startswith(" · ") is False else word.lstrip(" ")
        else:
            current += word
    lines.append(current.rstrip())
    return "<br>".join(line for line in lines if line)


def note_lines(annotation: dict) -> int:
    return str(annotation.get("text", "")).count("<br>") + 1


def reserve_note_space(layout: dict) -> dict:
    """Grow the bottom margin so the source note (however many lines, `yshift` px under the plot) fits."""
    for annotation in layout.get("annotations") or ():
        if isinstance(annotation, dict) and annotation.get("name") == SOURCE_NOTE_NAME:
            need = -int(annotation.get("yshift", 0)) + NOTE_LINE_PX * note_lines(annotation) + 4
            margin = dict(layout.get("margin") or {})
            margin["b"] = max(int(margin.get("b", 0)), need)
            layout = {**layout, "margin": margin}
    return layout


def _short(org: str, limit: int = 90) -> str:
    return org if len(org) <= limit else org[: limit - 1] + "…"


def source_annotation(
    sources: Iterable[tuple[str, str]],
    *,
    vintage: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
    at_end: bool = False,
) -> dict:
    """The source note as a plotly annotation dict, placed under the plot area (right-aligned for RTL).

    `at_end` anchors it at the plot's far edge instead (the right for left-to-right readers): for
    horizontal bars, whose labels widen the margin on the reading side, so the note does not start
    where the bars start and run off the figure.
    """
    rtl = direction(lang) == "rtl"
    right = rtl != at_end
    return {
        "name": SOURCE_NOTE_NAME,
        "text": source_note_text(sources, vintage=vintage, lang=lang),
        "xref": "paper",
        "yref": "paper",
        "x": 1 if right else 0,
        "y": 0,
        "yshift": -45,
        "xanchor": "right" if right else "left",
        "yanchor": "top",
        "showarrow": False,
        "align": "right" if rtl else "left",
        "font": {"size": 11, "color": "#555"},
    }


def add_source_note(
    fig: go.Figure,
    sources: Iterable[tuple[str, str]],
    *,
    vintage: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
    below: int = 62,
    at_end: bool = False,
) -> go.Figure:
    """Add (or replace) the figure's source note, `below` px under the plot area (under tick labels and
    an axis title by default), grow the bottom margin to hold it, and return the figure."""
    kept = [a for a in (fig.layout.annotations or ()) if a.name != SOURCE_NOTE_NAME]
    note = source_annotation(sources, vintage=vintage, lang=lang, at_end=at_end) | {"yshift": -below}
    fig.update_layout(annotations=[*kept, note])
    bottom = fig.layout.margin.b if fig.layout.margin.b is not None else 60
    fig.update_layout(margin_b=reserve_note_space({"margin": {"b": bottom}, "annotations": [note]})["margin"]["b"])
    return fig
