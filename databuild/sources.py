"""Publishers, their pages and the vintages of the reference files the builder reads."""

from __future__ import annotations

FRONTEX = "Frontex"
FRONTEX_URL = "https://www.frontex.europa.eu/what-we-do/monitoring-and-risk-analysis/migratory-map/"
FRONTEX_VINTAGE = "2025-06-03"
MMP = "IOM Missing Migrants Project"
MMP_URL = "https://missingmigrants.iom.int/downloads"
MMP_VINTAGE = "2025-06-04"
DTM = "IOM DTM"
DTM_EUROPE_URL = "https://dtm.iom.int/europe/arrivals"
DTM_EUROPE_VINTAGE = "2025-01-16"
DTM_GDIDATA_VINTAGE = "IOM DTM via IOM GDI data, 2025-02-05"  # as a person writes it: the chain, then the date
UNHCR = "UNHCR"
UNHCR_RDF_VINTAGE = "2024-10"
UNDESA = "UN DESA"
UNDESA_VINTAGE = "IMS 2024"
WORLD_BANK = "World Bank"
WDI_VINTAGE = "World Bank WDI via IOM GDI data, 2025-06-19"
UNHCR_PORTAL_URL = "https://data.unhcr.org/en/situations/mediterranean"


def publisher(source_text: str) -> str:
    """Primary publisher label for a reference ``source_org``/``source`` text."""
    text = source_text.strip()
    if text.startswith("IOM DTM"):
        return DTM
    if text.startswith("UASC count: Italian Ministry"):
        return "Italian Ministry of Interior; UNHCR"
    if text.startswith("Italian Ministry"):
        return "Italian Ministry of Interior"
    if text.startswith("Spanish Ministry"):
        return "Spanish Ministry of Interior"
    if text.startswith("UNHCR"):
        return UNHCR
    if "UNICEF" in text:
        return "UNICEF"
    if text.startswith("Frontex"):
        return FRONTEX
    raise ValueError(f"unknown publisher: {source_text!r}")
