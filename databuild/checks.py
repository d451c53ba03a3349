"""Checks over all outputs together: every country code used is an ISO 3166-1 alpha-3 code."""

from __future__ import annotations

import logging
from collections.abc import Iterable

import pandas as pd

from imapdash.datasets.schema import SPECIAL_NATIONALITIES

log = logging.getLogger("databuild")

COUNTRY_COLUMNS = (
    "iso3",
    "country_iso3",
    "nationality_iso3",
    "origin_iso3",
    "destination_iso3",
    "fmp_iso3",
    "from_iso3",
    "to_iso3",
)


def used_country_codes(frames: dict[str, pd.DataFrame]) -> set[str]:
    """All ISO3 codes used in country columns (special nationality codes excluded)."""
    codes: set[str] = set()
    for name, df in frames.items():
        for col in COUNTRY_COLUMNS:
            if col in df.columns:
                codes |= {c for c in df[col].dropna().astype(str) if c}
        if name == "composition":
            codes |= set(df.loc[df["scope_type"] == "country", "scope_code"])
        if name == "media":
            codes |= {c for cs in df["countries"] for c in cs.split(";") if c}
    return codes - SPECIAL_NATIONALITIES


def check_country_codes(codes: Iterable[str]) -> None:
    """Fail on codes that are not ISO 3166-1 alpha-3 (Kosovo XKX is allowed)."""
    try:
        import pycountry  # maintainer-only dependency (requirements-build.txt)
    except ImportError:
        log.warning("pycountry not installed: ISO3 codes not checked")
        return
    unknown = sorted(c for c in codes if c != "XKX" and pycountry.countries.get(alpha_3=c) is None)
    if unknown:
        raise AssertionError(f"codes not in ISO 3166-1: {unknown}")
