"""Build the app's data files (``data/``) from the shared reference data.

Maintainer-only script. It reads ``../shared/reference-data`` (tidy CSVs and ``raw/iom-gdidata``
conversions, documented in that folder's ``SOURCES.md``) and writes the files described in
``docs/data-contract.md``: indicators, indicator values, routes (+ waypoints and countries), flows,
arrivals, incidents, composition, corridors, flow monitoring, headline figures, media, news feeds and
``manifest.json``. Geometry (``countries.csv``/``countries.geojson``) is built by ``build_geo.py`` and
only rebuilt when ``--with-geo`` is given.

Rules enforced here:

* no number is invented, interpolated, estimated or filled: every value is copied from a reference
  file or is a plain sum of an official dataset (said in ``source_org``/``note``); empty reference
  cells give no row (never 0);
* ratios computed upstream keep "(derived)" in their indicator label;
* every row keeps ``source_org``, ``source_url`` and ``vintage``;
* 2025 flow figures (Jan–Apr) are preliminary and partner-only (``restricted`` = 1);
* output is deterministic: rows sorted by key, integers without ``.0``, ``\\n`` line ends.

Usage (from the repository root)::

    python scripts/build_data.py --reference ../shared/reference-data --out data [--with-geo]
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import functools
import json
import logging
import math
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

log = logging.getLogger("build_data")

# --------------------------------------------------------------------------------------------
# Sources and vintages
# --------------------------------------------------------------------------------------------

FRONTEX = "Frontex"
FRONTEX_URL = "https://www.frontex.europa.eu/what-we-do/monitoring-and-risk-analysis/migratory-map/"
FRONTEX_VINTAGE = "2025-06-03"
MMP = "IOM Missing Migrants Project"
MMP_URL = "https://missingmigrants.iom.int/downloads"
MMP_VINTAGE = "2025-06-04"
DTM = "IOM DTM"
DTM_EUROPE_URL = "https://dtm.iom.int/europe/arrivals"
DTM_EUROPE_VINTAGE = "2025-01-16"
DTM_GDIDATA_VINTAGE = "iom/gdidata 2025-02-05"
UNHCR = "UNHCR"
UNHCR_RDF_VINTAGE = "2024-10"
UNDESA = "UN DESA"
UNDESA_VINTAGE = "IMS 2024"
WORLD_BANK = "World Bank"
WDI_VINTAGE = "iom/gdidata 2025-06-19"
UNHCR_PORTAL_URL = "https://data.unhcr.org/en/situations/mediterranean"

PARTIAL_2025_LABEL = "2025 (Jan–Apr, partial)"
MONTHS = {m: calendar.month_abbr[m] for m in range(1, 13)}

# Special (non-country) codes allowed in nationality columns only.
SPECIAL_NATIONALITY_CODES = {"ALL", "OOO", "OOS", "STL", "UNK"}

# --------------------------------------------------------------------------------------------
# Routes: ids, publisher names, colours (chosen to stay apart under protan-, deutan- and tritanopia:
# see imapdash/figures/colour_vision.py and tests/unit/test_route_colours.py), geography
# --------------------------------------------------------------------------------------------

# route_id, name, region, frontex_route, mmp_route, unhcr_route, color, description
ROUTES: list[tuple[str, str, str, str, str, str, str, str]] = [
    (
        "central-mediterranean",
        "Central Mediterranean",
        "mediterranean",
        "Central Mediterranean Route",
        "Central Mediterranean Route",
        "Central Mediterranean route",
        "#F703D9",
        "Sea crossings from Libya, Tunisia, Algeria and Egypt to Italy and Malta, fed by land routes "
        "through the Sahara (Niger, Sudan, Chad).",
    ),
    (
        "eastern-mediterranean",
        "Eastern Mediterranean",
        "mediterranean",
        "Eastern Mediterranean Route",
        "Eastern Mediterranean Route",
        "",
        "#395536",
        "Crossings from Türkiye (and Libya/Lebanon by sea) to Greece, Cyprus and Bulgaria, by sea to the "
        "Aegean islands and by land across the Evros river.",
    ),
    (
        "western-mediterranean",
        "Western Mediterranean",
        "mediterranean",
        "Western Mediterranean Route",
        "Western Mediterranean Route",
        "Western Mediterranean route",
        "#169B78",
        "Crossings from Morocco and Algeria to mainland Spain and the Balearics, and by land into Ceuta and Melilla.",
    ),
    (
        "western-african",
        "Western African (Atlantic)",
        "atlantic",
        "Western African Route",
        "Western African Atlantic Route",
        "North-west Africa maritime route (Atlantic, to Canary Islands)",
        "#3185FF",
        "Atlantic sea crossings from Senegal, The Gambia, Mauritania, Western Sahara and Morocco to the "
        "Canary Islands (Spain).",
    ),
    (
        "western-balkan",
        "Western Balkan",
        "europe",
        "Western Balkan Route",
        "",
        "",
        "#848791",
        "Land route from Greece and Bulgaria through North Macedonia, Serbia, Bosnia and Herzegovina "
        "towards Hungary, Croatia and the Schengen area.",
    ),
    (
        "eastern-land-borders",
        "Eastern Land Borders",
        "europe",
        "Eastern Borders Route",
        "",
        "",
        "#966A54",
        "Land crossings of the EU's eastern external border from Belarus, Russia, Ukraine and Moldova "
        "into Finland, the Baltic states, Poland, Slovakia, Hungary and Romania.",
    ),
    (
        "black-sea",
        "Black Sea",
        "europe",
        "Black Sea Route",
        "",
        "",
        "#79035D",
        "Sea crossings from Türkiye across the Black Sea to Romania and Bulgaria.",
    ),
    (
        "circular-albania-greece",
        "Circular Route from Albania to Greece",
        "europe",
        "Circular Route from Albania to Greece",
        "",
        "",
        "#3E3B3A",
        "Mostly seasonal, circular land movements of Albanian nationals across the Albania–Greece border.",
    ),
    (
        "frontex-other",
        "Other (Frontex)",
        "other",
        "Other",
        "",
        "",
        "#6B576C",
        "Frontex detections not attributed to a named route (e.g. sea crossings elsewhere on the EU external border).",
    ),
    (
        "intra-african",
        "Intra-African routes (incl. Sahara)",
        "africa",
        "",
        "Intra-African routes",
        "",
        "#7D060E",
        "Movements within Africa as coded by IOM Missing Migrants, including Sahara crossings; the line "
        "traces the Nigeria–Niger–Algeria trans-Saharan axis.",
    ),
    (
        "ehoa-eastern",
        "Eastern Route (Horn of Africa to Yemen and the Gulf)",
        "horn-of-africa",
        "",
        "EHOA Eastern Route",
        "",
        "#0B04D2",
        "From Ethiopia and Somalia via Djibouti or Puntland across the Gulf of Aden and Red Sea to Yemen "
        "and on to Saudi Arabia.",
    ),
    (
        "ehoa-northern",
        "Northern Route (Horn of Africa to North Africa)",
        "horn-of-africa",
        "",
        "EHOA Northern Route",
        "",
        "#FF2769",
        "From Ethiopia, Eritrea and Somalia through Sudan to Libya and Egypt, often onward to the "
        "Central Mediterranean.",
    ),
    (
        "ehoa-southern",
        "Southern Route (Horn of Africa to Southern Africa)",
        "horn-of-africa",
        "",
        "EHOA Southern Route",
        "",
        "#715D02",
        "From Ethiopia and Somalia through Kenya, Tanzania, Malawi and Mozambique to South Africa.",
    ),
    (
        "ehoa-horn-of-africa",
        "Horn of Africa Route",
        "horn-of-africa",
        "",
        "EHOA Horn of Africa Route",
        "",
        "#9B7AAA",
        "Movements within the Horn of Africa (Ethiopia, Somalia, Djibouti, Eritrea) as coded by IOM.",
    ),
    (
        "central-american",
        "Central American Route",
        "americas",
        "",
        "Central American Route",
        "",
        "#618E07",
        "From South America through the Darién Gap, Central America and Mexico to the United States border.",
    ),
    (
        "south-american",
        "South American Route",
        "americas",
        "",
        "South American Route",
        "",
        "#02768A",
        "Movements within South America, mainly from Venezuela through Colombia, Ecuador and Peru to Chile.",
    ),
    (
        "asia-pacific",
        "Asia Pacific routes",
        "asia",
        "",
        "Asia Pacific routes",
        "",
        "#04507C",
        "Routes in Asia and the Pacific as coded by IOM Missing Migrants (e.g. Afghanistan–Iran, Bay of "
        "Bengal and Andaman Sea).",
    ),
    (
        "intra-european",
        "Intra-European routes",
        "europe",
        "",
        "Intra-European routes",
        "",
        "#6253A9",
        "Movements within Europe as coded by IOM Missing Migrants (e.g. English Channel crossings, "
        "Alpine passes, Belarus–Poland border).",
    ),
]

# Waypoints (lon, lat, place, role), ordered; routes not listed have no waypoints.
WAYPOINTS: dict[str, list[tuple[float, float, str, str]]] = {
    "central-mediterranean": [
        (7.99, 16.97, "Agadez (Niger)", "transit"),
        (14.43, 27.04, "Sabha (Libya)", "transit"),
        (12.08, 32.93, "Zuwara / Tripoli coast (Libya)", "departure"),
        (12.60, 35.51, "Lampedusa (Italy)", "arrival"),
        (14.85, 36.73, "Pozzallo, Sicily (Italy)", "arrival"),
    ],
    "eastern-mediterranean": [
        (37.38, 37.07, "Gaziantep (Türkiye)", "transit"),
        (27.14, 38.42, "İzmir coast (Türkiye)", "departure"),
        (26.55, 39.10, "Lesvos (Greece)", "arrival"),
        (23.64, 37.94, "Piraeus / Athens (Greece)", "arrival"),
    ],
    "western-mediterranean": [
        (-1.91, 34.68, "Oujda (Morocco)", "transit"),
        (-2.93, 35.17, "Nador coast (Morocco)", "departure"),
        (-3.03, 35.94, "Alboran Sea", "transit"),
        (-2.46, 36.83, "Almería (Spain)", "arrival"),
    ],
    "western-african": [
        (-17.45, 14.69, "Dakar (Senegal)", "departure"),
        (-17.03, 20.94, "Nouadhibou (Mauritania)", "departure"),
        (-15.94, 23.69, "Dakhla (Western Sahara)", "departure"),
        (-15.43, 28.10, "Gran Canaria, Canary Islands (Spain)", "arrival"),
    ],
    "western-balkan": [
        (22.94, 40.64, "Thessaloniki (Greece)", "departure"),
        (21.43, 42.00, "Skopje (North Macedonia)", "transit"),
        (20.46, 44.79, "Belgrade (Serbia)", "transit"),
        (19.67, 46.10, "Subotica (Serbia)", "transit"),
        (20.04, 46.19, "Röszke (Hungary)", "arrival"),
    ],
    "eastern-land-borders": [
        (27.56, 53.90, "Minsk (Belarus)", "departure"),
        (23.83, 53.68, "Grodno (Belarus)", "transit"),
        (23.16, 53.13, "Białystok (Poland)", "arrival"),
    ],
    "black-sea": [
        (28.98, 41.01, "Istanbul (Türkiye)", "departure"),
        (29.50, 42.80, "Black Sea", "transit"),
        (28.65, 44.17, "Constanța (Romania)", "arrival"),
    ],
    "circular-albania-greece": [
        (19.82, 41.33, "Tirana (Albania)", "departure"),
        (20.14, 40.08, "Gjirokastër (Albania)", "transit"),
        (20.85, 39.66, "Ioannina (Greece)", "arrival"),
    ],
    "intra-african": [
        (8.52, 12.00, "Kano (Nigeria)", "departure"),
        (7.99, 16.97, "Agadez (Niger)", "transit"),
        (7.39, 18.74, "Arlit (Niger)", "transit"),
        (5.52, 22.79, "Tamanrasset (Algeria)", "arrival"),
    ],
    "ehoa-eastern": [
        (38.75, 9.03, "Addis Ababa (Ethiopia)", "departure"),
        (41.87, 9.59, "Dire Dawa (Ethiopia)", "transit"),
        (43.29, 11.96, "Obock (Djibouti)", "departure"),
        (43.90, 12.67, "Ras al-Ara, Lahj (Yemen)", "arrival"),
        (43.76, 16.94, "Sa'dah (Yemen)", "transit"),
        (42.55, 16.89, "Jazan (Saudi Arabia)", "arrival"),
    ],
    "ehoa-northern": [
        (38.75, 9.03, "Addis Ababa (Ethiopia)", "departure"),
        (36.20, 12.96, "Metema (Ethiopia–Sudan border)", "transit"),
        (32.53, 15.50, "Khartoum (Sudan)", "transit"),
        (23.31, 24.18, "Kufra (Libya)", "transit"),
        (20.07, 32.12, "Benghazi (Libya)", "arrival"),
    ],
    "ehoa-southern": [
        (39.06, 3.53, "Moyale (Ethiopia–Kenya border)", "departure"),
        (36.82, -1.29, "Nairobi (Kenya)", "transit"),
        (33.46, -8.91, "Mbeya (Tanzania)", "transit"),
        (33.79, -13.96, "Lilongwe (Malawi)", "transit"),
        (28.05, -26.20, "Johannesburg (South Africa)", "arrival"),
    ],
    "central-american": [
        (-76.79, 8.42, "Necoclí (Colombia)", "departure"),
        (-77.65, 8.05, "Darién Gap (Panama)", "transit"),
        (-88.03, 15.50, "San Pedro Sula (Honduras)", "transit"),
        (-92.26, 14.90, "Tapachula (Mexico)", "transit"),
        (-99.13, 19.43, "Mexico City (Mexico)", "transit"),
        (-106.42, 31.69, "Ciudad Juárez (Mexico)", "transit"),
        (-106.49, 31.76, "El Paso (United States)", "arrival"),
    ],
    "south-american": [
        (-66.90, 10.48, "Caracas (Venezuela)", "departure"),
        (-72.51, 7.89, "Cúcuta (Colombia)", "transit"),
        (-77.64, 0.83, "Ipiales (Colombia–Ecuador border)", "transit"),
        (-77.04, -12.05, "Lima (Peru)", "transit"),
        (-70.67, -33.45, "Santiago (Chile)", "arrival"),
    ],
}

# Countries on each route, by role (editorial reading of the route geography).
ROUTE_COUNTRIES: dict[str, dict[str, list[str]]] = {
    "central-mediterranean": {
        "departure": ["LBY", "TUN", "DZA", "EGY"],
        "transit": ["NER", "SDN", "TCD", "MLI"],
        "arrival": ["ITA", "MLT"],
    },
    "eastern-mediterranean": {
        "departure": ["TUR"],
        "transit": ["SYR", "IRN", "AFG", "IRQ"],
        "arrival": ["GRC", "CYP", "BGR"],
    },
    "western-mediterranean": {"departure": ["MAR", "DZA"], "transit": ["MLI"], "arrival": ["ESP"]},
    "western-african": {"departure": ["SEN", "GMB", "MRT", "ESH", "MAR"], "transit": ["MLI"], "arrival": ["ESP"]},
    "western-balkan": {
        "departure": ["GRC", "BGR"],
        "transit": ["MKD", "SRB", "BIH", "MNE", "ALB", "XKX"],
        "arrival": ["HUN", "HRV", "ROU"],
    },
    "eastern-land-borders": {
        "departure": ["BLR", "RUS", "UKR", "MDA"],
        "arrival": ["FIN", "EST", "LVA", "LTU", "POL", "SVK", "HUN", "ROU"],
    },
    "black-sea": {"departure": ["TUR"], "arrival": ["ROU", "BGR"]},
    "circular-albania-greece": {"departure": ["ALB"], "arrival": ["GRC"]},
    "intra-african": {"departure": ["NGA"], "transit": ["NER"], "arrival": ["DZA"]},
    "ehoa-eastern": {"departure": ["ETH", "SOM", "DJI"], "transit": ["YEM"], "arrival": ["SAU"]},
    "ehoa-northern": {"departure": ["ETH", "ERI", "SOM"], "transit": ["SDN"], "arrival": ["LBY", "EGY"]},
    "ehoa-southern": {"departure": ["ETH", "SOM"], "transit": ["KEN", "TZA", "MWI", "MOZ"], "arrival": ["ZAF"]},
    "ehoa-horn-of-africa": {"departure": ["ETH", "SOM", "ERI"], "transit": ["DJI"], "arrival": ["ETH", "SOM", "DJI"]},
    "central-american": {
        "departure": ["COL", "VEN", "ECU", "HND", "GTM", "SLV"],
        "transit": ["PAN", "CRI", "NIC", "HND", "GTM", "MEX"],
        "arrival": ["USA"],
    },
    "south-american": {"departure": ["VEN"], "transit": ["COL", "ECU", "PER", "BOL"], "arrival": ["CHL", "PER"]},
    "asia-pacific": {"departure": ["AFG", "MMR", "BGD"], "transit": ["IRN"], "arrival": ["TUR", "MYS", "IDN", "THA"]},
    "intra-european": {"transit": ["FRA", "POL"], "arrival": ["GBR"]},
}

# flow_monitoring.csv: keep movements whose origin/destination is unknown ('OOO')? The contract allows
# special codes only in nationality columns, so they are left out (and counted in the log).
KEEP_UNKNOWN_FM_ENDS = True

# DTM East & Horn of Africa flow-monitoring corridor names -> route ids
EHOA_DTM_ROUTES = {
    "Eastern Corridor": "ehoa-eastern",
    "Nothern Corridor": "ehoa-northern",  # sic, as spelled in the DTM data
    "Southern Corridor": "ehoa-southern",
    "HoA Corridor": "ehoa-horn-of-africa",
}

# --------------------------------------------------------------------------------------------
# Output columns (docs/data-contract.md) and keys
# --------------------------------------------------------------------------------------------

COLUMNS: dict[str, list[str]] = {
    "indicators": [
        "indicator_id",
        "layer",
        "label",
        "description",
        "unit",
        "scale",
        "decimals",
        "source_org",
        "source_url",
    ],
    "indicator_values": [
        "iso3",
        "indicator_id",
        "year",
        "value",
        "period_label",
        "status",
        "restricted",
        "source_org",
        "source_url",
        "vintage",
    ],
    "routes": ["route_id", "name", "region", "frontex_route", "mmp_route", "unhcr_route", "color", "description"],
    "route_waypoints": ["route_id", "seq", "lon", "lat", "place", "role"],
    "route_countries": ["route_id", "iso3", "role"],
    "flows": [
        "route_id",
        "period",
        "period_type",
        "nationality_iso3",
        "measure",
        "value",
        "partial",
        "period_label",
        "status",
        "restricted",
        "source_org",
        "source_url",
        "vintage",
    ],
    "arrivals": [
        "country_code",
        "iso3",
        "period",
        "period_type",
        "nationality_iso3",
        "arrivals",
        "arrivals_sea",
        "arrivals_land",
        "dead_missing",
        "partial",
        "period_label",
        "status",
        "restricted",
        "source_org",
        "source_url",
        "vintage",
        "note",
    ],
    "incidents": [
        "incident_id",
        "date",
        "route_id",
        "mmp_route",
        "country_iso3",
        "lon",
        "lat",
        "dead_missing",
        "survivors",
        "cause",
        "source_org",
        "source_url",
        "vintage",
    ],
    "composition": [
        "scope_type",
        "scope_code",
        "scope_label",
        "period",
        "period_type",
        "partial",
        "period_label",
        "population",
        "group",
        "count",
        "share_pct",
        "status",
        "restricted",
        "source_org",
        "source_url",
        "vintage",
        "note",
    ],
    "corridors": [
        "origin_iso3",
        "destination_iso3",
        "year",
        "total",
        "female",
        "male",
        "source_org",
        "source_url",
        "vintage",
    ],
    "flow_monitoring": [
        "region",
        "year",
        "fmp_iso3",
        "from_iso3",
        "to_iso3",
        "individuals",
        "source_org",
        "source_url",
        "vintage",
    ],
    "headline_figures": ["agency", "scope", "year", "period", "indicator", "value", "source_url", "note"],
    "media": ["item_id", "published", "outlet", "language", "title", "url", "summary", "countries", "retrieved_from"],
    "news_feeds": ["name", "language", "feed_url", "seen_at"],
}

KEYS: dict[str, list[str]] = {
    "indicators": ["indicator_id"],
    "indicator_values": ["iso3", "indicator_id", "year"],
    "routes": ["route_id"],
    "route_waypoints": ["route_id", "seq"],
    "route_countries": ["route_id", "iso3", "role"],
    "flows": ["route_id", "period", "nationality_iso3", "measure", "source_org"],
    "arrivals": ["country_code", "period", "nationality_iso3", "source_org"],
    "incidents": ["incident_id"],
    "composition": ["scope_type", "scope_code", "period", "population", "group", "source_org"],
    "corridors": ["origin_iso3", "destination_iso3", "year"],
    "flow_monitoring": ["region", "year", "fmp_iso3", "from_iso3", "to_iso3"],
    "headline_figures": ["agency", "scope", "year", "period", "indicator"],
    "media": ["item_id"],
    "news_feeds": ["feed_url"],
}

# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def read_ref(ref: Path, name: str, **kwargs) -> pd.DataFrame:
    """Read one reference CSV (path relative to the reference folder)."""
    path = ref / name
    log.debug("reading %s", path)
    return pd.read_csv(path, **kwargs)


def read_ref_text(ref: Path, name: str) -> pd.DataFrame:
    """Read a reference CSV keeping every cell as the exact text (empty cell -> "")."""
    return read_ref(ref, name, dtype=str, keep_default_na=False)


def is_empty(value) -> bool:
    """True for None, NaN and empty strings."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and value == "":
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def as_int(value) -> int:
    """An integral reference number as int (raises if it is not integral)."""
    f = float(value)
    if not f.is_integer():
        raise ValueError(f"expected an integer count, got {value!r}")
    return int(f)


def cell(value) -> str:
    """Format one output cell: empty for unknown, integers without '.0', floats trimmed."""
    if is_empty(value):
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(round(value, 6))
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar
        return cell(value.item())
    return str(value)


def check_unique(df: pd.DataFrame, key: list[str], name: str) -> None:
    """Fail when the key is not unique."""
    dup = df.duplicated(key, keep=False)
    if dup.any():
        raise AssertionError(f"{name}: duplicate keys {key}:\n{df.loc[dup, key].head(20)}")


def write_csv(df: pd.DataFrame, out_dir: Path, name: str) -> Path:
    """Write ``name``.csv with the contract's columns, sorted by key, deterministic formatting."""
    cols, key = COLUMNS[name], KEYS[name]
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise AssertionError(f"{name}: missing columns {missing}")
    df = df[cols]
    check_unique(df, key, name)
    df = df.sort_values(key, kind="mergesort").reset_index(drop=True)
    path = out_dir / f"{name}.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(cols)
        for row in df.itertuples(index=False, name=None):
            writer.writerow([cell(v) for v in row])
    log.info("wrote %s (%d rows, %d bytes)", path, len(df), path.stat().st_size)
    return path


def month_label(month: str) -> str:
    """'2024-09' -> 'Sep'."""
    return MONTHS[int(month[5:7])]


def parse_period(period: str, year: int) -> tuple[int, str]:
    """Reference ``period`` text -> (partial, period_label).

    '2023' -> (0, '2023'); '2024-01..2024-09' -> (1, '2024 (Jan–Sep, partial)');
    '2018-01..2018-12' -> (0, '2018'); '2023-01-01..2023-12-29' -> (1, '2023 (to 29 Dec, partial)').
    """
    text = str(period).strip()
    if text == str(year) or text == "":
        return 0, str(year)
    if text.startswith("2025-01..2025-04"):
        return 1, PARTIAL_2025_LABEL
    if ".." in text:
        start, end = (p.strip() for p in text.split("(")[0].split(".."))
        if len(start) == 7 and len(end) == 7:
            if start.endswith("-01") and end.endswith("-12"):
                return 0, str(year)
            return 1, f"{year} ({month_label(start)}–{month_label(end)}, partial)"
        if len(end) == 10:
            if start.endswith("-01-01") and end.endswith("-12-31"):
                return 0, str(year)
            return 1, f"{year} (to {int(end[8:10])} {month_label(end)}, partial)"
    raise ValueError(f"cannot parse period {period!r}")


def flow_status(year: int) -> tuple[str, int]:
    """(status, restricted) for a flow/figure year: 2025 data are preliminary partner-only."""
    return ("preliminary", 1) if year >= 2025 else ("final", 0)


def keep_fuller(df: pd.DataFrame, key: list[str], value_cols: list[str], what: str) -> pd.DataFrame:
    """Resolve key collisions by keeping one row per key, logging each dropped row.

    Order of preference: more non-empty ``value_cols``; a full-year period (``partial`` = 0);
    not marked rounded/earlier vintage in ``note``/``vintage``; first in reference-file order.
    """
    df = df.copy()
    df["_filled"] = df[value_cols].notna().sum(axis=1)
    df["_partial"] = df["partial"] if "partial" in df.columns else 0
    marks = r"rounded|'some |'over |'nearly |'around |earlier vintage|different vintage"
    text = (df.get("note", "").fillna("").astype(str) + " " + df.get("vintage", "").fillna("").astype(str)).str.lower()
    df["_rounded"] = text.str.contains(marks, regex=True).astype(int)
    df["_order"] = range(len(df))
    df = df.sort_values(
        [*key, "_filled", "_partial", "_rounded", "_order"],
        ascending=[True] * len(key) + [False, True, True, True],
        kind="mergesort",
    )
    dup = df.duplicated(key, keep="first")
    for _, row in df[dup].iterrows():
        kept = df[~dup]
        kept = kept.loc[(kept[key] == row[key]).all(axis=1)].iloc[0]
        log.warning(
            "%s: key %s collides; dropped %s (%s), kept %s (%s)",
            what,
            tuple(row[k] for k in key),
            {c: row[c] for c in value_cols if not is_empty(row[c])},
            row.get("vintage", ""),
            {c: kept[c] for c in value_cols if not is_empty(kept[c])},
            kept.get("vintage", ""),
        )
    return df[~dup].drop(columns=["_filled", "_partial", "_rounded", "_order"])


def route_lookup(column: str) -> dict[str, str]:
    """Publisher route name -> route_id for one of frontex_route/mmp_route/unhcr_route."""
    index = {"frontex_route": 3, "mmp_route": 4, "unhcr_route": 5}[column]
    return {r[index]: r[0] for r in ROUTES if r[index]}


# --------------------------------------------------------------------------------------------
# indicators.csv and indicator_values.csv
# --------------------------------------------------------------------------------------------

# indicator_id -> (layer, label, description, unit, scale, decimals, source_org, source_url)
INDICATORS: dict[str, tuple[str, str, str, str, str, int, str, str]] = {
    "migrant_stock_total": (
        "migration_development",
        "International migrant stock",
        "Number of international migrants living in the country (UN DESA International Migrant Stock "
        "2024 revision; total = sum of male and female stock over all origins). The IMS 2020 revision "
        "gives different values for the same years (e.g. Jordan 2020).",
        "persons",
        "log",
        0,
        UNDESA,
        "https://www.un.org/development/desa/pd/content/international-migrant-stock",
    ),
    "migrant_stock_pct_female": (
        "migration_development",
        "Female share of migrant stock (derived)",
        "Female migrants as % of the international migrant stock, computed from UN DESA IMS 2024 "
        "female and total stock (not UN DESA's own indicator). IMS 2020 differs.",
        "percent",
        "linear",
        1,
        UNDESA,
        "https://www.un.org/development/desa/pd/content/international-migrant-stock",
    ),
    "migrant_stock_pct_population": (
        "migration_development",
        "Migrant stock as % of population (derived)",
        "International migrant stock (UN DESA IMS 2024) divided by UN WPP 2024 mid-year population "
        "(World Bank WDI table); UN DESA's published % uses another denominator and can differ. Not "
        "available for 2024. IMS 2020 differs.",
        "percent",
        "linear",
        2,
        UNDESA,
        "https://www.un.org/development/desa/pd/content/international-migrant-stock",
    ),
    "refugees_hosted": (
        "mixed_migration",
        "Refugees hosted",
        "Refugees (incl. people in refugee-like situations) in the country of asylum, summed over "
        "origins; end-year, 2024 = mid-2024 provisional (UNHCR Refugee Data Finder).",
        "persons",
        "log",
        0,
        UNHCR,
        "https://www.unhcr.org/refugee-statistics/download/",
    ),
    "asylum_seekers_hosted": (
        "mixed_migration",
        "Asylum seekers hosted",
        "Asylum seekers with pending claims in the country of asylum, summed over origins; end-year, "
        "2024 = mid-2024 provisional (UNHCR Refugee Data Finder).",
        "persons",
        "log",
        0,
        UNHCR,
        "https://www.unhcr.org/refugee-statistics/download/",
    ),
    "refugees_abroad": (
        "mixed_migration",
        "Refugees originating from the country",
        "Refugees from this country of origin, summed over countries of asylum; end-year, 2024 = "
        "mid-2024 provisional (UNHCR Refugee Data Finder).",
        "persons",
        "log",
        0,
        UNHCR,
        "https://www.unhcr.org/refugee-statistics/download/",
    ),
    "asylum_seekers_abroad": (
        "mixed_migration",
        "Asylum seekers originating from the country",
        "Asylum seekers from this country of origin, summed over countries of asylum; end-year, "
        "2024 = mid-2024 provisional (UNHCR Refugee Data Finder).",
        "persons",
        "log",
        0,
        UNHCR,
        "https://www.unhcr.org/refugee-statistics/download/",
    ),
    "remittances_received_usd": (
        "migration_development",
        "Personal remittances received (US$)",
        "Personal remittances received, current US$ (World Bank WDI BX.TRF.PWKR.CD.DT).",
        "usd",
        "log",
        0,
        WORLD_BANK,
        "https://data.worldbank.org/indicator/BX.TRF.PWKR.CD.DT",
    ),
    "remittances_paid_usd": (
        "migration_development",
        "Personal remittances paid (US$)",
        "Personal remittances paid, current US$ (World Bank WDI BM.TRF.PWKR.CD.DT).",
        "usd",
        "log",
        0,
        WORLD_BANK,
        "https://data.worldbank.org/indicator/BM.TRF.PWKR.CD.DT",
    ),
    "remittances_received_pct_gdp": (
        "migration_development",
        "Remittances received as % of GDP (derived)",
        "Personal remittances received divided by GDP (current US$, NY.GDP.MKTP.CD) × 100, computed "
        "from WDI components (not copied from WDI's own ratio); empty where GDP is missing.",
        "percent",
        "linear",
        2,
        WORLD_BANK,
        "https://data.worldbank.org/indicator/BX.TRF.PWKR.CD.DT",
    ),
    "arrivals_total": (
        "mixed_migration",
        "Arrivals (sea and land)",
        "Irregular arrivals of refugees and migrants by sea and land, IOM DTM Europe (national "
        "authority data; sum of monthly values). One source per country-year: IOM DTM.",
        "persons",
        "log",
        0,
        DTM,
        DTM_EUROPE_URL,
    ),
    "arrivals_sea": (
        "mixed_migration",
        "Sea arrivals",
        "Sea arrivals as published by UNHCR (only UNHCR splits sea and land; years where a UNHCR "
        "figure was found). Differs slightly from IOM DTM totals.",
        "persons",
        "log",
        0,
        UNHCR,
        UNHCR_PORTAL_URL,
    ),
    "arrivals_land": (
        "mixed_migration",
        "Land arrivals",
        "Land arrivals as published by UNHCR (years where UNHCR published the sea/land split).",
        "persons",
        "log",
        0,
        UNHCR,
        UNHCR_PORTAL_URL,
    ),
}


def build_indicators(ref: Path) -> pd.DataFrame:
    """indicators.csv: one row per country indicator (metadata only)."""
    rows = [dict(zip(COLUMNS["indicators"], (key, *meta), strict=True)) for key, meta in INDICATORS.items()]
    return pd.DataFrame(rows, columns=COLUMNS["indicators"])


def _values(
    df: pd.DataFrame,
    iso_col: str,
    value_col: str,
    indicator_id: str,
    *,
    label_col=None,
    source_org: str,
    vintage: str,
    url_col: str = "source_url",
) -> list[dict]:
    """Indicator rows from one reference column; empty cells give no row."""
    rows = []
    for rec in df.to_dict("records"):
        value = rec[value_col]
        if is_empty(value):
            continue
        year = int(rec["year"])
        label = str(rec[label_col]) if label_col else str(year)
        status = "final"
        if "provisional" in label:
            status, label = "provisional", label.replace("(provisional)", "").strip()
        rows.append(
            {
                "iso3": rec[iso_col],
                "indicator_id": indicator_id,
                "year": year,
                "value": value,
                "period_label": label,
                "status": status,
                "restricted": 0,
                "source_org": source_org,
                "source_url": rec[url_col],
                "vintage": vintage,
            }
        )
    return rows


def _arrival_indicator_rows(ref: Path) -> list[dict]:
    """arrivals_total from IOM DTM rows; arrivals_sea/land from UNHCR rows (country codes only)."""
    arr = _arrivals_cached(ref).copy()
    arr = arr[
        (arr["nationality_iso3"] == "ALL") & (arr["period_type"] == "year") & (arr["country_code"] == arr["iso3"])
    ]
    rows = []
    picks = [
        ("arrivals_total", DTM, "arrivals"),
        ("arrivals_sea", UNHCR, "arrivals_sea"),
        ("arrivals_land", UNHCR, "arrivals_land"),
    ]
    for indicator_id, org, col in picks:
        sub = arr[(arr["source_org"] == org) & arr[col].notna() & (arr["partial"] == 0)]
        for rec in sub.to_dict("records"):
            rows.append(
                {
                    "iso3": rec["iso3"],
                    "indicator_id": indicator_id,
                    "year": int(rec["period"]),
                    "value": rec[col],
                    "period_label": rec["period_label"],
                    "status": rec["status"],
                    "restricted": rec["restricted"],
                    "source_org": org,
                    "source_url": rec["source_url"],
                    "vintage": rec["vintage"],
                }
            )
    return rows


def build_indicator_values(ref: Path) -> pd.DataFrame:
    """indicator_values.csv: country × indicator × year values (IMS 2024, UNHCR, WDI, arrivals)."""
    rows: list[dict] = []
    stock = read_ref(ref, "migrant_stock.csv")
    stock = stock[stock["revision"].str.startswith("2024")]
    for col, ind in [
        ("total", "migrant_stock_total"),
        ("pct_female_derived", "migrant_stock_pct_female"),
        ("pct_of_population_derived", "migrant_stock_pct_population"),
    ]:
        rows += _values(stock, "country_iso3", col, ind, source_org=UNDESA, vintage=UNDESA_VINTAGE)

    asylum = read_ref(ref, "refugees_by_asylum_country.csv")
    for col, ind in [("refugees", "refugees_hosted"), ("asylum_seekers", "asylum_seekers_hosted")]:
        rows += _values(
            asylum, "country_iso3", col, ind, label_col="period", source_org=UNHCR, vintage=UNHCR_RDF_VINTAGE
        )
    origin = read_ref(ref, "refugees_by_origin_country.csv")
    for col, ind in [("refugees_abroad", "refugees_abroad"), ("asylum_seekers_abroad", "asylum_seekers_abroad")]:
        rows += _values(
            origin, "origin_iso3", col, ind, label_col="period", source_org=UNHCR, vintage=UNHCR_RDF_VINTAGE
        )

    rem = read_ref(ref, "remittances.csv")
    for col, ind, url in [
        ("remittances_received_usd", "remittances_received_usd", INDICATORS["remittances_received_usd"][7]),
        ("remittances_paid_usd", "remittances_paid_usd", INDICATORS["remittances_paid_usd"][7]),
        ("remittances_pct_gdp_derived", "remittances_received_pct_gdp", INDICATORS["remittances_received_pct_gdp"][7]),
    ]:
        rows += _values(
            rem.assign(_url=url), "country_iso3", col, ind, source_org=WORLD_BANK, vintage=WDI_VINTAGE, url_col="_url"
        )

    rows += _arrival_indicator_rows(ref)
    df = pd.DataFrame(rows, columns=COLUMNS["indicator_values"])
    check_unique(df, KEYS["indicator_values"], "indicator_values")
    return df


# --------------------------------------------------------------------------------------------
# routes.csv, route_waypoints.csv, route_countries.csv
# --------------------------------------------------------------------------------------------


def build_routes(ref: Path) -> pd.DataFrame:
    """routes.csv: one row per route, with each publisher's exact route name."""
    df = pd.DataFrame(ROUTES, columns=COLUMNS["routes"])
    colors = df["color"].str.upper()
    assert colors.is_unique, "route colours must be distinct"
    # every publisher route name used in the reference data must exist here (or be skipped)
    frontex = set(read_ref(ref, "frontex_detections_by_route.csv")["route"]) - {
        "ALL ROUTES (EU external borders total)"
    }
    mmp = set(read_ref(ref, "missing_migrants_by_route.csv")["route"]) - {
        "Undefined",
        "MEDITERRANEAN (sum of Central+Eastern+Western Mediterranean routes)",
    }
    unhcr = set(read_ref(ref, "unhcr_sea_movements_by_route.csv")["route"])
    assert frontex <= set(df["frontex_route"]), frontex - set(df["frontex_route"])
    assert mmp <= set(df["mmp_route"]), mmp - set(df["mmp_route"])
    assert unhcr <= set(df["unhcr_route"]), unhcr - set(df["unhcr_route"])
    return df


def build_route_waypoints(ref: Path) -> pd.DataFrame:
    """route_waypoints.csv: ordered lon/lat paths (3–7 points) for drawable routes."""
    ids = {r[0] for r in ROUTES}
    rows = []
    for route_id, points in WAYPOINTS.items():
        assert route_id in ids, route_id
        assert 3 <= len(points) <= 7, route_id
        for seq, (lon, lat, place, role) in enumerate(points, start=1):
            rows.append({"route_id": route_id, "seq": seq, "lon": lon, "lat": lat, "place": place, "role": role})
    return pd.DataFrame(rows, columns=COLUMNS["route_waypoints"])


def build_route_countries(ref: Path) -> pd.DataFrame:
    """route_countries.csv: ISO3 codes on each route with their role."""
    rows = [
        {"route_id": rid, "iso3": iso3, "role": role}
        for rid, roles in ROUTE_COUNTRIES.items()
        for role, codes in roles.items()
        for iso3 in codes
    ]
    return pd.DataFrame(rows, columns=COLUMNS["route_countries"])


# --------------------------------------------------------------------------------------------
# flows.csv
# --------------------------------------------------------------------------------------------


def _flow(
    route_id: str,
    period: str,
    period_type: str,
    nat: str,
    measure: str,
    value,
    *,
    source_org: str,
    source_url: str,
    vintage: str,
    label: str | None = None,
    partial: int = 0,
) -> dict:
    year = int(period[:4])
    status, restricted = flow_status(year)
    return {
        "route_id": route_id,
        "period": period,
        "period_type": period_type,
        "nationality_iso3": nat,
        "measure": measure,
        "value": as_int(value),
        "partial": partial,
        "period_label": label or period,
        "status": status,
        "restricted": restricted,
        "source_org": source_org,
        "source_url": source_url,
        "vintage": vintage,
    }


def _frontex_yearly(ref: Path) -> list[dict]:
    det = read_ref(ref, "frontex_detections_by_route.csv")
    total_name = "ALL ROUTES (EU external borders total)"
    totals = det[det["route"] == total_name].set_index("year")["detections"]
    routes = det[det["route"] != total_name]
    by_year = routes.groupby("year")["detections"].sum()
    assert (by_year == totals.reindex(by_year.index)).all(), "Frontex route sum != ALL ROUTES"
    assert int(by_year[2023]) == 381319
    spot = routes.set_index(["route", "year"])["detections"]
    assert spot[("Eastern Mediterranean Route", 2015)] == 885386
    assert spot[("Central Mediterranean Route", 2023)] == 158026
    assert spot[("Western African Route", 2024)] == 46820
    lookup = route_lookup("frontex_route")
    rows = []
    for rec in routes.to_dict("records"):
        partial, label = parse_period(rec["period"], rec["year"])
        rows.append(
            _flow(
                lookup[rec["route"]],
                str(rec["year"]),
                "year",
                "ALL",
                "detections",
                rec["detections"],
                source_org=FRONTEX,
                source_url=rec["source_url"],
                vintage=FRONTEX_VINTAGE,
                label=label,
                partial=partial,
            )
        )
    nat = read_ref(ref, "frontex_top_nationalities.csv", keep_default_na=False)
    for rec in nat.to_dict("records"):
        partial, label = parse_period(rec["period"], rec["year"])
        rows.append(
            _flow(
                lookup[rec["route"]],
                str(rec["year"]),
                "year",
                rec["nationality_iso3"],
                "detections",
                rec["detections"],
                source_org=FRONTEX,
                source_url=rec["source_url"],
                vintage=FRONTEX_VINTAGE,
                label=label,
                partial=partial,
            )
        )
    return rows


def _frontex_monthly(ref: Path) -> list[dict]:
    raw = read_ref(ref, "raw/iom-gdidata/frontex_monthly_route_nationality.csv", keep_default_na=False)
    det = read_ref(ref, "frontex_detections_by_route.csv").set_index(["route", "year"])["detections"]
    by_nat = raw.groupby(["route", "month", "nat"], as_index=False)["n"].sum()  # sea + land
    by_route = raw.groupby(["route", "month"], as_index=False)["n"].sum()
    check = by_route.assign(year=by_route["month"].str[:4].astype(int)).groupby(["route", "year"])["n"].sum()
    assert (check == det.reindex(check.index)).all(), "Frontex monthly sums != yearly route totals"
    lookup = route_lookup("frontex_route")
    rows = [
        _flow(
            lookup[r["route"]],
            r["month"],
            "month",
            "ALL",
            "detections",
            r["n"],
            source_org=FRONTEX,
            source_url=FRONTEX_URL,
            vintage=FRONTEX_VINTAGE,
        )
        for r in by_route.to_dict("records")
    ]
    rows += [
        _flow(
            lookup[r["route"]],
            r["month"],
            "month",
            r["nat"],
            "detections",
            r["n"],
            source_org=FRONTEX,
            source_url=FRONTEX_URL,
            vintage=FRONTEX_VINTAGE,
        )
        for r in by_nat.to_dict("records")
    ]
    return rows


def _mmp_flows(ref: Path) -> list[dict]:
    lookup = route_lookup("mmp_route")
    yearly = read_ref(ref, "missing_migrants_by_route.csv")
    yearly = yearly[yearly["route"].isin(lookup)]
    rows = []
    for rec in yearly.to_dict("records"):
        partial, label = parse_period(rec["period"], rec["year"])
        rows.append(
            _flow(
                lookup[rec["route"]],
                str(rec["year"]),
                "year",
                "ALL",
                "dead_missing",
                rec["dead_missing"],
                source_org=MMP,
                source_url=rec["source_url"],
                vintage=MMP_VINTAGE,
                label=label,
                partial=partial,
            )
        )
    inc = read_ref(ref, "raw/iom-gdidata/iom_mmp_incidents.csv")
    inc = inc[inc["route"].isin(lookup)]
    monthly = inc.groupby(["route", "month"], as_index=False)["dead"].sum()
    check = monthly.assign(year=monthly["month"].str[:4].astype(int)).groupby(["route", "year"])["dead"].sum()
    ref_year = yearly.set_index(["route", "year"])["dead_missing"]
    assert (check == ref_year.reindex(check.index)).all(), "MMP monthly sums != yearly route totals"
    rows += [
        _flow(
            lookup[r["route"]],
            r["month"],
            "month",
            "ALL",
            "dead_missing",
            r["dead"],
            source_org=MMP,
            source_url=MMP_URL,
            vintage=MMP_VINTAGE,
        )
        for r in monthly.to_dict("records")
    ]
    return rows


def _unhcr_sea_flows(ref: Path) -> list[dict]:
    sea = read_ref(ref, "unhcr_sea_movements_by_route.csv")
    full = sea[sea["period"].astype(str) == sea["year"].astype(str)]
    log.info(
        "UNHCR sea movements: skipped %d Jan–Sep 2022 rows (earlier page vintage, partial year)", len(sea) - len(full)
    )
    lookup = route_lookup("unhcr_route")
    measures = {
        "departures": "departures",
        "disembarked_in_north_africa": "disembarked",
        "sea_arrivals_europe": "sea_arrivals",
        "dead_missing": "dead_missing",
    }
    # the page vintage with the Jan–Sep 2022 rows also gave the earlier full years (2021);
    # full-year 2022 and 2023 come from a later vintage
    first_partial = int(sea.loc[sea["period"].astype(str) != sea["year"].astype(str), "year"].min())
    rows = []
    for rec in full.to_dict("records"):
        vintage = (
            "UNHCR Global Focus page (vintage with Jan–Sep 2022)"
            if rec["year"] < first_partial
            else "UNHCR Global Focus page (later vintage, 2022–2023 full years)"
        )
        for col, measure in measures.items():
            if is_empty(rec[col]):
                continue
            rows.append(
                _flow(
                    lookup[rec["route"]],
                    str(rec["year"]),
                    "year",
                    "ALL",
                    measure,
                    rec[col],
                    source_org=UNHCR,
                    source_url=rec["source_url"],
                    vintage=vintage,
                )
            )
    return rows


def build_flows(ref: Path) -> pd.DataFrame:
    """flows.csv: Frontex detections, MMP dead & missing, UNHCR sea movements per route and period."""
    rows = _frontex_yearly(ref) + _frontex_monthly(ref) + _mmp_flows(ref) + _unhcr_sea_flows(ref)
    df = pd.DataFrame(rows, columns=COLUMNS["flows"])
    assert (df["value"] >= 0).all()
    assert (df.loc[df["period"].str.startswith("2025"), "restricted"] == 1).all()
    return df


# --------------------------------------------------------------------------------------------
# arrivals.csv
# --------------------------------------------------------------------------------------------

AGGREGATE_AREAS = {"MED", "MED+NWA", "EMR"}


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


def _area_iso3(code: str) -> str:
    if code in AGGREGATE_AREAS:
        return ""
    return code.split("-")[0]


def _yearly_arrivals(ref: Path) -> pd.DataFrame:
    med = read_ref(ref, "med_arrivals.csv")
    rows = []
    for rec in med.to_dict("records"):
        partial, label = parse_period(rec["period"], rec["year"])
        org = publisher(rec["source_org"])
        text = f"{rec['source_org']} {'' if is_empty(rec['note']) else rec['note']}".lower()
        status = "provisional" if "provisional" in text else "final"
        note = "" if is_empty(rec["note"]) else rec["note"]
        if org == DTM:
            vintage = DTM_EUROPE_VINTAGE
            note = "; ".join(p for p in ["sum of monthly values (iom/gdidata dtm_med)", note] if p)
        else:
            vintage = rec["source_org"]  # the publication the figure was read in
        rows.append(
            {
                "country_code": rec["country_code"],
                "iso3": _area_iso3(rec["country_code"]),
                "period": str(rec["year"]),
                "period_type": "year",
                "nationality_iso3": "ALL",
                "arrivals": rec["arrivals"],
                "arrivals_sea": rec["arrivals_sea"],
                "arrivals_land": rec["arrivals_land"],
                "dead_missing": rec["dead_missing"],
                "partial": partial,
                "period_label": label,
                "status": status,
                "restricted": 0,
                "source_org": org,
                "source_url": rec["source_url"],
                "vintage": vintage,
                "note": note,
            }
        )
    df = pd.DataFrame(rows)
    return keep_fuller(
        df,
        KEYS["arrivals"],
        ["arrivals", "arrivals_sea", "arrivals_land", "dead_missing"],
        "arrivals (med_arrivals.csv)",
    )


def _nationality_arrivals(ref: Path) -> pd.DataFrame:
    top = read_ref(ref, "med_arrivals_top_nationalities.csv", keep_default_na=False)
    rows = []
    for rec in top.to_dict("records"):
        frontex = "frontex" in rec["source_url"]
        rows.append(
            {
                "country_code": rec["arrival_country_code"],
                "iso3": _area_iso3(rec["arrival_country_code"]),
                "period": str(rec["year"]),
                "period_type": "year",
                "nationality_iso3": rec["nationality_iso3"],
                "arrivals": rec["arrivals"],
                "partial": 0,
                "period_label": str(rec["year"]),
                "status": "final",
                "restricted": 0,
                "source_org": FRONTEX if frontex else DTM,
                "source_url": rec["source_url"],
                "vintage": DTM_GDIDATA_VINTAGE,
                "note": f"top-10 nationality (rank {rec['rank']}); {rec['note']}",
            }
        )
    return pd.DataFrame(rows)


def _monthly_arrivals(ref: Path) -> pd.DataFrame:
    mon = read_ref(ref, "raw/iom-gdidata/dtm_med_monthly.csv")
    rows = [
        {
            "country_code": r["geo"],
            "iso3": _area_iso3(r["geo"]),
            "period": r["month"],
            "period_type": "month",
            "nationality_iso3": "ALL",
            "arrivals": r["n"],
            "partial": 0,
            "period_label": r["month"],
            "status": "final",
            "restricted": 0,
            "source_org": DTM,
            "source_url": DTM_EUROPE_URL,
            "vintage": DTM_EUROPE_VINTAGE,
            "note": "",
        }
        for r in mon.to_dict("records")
    ]
    return pd.DataFrame(rows)


def build_arrivals(ref: Path) -> pd.DataFrame:
    """arrivals.csv: arrivals per arrival area and period, every source side by side."""
    return _arrivals_cached(ref).copy()


@functools.lru_cache(maxsize=4)
def _arrivals_cached(ref: Path) -> pd.DataFrame:
    df = pd.concat([_yearly_arrivals(ref), _nationality_arrivals(ref), _monthly_arrivals(ref)], ignore_index=True)
    df = df.reindex(columns=COLUMNS["arrivals"])
    df = keep_fuller(df, KEYS["arrivals"], ["arrivals", "arrivals_sea", "arrivals_land", "dead_missing"], "arrivals")
    for col in ["arrivals", "arrivals_sea", "arrivals_land", "dead_missing"]:
        assert (df[col].dropna() >= 0).all(), col
        df[col] = df[col].astype("Int64")
    return df.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# incidents.csv
# --------------------------------------------------------------------------------------------


def build_incidents(ref: Path) -> pd.DataFrame:
    """incidents.csv: IOM Missing Migrants incidents with coordinates, stable sequential ids."""
    inc = read_ref(
        ref,
        "raw/iom-gdidata/iom_mmp_incidents.csv",
        keep_default_na=False,
        na_values={"dead": [""], "surv": [""], "lon": [""], "lat": [""]},
    )
    before = len(inc)
    inc = inc[inc["lon"].notna() & inc["lat"].notna()].copy()
    log.info("incidents: %d of %d rows have coordinates", len(inc), before)
    negative = inc["surv"] < 0
    if negative.any():
        log.warning("incidents: %d rows with negative survivors -> survivors left empty", negative.sum())
        inc.loc[negative, "surv"] = float("nan")
    order = ["date", "route", "lon", "lat", "geo", "dead", "surv", "cause", "type", "nat", "location"]
    inc = inc.sort_values(order, kind="mergesort", na_position="last").reset_index(drop=True)
    lookup = route_lookup("mmp_route")
    df = pd.DataFrame(
        {
            "incident_id": range(1, len(inc) + 1),
            "date": inc["date"],
            "route_id": inc["route"].map(lookup).fillna(""),
            "mmp_route": inc["route"],
            "country_iso3": inc["geo"],
            "lon": inc["lon"],
            "lat": inc["lat"],
            "dead_missing": inc["dead"].map(as_int),
            "survivors": inc["surv"].astype("Int64"),
            "cause": inc["cause"],
            "source_org": MMP,
            "source_url": MMP_URL,
            "vintage": MMP_VINTAGE,
        }
    )
    assert (df["dead_missing"] >= 0).all()
    return df


# --------------------------------------------------------------------------------------------
# composition.csv
# --------------------------------------------------------------------------------------------

# (group, count column, share column) in reference composition.csv
COMPOSITION_GROUPS = [
    ("total", "total", None),
    ("men", "men", "men_pct"),
    ("women", "women", "women_pct"),
    ("children", None, "children_pct"),
    ("children_accompanied", "children_accompanied", None),
    ("children_unaccompanied", "uasc", "uasc_pct_of_arrivals"),
    ("unknown", "unknown", None),
]
REGION_SCOPES = {"MED", "EU"}


def _comp_row(
    scope_type,
    scope_code,
    scope_label,
    period,
    period_type,
    partial,
    period_label,
    population,
    group,
    count,
    share,
    source_org,
    source_url,
    vintage,
    note,
    status="final",
) -> dict:
    return {
        "scope_type": scope_type,
        "scope_code": scope_code,
        "scope_label": scope_label,
        "period": period,
        "period_type": period_type,
        "partial": partial,
        "period_label": period_label,
        "population": population,
        "group": group,
        "count": count,
        "share_pct": share,
        "status": status,
        "restricted": 0,
        "source_org": source_org,
        "source_url": source_url,
        "vintage": vintage,
        "note": note,
    }


def _composition_published(ref: Path) -> list[dict]:
    comp = read_ref(ref, "composition.csv")
    rows = []
    for rec in comp.to_dict("records"):
        partial, label = parse_period(rec["period"], rec["year"])
        org = publisher(rec["source_org"])
        vintage = DTM_GDIDATA_VINTAGE if org == DTM else rec["source_org"]
        scope_type = "region" if rec["code"] in REGION_SCOPES else "country"
        base_note = "" if is_empty(rec["note"]) else rec["note"]
        for group, count_col, share_col in COMPOSITION_GROUPS:
            count = rec[count_col] if count_col else None
            share = rec[share_col] if share_col else None
            if is_empty(count) and is_empty(share):
                continue
            note = base_note
            if group == "children_unaccompanied" and not is_empty(rec["uasc_pct_of_children"]):
                note = "; ".join(
                    p
                    for p in [
                        f"published: {cell(rec['uasc_pct_of_children'])}% of children were unaccompanied or separated",
                        note,
                    ]
                    if p
                )
            rows.append(
                _comp_row(
                    scope_type,
                    rec["code"],
                    rec["country_or_route"],
                    str(rec["year"]),
                    "year",
                    partial,
                    label,
                    rec["population"],
                    group,
                    None if is_empty(count) else as_int(count),
                    share,
                    org,
                    rec["source_url"],
                    vintage,
                    note,
                )
            )
        if (
            not is_empty(rec["uasc_pct_of_children"])
            and is_empty(rec["uasc"])
            and is_empty(rec["uasc_pct_of_arrivals"])
        ):
            log.info("composition: %s %s UASC share of children kept in note only", rec["code"], rec["year"])
    return rows


def _composition_libya(ref: Path) -> list[dict]:
    lby = read_ref(ref, "dtm_libya_migrants_by_round.csv")
    rows = []
    groups = [
        ("total", "migrants_total_from_nationality_table"),
        ("men", "men"),
        ("women", "women"),
        ("children", "children"),
        ("unknown", "unknown"),
    ]
    for rec in lby.to_dict("records"):
        for group, col in groups:
            if is_empty(rec[col]):
                continue
            note = f"DTM Libya round {rec['round']}"
            if group == "total":
                note += (
                    "; total = sum of municipality values in the nationality table; demographic "
                    "groups may not sum exactly to it"
                )
            rows.append(
                _comp_row(
                    "country",
                    "LBY",
                    "Libya",
                    rec["month"],
                    "month",
                    0,
                    rec["month"],
                    "migrants present (DTM Libya baseline)",
                    group,
                    as_int(rec[col]),
                    None,
                    "IOM DTM Libya",
                    rec["source_url"],
                    DTM_GDIDATA_VINTAGE,
                    note,
                )
            )
    return rows


def _fm_groups(df: pd.DataFrame, mapping: dict[tuple[str, str], str]) -> dict[str, int]:
    """Sum flow-monitoring sex × age rows into composition groups (+ total and unaccompanied)."""
    out: dict[str, int] = {}
    for rec in df.to_dict("records"):
        group = mapping[(rec["sex"], rec["age"])]
        out[group] = out.get(group, 0) + as_int(rec["individuals"])
    out["total"] = as_int(df["individuals"].sum())
    out["children_unaccompanied"] = as_int(df["uac"].sum())
    return out


def _fm_rows(sums: dict[str, int], scope_type, scope_code, scope_label, year, source_url, note) -> list[dict]:
    partial, label = (1, f"{year} (Jan–Jul, partial)") if year == 2024 else (0, str(year))
    return [
        _comp_row(
            scope_type,
            scope_code,
            scope_label,
            str(year),
            "year",
            partial,
            label,
            "movements observed at flow monitoring points",
            group,
            value,
            None,
            DTM,
            source_url,
            DTM_GDIDATA_VINTAGE,
            note,
        )
        for group, value in sorted(sums.items())
    ]


def _composition_flow_monitoring(ref: Path) -> list[dict]:
    rows = []
    wca = read_ref(ref, "dtm_wca_flows_demographics_yearly.csv")
    wca_map = {
        ("female", "18+"): "women",
        ("male", "18+"): "men",
        ("unknown", "under 18"): "children",
        ("unknown", "unknown"): "unknown",
    }
    for (year, fmp), grp in wca.groupby(["year", "fmp_country"]):
        rows += _fm_rows(
            _fm_groups(grp, wca_map),
            "country",
            fmp,
            f"flow monitoring points in {fmp}",
            int(year),
            grp["source_url"].iloc[0],
            "DTM West & Central Africa flow monitoring; sums of sex × age rows; unaccompanied = sum of 'uac'",
        )
    ehoa = read_ref(ref, "dtm_ehoa_flows_demographics_yearly.csv")
    ehoa_map = {
        ("female", "adults"): "women",
        ("male", "adults"): "men",
        ("female", "children"): "children",
        ("male", "children"): "children",
        ("unknown", "unknown"): "unknown",
    }
    note = "DTM East & Horn of Africa flow monitoring; sums of sex × age rows; unaccompanied = sum of 'uac'"
    for (year, fmp), grp in ehoa.groupby(["year", "fmp_country"]):
        rows += _fm_rows(
            _fm_groups(grp, ehoa_map),
            "country",
            fmp,
            f"flow monitoring points in {fmp}",
            int(year),
            grp["source_url"].iloc[0],
            note + "; all corridors",
        )
    mapped = ehoa[ehoa["route"].isin(EHOA_DTM_ROUTES)]
    names = {r[0]: r[1] for r in ROUTES}
    for (year, route), grp in mapped.groupby(["year", "route"]):
        rid = EHOA_DTM_ROUTES[route]
        rows += _fm_rows(
            _fm_groups(grp, ehoa_map),
            "route",
            rid,
            names[rid],
            int(year),
            grp["source_url"].iloc[0],
            f"{note}; DTM corridor '{route}', summed over flow monitoring countries",
        )
    return rows


def _composition_italy_monthly(ref: Path) -> list[dict]:
    dmg = read_ref(ref, "raw/iom-gdidata/dtm_med_dmg_monthly.csv")
    bad = dmg.groupby("month")["n"].min() < 0
    log.info("composition: skipped %d of %d DTM Italy months with a negative cell", int(bad.sum()), len(bad))
    dmg = dmg[~dmg["month"].isin(bad[bad].index)]
    groups = {
        "men": "men",
        "women": "women",
        "children": "children_accompanied",
        "uac": "children_unaccompanied",
        "unknown": "unknown",
    }
    return [
        _comp_row(
            "country",
            r["geo"],
            "Italy",
            r["month"],
            "month",
            0,
            r["month"],
            "sea arrivals",
            groups[r["demog"]],
            as_int(r["n"]),
            None,
            DTM,
            DTM_EUROPE_URL,
            DTM_GDIDATA_VINTAGE,
            "DTM estimates (monthly totals coerced to arrivals); 'children' = accompanied",
        )
        for r in dmg.to_dict("records")
    ]


def build_composition(ref: Path) -> pd.DataFrame:
    """composition.csv: men/women/children groups as published or summed from DTM data."""
    rows = (
        _composition_published(ref)
        + _composition_libya(ref)
        + _composition_flow_monitoring(ref)
        + _composition_italy_monthly(ref)
    )
    df = pd.DataFrame(rows, columns=COLUMNS["composition"])
    df = keep_fuller(df, KEYS["composition"], ["count", "share_pct"], "composition")
    df["count"] = df["count"].astype("Int64")
    assert (df["count"].dropna() >= 0).all()
    assert df["share_pct"].dropna().between(0, 100).all()
    return df.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# corridors.csv, flow_monitoring.csv
# --------------------------------------------------------------------------------------------


def build_corridors(ref: Path) -> pd.DataFrame:
    """corridors.csv: bilateral migrant stocks (IMS 2024), duplicates across selections removed."""
    cor = read_ref(ref, "migrant_corridors.csv", keep_default_na=False)
    key = ["origin_iso3", "destination_iso3", "year"]
    values = cor.groupby(key)[["total", "female", "male"]].nunique()
    assert (values <= 1).all().all(), "conflicting duplicate corridors"
    cor = cor.drop_duplicates(key, keep="first")
    return pd.DataFrame(
        {
            "origin_iso3": cor["origin_iso3"],
            "destination_iso3": cor["destination_iso3"],
            "year": cor["year"],
            "total": cor["total"],
            "female": cor["female"],
            "male": cor["male"],
            "source_org": UNDESA,
            "source_url": cor["source_url"],
            "vintage": UNDESA_VINTAGE,
        }
    )


def build_flow_monitoring(ref: Path) -> pd.DataFrame:
    """flow_monitoring.csv: DTM WCA movements observed by flow-monitoring country, from and to."""
    fm = read_ref(ref, "dtm_wca_flows_yearly.csv", keep_default_na=False)
    for col in ["from_iso3", "to_iso3"]:
        fm[col] = fm[col].str.upper()  # 'ooo' and 'OOO' both mean unknown
    if not KEEP_UNKNOWN_FM_ENDS:
        unknown = fm["from_iso3"].isin(SPECIAL_NATIONALITY_CODES) | fm["to_iso3"].isin(SPECIAL_NATIONALITY_CODES)
        log.warning(
            "flow_monitoring: left out %d rows (%d movements) with unknown origin or destination "
            "('OOO'): from_iso3/to_iso3 must be countries",
            int(unknown.sum()),
            int(fm.loc[unknown, "individuals_observed"].sum()),
        )
        fm = fm[~unknown]
    key = ["year", "fmp_country", "from_iso3", "to_iso3"]
    merged = fm.groupby(key, as_index=False).agg(
        individuals=("individuals_observed", "sum"), source_url=("source_url", "first")
    )
    if len(merged) != len(fm):
        log.info("flow_monitoring: %d rows differing only in 'ooo'/'OOO' case summed", len(fm) - len(merged))
    return pd.DataFrame(
        {
            "region": "wca",
            "year": merged["year"],
            "fmp_iso3": merged["fmp_country"],
            "from_iso3": merged["from_iso3"],
            "to_iso3": merged["to_iso3"],
            "individuals": merged["individuals"],
            "source_org": DTM,
            "source_url": merged["source_url"],
            "vintage": DTM_GDIDATA_VINTAGE,
        }
    )


# --------------------------------------------------------------------------------------------
# headline_figures.csv, media.csv, news_feeds.csv
# --------------------------------------------------------------------------------------------


def build_headline_figures(ref: Path) -> pd.DataFrame:
    """headline_figures.csv: published headline numbers, copied (year as a 4-digit integer)."""
    head = read_ref_text(ref, "published_headline_figures.csv")
    cumulative = head["year"] == ""
    # cumulative figures (period '2014-01..2024-09') have no year in the reference: the contract
    # requires one, so they get the year the period ends in (the period column keeps the span)
    head.loc[cumulative, "year"] = head.loc[cumulative, "period"].str.extract(r"\.\.(\d{4})")[0]
    assert head["year"].str.fullmatch(r"\d{4}(\.0)?").all(), "headline figure without a year"
    log.info("headline_figures: %d cumulative rows dated by the end of their period", int(cumulative.sum()))
    head["year"] = head["year"].map(lambda y: str(as_int(y)))
    return head[COLUMNS["headline_figures"]]


def build_media(ref: Path) -> pd.DataFrame:
    """media.csv: news items, sequential item_id after sorting by date and url."""
    news = read_ref_text(ref, "news_items.csv")
    news = news.sort_values(["published_date", "url"], kind="mergesort").reset_index(drop=True)
    return pd.DataFrame(
        {
            "item_id": range(1, len(news) + 1),
            "published": news["published_date"],
            "outlet": news["outlet"],
            "language": news["language"],
            "title": news["title"],
            "url": news["url"],
            "summary": news["summary"],
            "countries": news["countries"],
            "retrieved_from": news["retrieved_from"],
        }
    )


def build_news_feeds(ref: Path) -> pd.DataFrame:
    """news_feeds.csv: copied."""
    return read_ref_text(ref, "news_feeds.csv")[COLUMNS["news_feeds"]]


# --------------------------------------------------------------------------------------------
# manifest.json
# --------------------------------------------------------------------------------------------

DATASET_META: dict[str, dict] = {
    "countries": {
        "file": "countries.csv",
        "title": "Countries",
        "description": "Country codes, names (English, French, Arabic), UN M49 regions, MTM partner "
        "flags and label points.",
        "sources": [
            {"org": "Natural Earth (via world-atlas)", "url": "https://github.com/topojson/world-atlas"},
            {
                "org": "ISO 3166 names (pycountry / iso-codes)",
                "url": "https://salsa.debian.org/iso-codes-team/iso-codes",
            },
        ],
        "vintage": "Natural Earth 1:50m (world-atlas 2); iso-codes via pycountry 26.2.16",
        "caveats": ["Boundaries and names do not imply endorsement by the MTM partners."],
    },
    "countries_geojson": {
        "file": "countries.geojson",
        "title": "Country boundaries",
        "description": "Natural Earth 1:50m admin-0 boundaries, simplified, keyed by ISO3.",
        "sources": [{"org": "Natural Earth (via world-atlas)", "url": "https://github.com/topojson/world-atlas"}],
        "vintage": "Natural Earth 1:50m (world-atlas 2)",
        "caveats": ["Boundaries are simplified for display and do not imply endorsement."],
    },
    "indicators": {
        "title": "Country indicators",
        "description": "Definitions of the country indicators.",
        "caveats": ["Indicators labelled '(derived)' are our arithmetic on published components."],
    },
    "indicator_values": {
        "title": "Country indicator values",
        "description": "Migrant stock (UN DESA IMS 2024), refugees and asylum seekers (UNHCR), "
        "remittances (World Bank WDI) and arrivals (IOM DTM / UNHCR) per country and year.",
        "caveats": [
            "The IMS 2024 revision changed history; IMS 2020 values differ.",
            "UNHCR 2024 = mid-2024, provisional.",
            "Remittance / GDP ratios are derived; World Bank brief estimates differ from final WDI.",
            "Arrivals: one source per country-year and indicator (totals IOM DTM, sea/land UNHCR).",
        ],
    },
    "routes": {
        "title": "Migration routes",
        "description": "Routes as named by Frontex, IOM Missing Migrants and UNHCR, with colours and "
        "a one-sentence description.",
        "caveats": ["Route geography and waypoints are schematic editorial readings, not tracks."],
    },
    "route_waypoints": {
        "title": "Route waypoints",
        "description": "Ordered schematic points for drawing routes.",
        "caveats": ["Schematic: departure, transit and arrival areas, not actual paths."],
    },
    "route_countries": {
        "title": "Route countries",
        "description": "Countries of departure, transit and arrival per route.",
        "caveats": ["Editorial reading of route geography."],
    },
    "flows": {
        "title": "Flows by route",
        "description": "Frontex detections of illegal border-crossing (yearly and monthly, total and by "
        "nationality), IOM MMP dead and missing, UNHCR sea movements, per route.",
        "caveats": [
            "Frontex counts detections, not persons; one person can be detected several times.",
            "Dead and missing are minimum estimates; IOM MMP and UNHCR use different methods: "
            "never mix them in one series.",
            "2025 = Jan–Apr, preliminary, partner-only.",
            "Yearly nationality rows are Frontex top-10 per route-year only.",
            "UNHCR Jan–Sep 2022 sea-movement rows were left out (full-year 2022 kept).",
        ],
    },
    "arrivals": {
        "title": "Arrivals in Mediterranean EU states",
        "description": "Arrivals by sea and land per arrival country or area: IOM DTM (yearly, monthly, "
        "top-10 nationalities), UNHCR and national authorities side by side.",
        "caveats": [
            "Arrivals differ from Frontex detections for the same area.",
            "Sources are kept side by side; pick one source_org per series.",
            "Where two figures from the same publisher collided, the fuller/unrounded one was kept.",
            "DTM years with fewer than 12 monthly records may be incomplete.",
            "ESP-WAAR/ESP-WMR nationality rows are Frontex data (per gdidata).",
        ],
    },
    "incidents": {
        "title": "Missing Migrants incidents",
        "description": "IOM Missing Migrants Project incidents with location, dead and missing, survivors and cause.",
        "caveats": [
            "Minimum estimates; records are revised.",
            "Negative survivor counts in the source were left empty.",
        ],
    },
    "composition": {
        "title": "Composition of flows",
        "description": "Men, women, children and unaccompanied children among arrivals, migrants present "
        "in Libya and movements observed at DTM flow monitoring points.",
        "caveats": [
            "Shares are as published and may not sum to 100; they are never computed here.",
            "DTM Italy demographics are estimates; months with negative cells were left out.",
            "Flow monitoring counts movements, not persons; 2024 = Jan–Jul.",
            "DTM Libya covers migrants reachable at public places.",
        ],
    },
    "corridors": {
        "title": "Migrant corridors",
        "description": "Bilateral migrant stocks (top-10 origins per partner destination and top-10 "
        "destinations per partner origin), 2020 and 2024.",
        "caveats": ["Top-10 selections only; 'other/unknown' origins excluded from the ranking."],
    },
    "flow_monitoring": {
        "title": "Flow monitoring (West and Central Africa)",
        "description": "Movements observed at IOM DTM flow monitoring points by year, flow monitoring "
        "country, origin and destination.",
        "caveats": [
            "Movements, not persons; includes short-distance, seasonal and return movements.",
            "2024 = Jan–Jul.",
            "Movements with unknown origin or destination (source code 'OOO') are left out.",
        ],
    },
    "headline_figures": {
        "title": "Published headline figures",
        "description": "Headline numbers as published by Frontex, IOM and UNHCR, with the exact wording.",
        "caveats": ["Press figures are rounded and earlier than the datasets; they differ from flows."],
    },
    "media": {
        "title": "News items",
        "description": "Sample of real news items (English, French, Arabic) for the News Centre.",
        "caveats": [
            "Not a representative sample; do not read counts as trends without normalising.",
            "Headlines kept exactly as published; countries are an editorial reading.",
        ],
    },
    "news_feeds": {
        "title": "News feeds",
        "description": "RSS/Atom feeds of migration-relevant sources.",
        "caveats": ["Feeds were seen referenced in public files, not fetched or validated."],
    },
}


def _sources(df: pd.DataFrame) -> list[dict]:
    """Distinct (org, url) pairs of a data frame, sorted."""
    org_col = "source_org" if "source_org" in df.columns else "agency"
    if "source_url" in df.columns:
        pairs = df[[org_col, "source_url"]].drop_duplicates()
        return [{"org": o, "url": u} for o, u in sorted(pairs.itertuples(index=False, name=None))]
    return []


def _vintages(df: pd.DataFrame) -> str:
    """Distinct 'org: vintage' texts of a data frame (shortened when there are many)."""
    if "vintage" not in df.columns:
        return ""
    pairs = df[["source_org", "vintage"]].drop_duplicates() if "source_org" in df.columns else None
    values = sorted({f"{o}: {v}" for o, v in pairs.itertuples(index=False, name=None) if not is_empty(v)})
    if len(values) > 6:
        return "; ".join(values[:6]) + f"; … ({len(values)} vintages in the file's vintage column)"
    return "; ".join(values)


def build_manifest(frames: dict[str, pd.DataFrame], built_at: str) -> dict:
    """manifest.json content: one entry per data file."""
    datasets = {}
    for name in ["countries", "countries_geojson"]:
        datasets[name] = DATASET_META[name]
    special_sources = {
        "routes": [
            {"org": "Frontex", "url": FRONTEX_URL},
            {"org": MMP, "url": MMP_URL},
            {
                "org": UNHCR,
                "url": "https://reporting.unhcr.org/operational/situations/western-and-central-mediterranean-situation",
            },
        ],
        "media": [{"org": "News outlets (see each item's url)", "url": "https://github.com/rumca-js"}],
        "news_feeds": [{"org": "Feed publishers (see feed_url)", "url": "https://www.infomigrants.net/en/"}],
    }
    special_sources["route_waypoints"] = special_sources["routes"]
    special_sources["route_countries"] = special_sources["routes"]
    special_vintage = {
        "routes": "editorial, 2025",
        "route_waypoints": "editorial, 2025",
        "route_countries": "editorial, 2025",
        "indicators": "see indicator_values",
        "headline_figures": "press releases 2010–2025 (see note)",
        "media": "items 2014–2025",
        "news_feeds": "feeds seen 2025",
    }
    for name, df in frames.items():
        meta = dict(DATASET_META[name])
        entry = {
            "file": f"{name}.csv",
            "title": meta["title"],
            "description": meta["description"],
            "sources": special_sources.get(name) or _sources(df),
            "vintage": special_vintage.get(name) or _vintages(df),
            "caveats": meta["caveats"],
        }
        datasets[name] = entry
    return {
        "region": "mtm",
        "title": "Mediterranean Transit Migration dialogue region",
        "built_at": built_at,
        "vintage": "reference data as of June 2025",
        "datasets": datasets,
    }


def write_manifest(manifest: dict, out_dir: Path) -> Path:
    """Write manifest.json; keep the previous built_at when nothing else changed (reproducible)."""
    path = out_dir / "manifest.json"
    if path.exists():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
            if {**old, "built_at": None} == {**manifest, "built_at": None}:
                manifest = {**manifest, "built_at": old["built_at"]}
        except (json.JSONDecodeError, KeyError):
            pass
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    log.info("wrote %s", path)
    return path


# --------------------------------------------------------------------------------------------
# Checks over all outputs
# --------------------------------------------------------------------------------------------


def used_country_codes(frames: dict[str, pd.DataFrame]) -> set[str]:
    """All ISO3 codes used in country columns (special nationality codes excluded)."""
    columns = [
        "iso3",
        "country_iso3",
        "nationality_iso3",
        "origin_iso3",
        "destination_iso3",
        "fmp_iso3",
        "from_iso3",
        "to_iso3",
    ]
    codes: set[str] = set()
    for name, df in frames.items():
        for col in columns:
            if col in df.columns:
                codes |= {c for c in df[col].dropna().astype(str) if c}
        if name == "composition":
            codes |= set(df.loc[df["scope_type"] == "country", "scope_code"])
        if name == "media":
            codes |= {c for cs in df["countries"] for c in cs.split(";") if c}
    return codes - SPECIAL_NATIONALITY_CODES


def check_country_codes(codes: Iterable[str]) -> None:
    """Warn about codes that are not ISO 3166-1 alpha-3 (Kosovo XKX is allowed)."""
    try:
        import pycountry
    except ImportError:  # pragma: no cover - pycountry is in requirements-build.txt
        log.warning("pycountry not installed: ISO3 codes not checked")
        return
    unknown = sorted(c for c in codes if c != "XKX" and pycountry.countries.get(alpha_3=c) is None)
    if unknown:
        raise AssertionError(f"codes not in ISO 3166-1: {unknown}")


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

BUILDERS = {
    "indicators": build_indicators,
    "indicator_values": build_indicator_values,
    "routes": build_routes,
    "route_waypoints": build_route_waypoints,
    "route_countries": build_route_countries,
    "flows": build_flows,
    "arrivals": build_arrivals,
    "incidents": build_incidents,
    "composition": build_composition,
    "corridors": build_corridors,
    "flow_monitoring": build_flow_monitoring,
    "headline_figures": build_headline_figures,
    "media": build_media,
    "news_feeds": build_news_feeds,
}


def run_geo(out_dir: Path, assets_dir: Path, cache_dir: Path, reference_dir: Path) -> None:
    """Call scripts/build_geo.py's build_geo() when it is importable."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    try:
        from build_geo import build_geo  # type: ignore[import-not-found]
    except ImportError as exc:
        log.warning("build_geo not importable (%s): countries files not rebuilt", exc)
        return
    build_geo(out_dir, assets_dir, cache_dir, reference_dir=reference_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reference",
        type=Path,
        default=Path("../shared/reference-data"),
        help="reference data folder (default: ../shared/reference-data)",
    )
    parser.add_argument("--out", type=Path, default=Path("data"), help="output folder (default: data)")
    parser.add_argument(
        "--with-geo", action="store_true", help="also rebuild countries.csv/countries.geojson with build_geo.py"
    )
    parser.add_argument(
        "--assets", type=Path, default=Path("assets"), help="assets folder for build_geo (default: assets)"
    )
    parser.add_argument(
        "--geo-cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "imapdash-geo-cache",
        help="download cache for build_geo",
    )
    parser.add_argument(
        "--built-at",
        default=dt.date.today().isoformat(),
        help="manifest built_at date (default: today; kept when nothing changed)",
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )

    ref: Path = args.reference
    if not (ref / "SOURCES.md").exists():
        parser.error(f"{ref} is not the reference-data folder (no SOURCES.md)")
    args.out.mkdir(parents=True, exist_ok=True)

    frames: dict[str, pd.DataFrame] = {}
    for name, builder in BUILDERS.items():
        frames[name] = builder(ref)
        write_csv(frames[name], args.out, name)

    codes = used_country_codes(frames)
    check_country_codes(codes)
    log.info("country codes used (%d): %s", len(codes), " ".join(sorted(codes)))

    write_manifest(build_manifest(frames, args.built_at), args.out)
    if args.with_geo:
        run_geo(args.out, args.assets, args.geo_cache, ref)
    return 0


if __name__ == "__main__":
    sys.exit(main())
