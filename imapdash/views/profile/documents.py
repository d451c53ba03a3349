"""Documents and contacts of a country: the curated links of data/country_documents.csv.

The file is validated like every data file (schema `country_documents`); a focal point proposes a
link the way a figure is proposed, and an approved link reaches the profile with the next data release.
"""

from __future__ import annotations

import pandas as pd
from dash import html

from ...datasets import Datasets
from ...figures.sources import format_vintage
from ...i18n import t
from ...ids import Profile

KIND_ORDER = ("law", "strategy", "report", "data_portal", "agency_page")


def country_documents(documents: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """The country's links, laws and strategies first, newest first within a kind."""
    rows = documents[documents["iso3"] == iso3].copy()
    rows["_order"] = rows["kind"].map({k: n for n, k in enumerate(KIND_ORDER)})
    rows = rows.sort_values(["_order", "published", "title"], ascending=[True, False, True], na_position="last")
    return rows.drop(columns="_order").reset_index(drop=True)


def document_item(row: pd.Series, lang: str) -> html.Li:
    """One link: kind, title (in its own language), publisher, date, contact."""
    details = [str(row["publisher"])]
    if pd.notna(row["published"]) and str(row["published"]):
        details.append(format_vintage(str(row["published"]), lang))
    children: list = [
        html.Span(t(f"profile.document.kind.{row['kind']}", lang) + " · ", className="text-muted small"),
        html.A(str(row["title"]), href=str(row["url"]), target="_blank", rel="noopener", lang=str(row["language"])),
        html.Span(" — " + ", ".join(details), className="small"),
    ]
    if pd.notna(row["contact"]) and str(row["contact"]):
        children.append(
            html.Span(" · " + t("profile.document.contact", lang, contact=row["contact"]), className="small")
        )
    return html.Li(children, className="profile-document")


def documents_section(datasets: Datasets, iso3: str, lang: str) -> html.Section:
    """The documents-and-contacts section (a sentence when the country has none yet)."""
    documents = getattr(datasets, "country_documents", None)
    rows = country_documents(documents, iso3) if documents is not None else pd.DataFrame()
    body: list = [html.H2(t("profile.section.documents", lang), className="h4 mt-4")]
    if rows.empty:
        body.append(html.P(t("profile.document.none", lang), className="text-muted"))
    else:
        body.append(html.Ul([document_item(r, lang) for _, r in rows.iterrows()]))
    body.append(html.P(t("profile.document.propose", lang), className="text-muted small d-print-none"))
    return html.Section(body, id=Profile.DOCUMENTS, className="profile-section", **{"data-section": "documents"})
