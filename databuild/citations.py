"""Citations that point to the publisher: `source_url` is always the publisher's own page.

The reference data sometimes give, as the address of a figure, a copy (a ReliefWeb repost, a document-sharing
mirror) or a press report quoting the publisher. Such an address moves to `consulted_copy_url` (with
`consulted_outlet`, the outlet's name, for a press report) and `source_url` becomes the publisher's portal for
that series (databuild/curated/citation_portals.csv); `document` names the publisher's document the figure
comes from when the reference data name it. Hosts are looked up in two curated lists: the publisher allowlist
(publishers.csv, also written to data/) and the known copies and outlets (consulted_copies.csv). An address on
neither list stops the build, so every new source is classified by a person.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pandas as pd

from databuild.curated import Curated

QUOTED = re.compile(r"\s*[,(]?\s*\b(quoted|via|reported)\b[^)]*\)?", re.IGNORECASE)


def host(url: str) -> str:
    """The host of a URL ('' when it has none)."""
    return (urlparse(str(url)).hostname or "").lower()


def document_title(text: str) -> str:
    """The publisher's document as the reference data name it, without who quoted it.

    'UNHCR Italy Update #10 (Dec 2016)' stays; 'Italian Ministry of Interior (ANSA, 30 Dec 2023)' keeps its
    date; 'Spanish Ministry of Interior (quoted by Ara, 2 Jan 2025)' -> 'Spanish Ministry of Interior'.
    """
    return QUOTED.sub("", str(text)).strip(" ,;")


def cite(
    frame: pd.DataFrame, curated: Curated, *, org_column: str = "source_org", document_column: str | None = None
) -> pd.DataFrame:
    """`frame` with source_url on the publisher's site and the copy or press report moved aside (a copy)."""
    publishers = set(curated.publishers["host"])
    copies = curated.consulted_copies.set_index("host")
    portals = curated.citation_portals.set_index("source_org")["portal_url"]
    out = frame.copy()
    for col in ("document", "consulted_copy_url", "consulted_outlet"):
        out[col] = out[col].astype(object).where(out[col].notna(), "") if col in out else ""
    hosts = out["source_url"].map(host)
    moved = ~hosts.isin(publishers)
    unknown = sorted(set(hosts[moved]) - set(copies.index))
    if unknown:
        raise ValueError(f"source hosts on neither the publisher allowlist nor the consulted-copies list: {unknown}")
    orgs = out.loc[moved, org_column].astype(str)
    missing = sorted(set(orgs) - set(portals.index))
    if missing:
        raise ValueError(f"no publisher portal for {missing} (databuild/curated/citation_portals.csv)")
    out.loc[moved, "consulted_copy_url"] = out.loc[moved, "source_url"]
    out.loc[moved, "consulted_outlet"] = hosts[moved].map(copies["outlet"]).fillna("").astype(str)
    out.loc[moved, "source_url"] = orgs.map(portals)
    if document_column is not None:
        named = moved & (out["document"] == "")
        out.loc[named, "document"] = out.loc[named, document_column].astype(str).map(document_title)
    return out
