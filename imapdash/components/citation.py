"""A figure's citation: the publisher linked as the source, its document, vintage, and the copy consulted.

`source_url` is always the publisher's own page. Where a figure was read in a copy (a repost, a mirror) or a
press report, that address is shown after the source as "copy consulted" or "as reported by <outlet>", never
as the source; when the publisher's own page for the document is unknown the source link is the publisher's
portal for the series, and the citation says so.
"""

from __future__ import annotations

from dash import html

from ..figures.sources import format_vintage
from ..i18n import DEFAULT_LANGUAGE, t


def _text(value: object) -> str:
    text = "" if value is None else str(value)
    return "" if text in ("nan", "None", "<NA>") else text


def citation(
    org: str,
    url: str,
    *,
    vintage: object = None,
    document: object = None,
    copy_url: object = None,
    outlet: object = None,
    lang: str = DEFAULT_LANGUAGE,
) -> list:
    """Children of a citation line (wrap them in a Div/Li with class `source-note`)."""
    parts: list = [t("overview.source_label", lang) + " ", html.A(org, href=url, target="_blank", rel="noopener")]
    if document := _text(document):
        parts.append(", " + document)
    if (vintage := _text(vintage)) and vintage != _text(document):
        parts.append(" · " + t("figure.data_vintage", lang, vintage=format_vintage(vintage, lang)))
    if copy_url := _text(copy_url):
        parts.append(" (" + t("citation.portal", lang) + ")")
        outlet = _text(outlet)
        label = t("citation.reported_by", lang, outlet=outlet) if outlet else t("citation.copy_consulted", lang)
        parts += [" · ", html.A(label, href=copy_url, target="_blank", rel="noopener", className="citation-copy")]
    return parts
