"""The second region: East and Horn of Africa and the Great Lakes, from the same reference figures.

`python -m databuild region-ehoa --reference ../shared/reference-data --out examples/regions/east-horn-great-lakes`

Every table is the bundled build's (the same builders over the same reference files) cut to what concerns the
region, plus two tables made here from IOM DTM East and Horn of Africa flow monitoring
(`dtm_ehoa_flows_demographics_yearly.csv`): movements observed per flow-monitoring country and year (an indicator)
and their composition (men, women, children, unaccompanied children) per DTM corridor and year. Only sums of
published rows; no number is made up. Boundaries and country names are the bundled `data/countries.*`
(built from the same reference by `databuild --with-geo`); the region's countries are flagged `partner`.

No media, news feeds, arrivals in Europe or Frontex-style headline figures: the region has none in the
reference data, so those files are absent and the views that need them say so (docs/new-region.md).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from databuild.cli import build_all
from databuild.common import log
from databuild.output import write_csv, write_manifest
from databuild.sources import DTM, DTM_GDIDATA_VINTAGE
from imapdash.datasets.schema import GEOMETRY_FILE, MANIFEST_FILE

NAME = "east-horn-great-lakes"
# IOM's East and Horn of Africa region and the Great Lakes (DR Congo): the countries the region's presets
# frame and flag as `partner` (a definition of scope, not a figure)
REGION_COUNTRIES = ("BDI", "COD", "DJI", "ERI", "ETH", "KEN", "RWA", "SDN", "SOM", "SSD", "TZA", "UGA")
HORN = ("DJI", "ERI", "ETH", "SOM")
GREAT_LAKES = ("BDI", "COD", "RWA", "TZA", "UGA")
# the Eastern route's other end: where the DTM and Missing Migrants data place its movements and deaths
GULF = ("DJI", "ETH", "SOM", "YEM", "SAU", "OMN")
ROUTE_REGION = "horn-of-africa"
DTM_EHOA_FILE = "dtm_ehoa_flows_demographics_yearly.csv"
DTM_EHOA_URL = "https://dtm.iom.int/east-and-horn-africa"
DTM_LAST_MONTH = {2024: "Jan–Jul"}  # SOURCES.md: East & Horn of Africa flow monitoring 2018–Jul 2024
FM_INDICATOR = "fm_movements_observed"
# DTM's corridor names (as spelled in the file) -> the route ids of routes.csv (the same four routes IOM MMP codes)
DTM_CORRIDORS = {
    "Eastern Corridor": "ehoa-eastern",
    "Nothern Corridor": "ehoa-northern",
    "Southern Corridor": "ehoa-southern",
    "HoA Corridor": "ehoa-horn-of-africa",
}

REGION_CONFIG: dict[str, Any] = {
    "id": "ehoa",
    "name": {
        "en": "East and Horn of Africa and the Great Lakes",
        "fr": "Afrique de l'Est, Corne de l'Afrique et Grands Lacs",
        "ar": "شرق أفريقيا والقرن الأفريقي ومنطقة البحيرات العظمى",
    },
    "partner_label": {
        "en": {"one": "country of the region", "many": "countries of the region"},
        "fr": {"one": "pays de la région", "many": "pays de la région"},
        "ar": {"one": "بلد من بلدان المنطقة", "many": "بلدان المنطقة"},
    },
    "presets": [
        {
            "id": "region",
            "name": {
                "en": "East, Horn and Great Lakes",
                "fr": "Est, Corne et Grands Lacs",
                "ar": "الشرق والقرن والبحيرات",
            },
            "countries": "partners",
        },
        {
            "id": "horn",
            "name": {"en": "Horn of Africa", "fr": "Corne de l'Afrique", "ar": "القرن الأفريقي"},
            "countries": list(HORN),
        },
        {
            "id": "great-lakes",
            "name": {"en": "Great Lakes", "fr": "Grands Lacs", "ar": "البحيرات العظمى"},
            "countries": list(GREAT_LAKES),
        },
        {
            "id": "gulf",
            "name": {"en": "Horn, Yemen and the Gulf", "fr": "Corne, Yémen et Golfe", "ar": "القرن واليمن والخليج"},
            "countries": list(GULF),
        },
        {"id": "africa", "name": {"en": "Africa", "fr": "Afrique", "ar": "أفريقيا"}, "countries": {"region": "Africa"}},
        {
            "id": "world",
            "name": {"en": "World", "fr": "Monde", "ar": "العالم"},
            "countries": "all",
            "frame": {"lon": [-180.0, 180.0], "lat": [-58.0, 84.0]},
        },
    ],
    "default_preset": "region",
    "default_indicator": "fm_movements_observed",
    "languages": ["en", "fr", "ar"],
    "layers": ["mixed_migration", "migration_development"],
    "measures": ["dead_missing"],
}


def _in_region(codes: pd.Series) -> pd.Series:
    return codes.astype(str).isin(REGION_COUNTRIES)


def countries(bundled: Path) -> pd.DataFrame:
    """The bundled countries with the region's countries flagged as partners."""
    frame = pd.read_csv(bundled / "countries.csv", dtype=str, keep_default_na=False)
    frame["partner"] = _in_region(frame["iso3"]).astype(int).astype(str)
    frame["partner_group"] = ""
    return frame


def dtm_ehoa(ref: Path) -> pd.DataFrame:
    return pd.read_csv(ref / DTM_EHOA_FILE, keep_default_na=False)


def period_label(year: int) -> str:
    months = DTM_LAST_MONTH.get(year)
    return f"{year} ({months})" if months else str(year)


def fm_indicator_values(fm: pd.DataFrame) -> pd.DataFrame:
    """Movements observed per flow-monitoring country and year: the sum of DTM's sex × age rows."""
    totals = fm.groupby(["fmp_country", "year"], as_index=False)["individuals"].sum()
    return pd.DataFrame(
        {
            "iso3": totals["fmp_country"],
            "indicator_id": FM_INDICATOR,
            "year": totals["year"],
            "value": totals["individuals"],
            "period_label": [period_label(int(y)) for y in totals["year"]],
            "status": ["provisional" if int(y) in DTM_LAST_MONTH else "final" for y in totals["year"]],
            "restricted": 0,
            "source_org": DTM,
            "source_url": DTM_EHOA_URL,
            "vintage": DTM_GDIDATA_VINTAGE,
        }
    )


FM_INDICATOR_ROW = {
    "indicator_id": FM_INDICATOR,
    "layer": "mixed_migration",
    "label": "Movements observed at flow monitoring points",
    "description": (
        "IOM DTM East and Horn of Africa flow monitoring: movements counted at the country's flow monitoring "
        "points in the year (sum of DTM's records). Movements, not persons; includes short-distance, seasonal "
        "and return movements. 2024 covers January to July."
    ),
    "unit": "persons",
    "scale": "log",
    "decimals": 0,
    "source_org": DTM,
    "source_url": DTM_EHOA_URL,
}


def fm_composition(fm: pd.DataFrame) -> pd.DataFrame:
    """Men, women, children and unaccompanied children per DTM corridor and year (sums of DTM's rows)."""
    fm = fm[fm["route"].isin(list(DTM_CORRIDORS))]
    rows: list[dict[str, Any]] = []
    for (route, year), part in fm.groupby(["route", "year"]):
        known = part[(part["sex"] != "unknown") & (part["age"] != "unknown")]
        groups = {
            "total": int(part["individuals"].sum()),
            "men": int(known.loc[(known["sex"] == "male") & (known["age"] == "adults"), "individuals"].sum()),
            "women": int(known.loc[(known["sex"] == "female") & (known["age"] == "adults"), "individuals"].sum()),
            "children": int(known.loc[known["age"] == "children", "individuals"].sum()),
            "children_unaccompanied": int(part["uac"].sum()),
            "unknown": int(part.loc[(part["sex"] == "unknown") | (part["age"] == "unknown"), "individuals"].sum()),
        }
        for group, count in groups.items():
            rows.append(
                {
                    "scope_type": "route",
                    "scope_code": DTM_CORRIDORS[str(route)],
                    "scope_label": f"{route} (IOM DTM flow monitoring)".replace("Nothern", "Northern"),
                    "period": str(year),
                    "period_type": "year",
                    "partial": int(int(year) in DTM_LAST_MONTH),
                    "period_label": period_label(int(year)),
                    "population": "movements observed at flow monitoring points",
                    "group": group,
                    "count": count,
                    "share_pct": "",
                    "status": "provisional" if int(year) in DTM_LAST_MONTH else "final",
                    "restricted": 0,
                    "source_org": DTM,
                    "source_url": DTM_EHOA_URL,
                    "vintage": DTM_GDIDATA_VINTAGE,
                    "note": "sums of DTM's sex × age records; unaccompanied children are part of children",
                    "document": "",
                    "consulted_copy_url": "",
                    "consulted_outlet": "",
                }
            )
    return pd.DataFrame(rows)


def cut(frames: dict[str, pd.DataFrame], countries: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The bundled tables cut to the region: its routes, their flows and incidents, corridors touching it,
    indicator values of African countries and of the Eastern route's far end (Yemen and the Gulf)."""
    near = set(countries.loc[countries["region"] == "Africa", "iso3"]) | set(GULF)
    values = frames["indicator_values"]
    routes = frames["routes"][frames["routes"]["region"] == ROUTE_REGION]
    route_ids = set(routes["route_id"])
    corridors = frames["corridors"]
    documents = frames["country_documents"]
    return {
        "indicators": frames["indicators"],
        "indicator_values": values[values["iso3"].isin(near)],
        "routes": routes,
        "route_waypoints": frames["route_waypoints"][frames["route_waypoints"]["route_id"].isin(route_ids)],
        "route_countries": frames["route_countries"][frames["route_countries"]["route_id"].isin(route_ids)],
        "flows": frames["flows"][frames["flows"]["route_id"].isin(route_ids)],
        "incidents": frames["incidents"][frames["incidents"]["route_id"].isin(route_ids)],
        "corridors": corridors[_in_region(corridors["origin_iso3"]) | _in_region(corridors["destination_iso3"])],
        "country_documents": documents[_in_region(documents["iso3"])],
        "publishers": frames["publishers"],
    }


def build_region(ref: Path, out: Path, bundled: Path, *, built_at: str) -> dict[str, pd.DataFrame]:
    """Build the region's directory: the bundled build cut to the region, plus the DTM EHoA tables."""
    with tempfile.TemporaryDirectory(prefix="databuild-ehoa-") as tmp:
        frames = build_all(ref, Path(tmp), built_at=built_at)
        full_manifest = json.loads((Path(tmp) / MANIFEST_FILE).read_text(encoding="utf-8"))
    tables = cut(frames, countries(bundled))
    fm = dtm_ehoa(ref)
    indicators = pd.concat([tables["indicators"], pd.DataFrame([FM_INDICATOR_ROW])], ignore_index=True)
    tables["indicators"] = indicators
    tables["indicator_values"] = pd.concat([tables["indicator_values"], fm_indicator_values(fm)], ignore_index=True)
    shown = set(tables["indicator_values"]["indicator_id"])
    tables["indicators"] = indicators[indicators["indicator_id"].isin(shown)]  # none without a value here
    tables["composition"] = fm_composition(fm)
    tables["countries"] = countries(bundled)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.csv"):
        stale.unlink()  # a file the region no longer has must not linger
    for name, frame in tables.items():
        write_csv(frame, out, name)
    shutil.copy(bundled / GEOMETRY_FILE, out / GEOMETRY_FILE)
    write_manifest(manifest(full_manifest, tables, built_at), out)
    log.info("region %s: %d files in %s", NAME, len(tables) + 2, out)
    return tables


def manifest(full: dict[str, Any], tables: dict[str, pd.DataFrame], built_at: str) -> dict[str, Any]:
    """The bundled manifest's entries for the files the region has, with its own region object and texts."""
    datasets = {
        name: entry for name, entry in full["datasets"].items() if name in tables or name == "countries_geojson"
    }
    datasets["countries"] = {
        **datasets["countries"],
        "description": "Country codes, names, UN M49 regions and label points; `partner` flags the region's "
        "countries (" + ", ".join(REGION_COUNTRIES) + ").",
        "caveats": ["Boundaries and names do not imply endorsement by the countries of the region or by IOM."],
    }
    datasets["composition"] = {
        "file": "composition.csv",
        "title": "Composition of movements by corridor",
        "description": "IOM DTM East and Horn of Africa flow monitoring: men, women, children and unaccompanied "
        "children among the movements observed on each corridor, per year (sums of DTM's records).",
        "sources": [{"org": DTM, "url": DTM_EHOA_URL}],
        "vintage": DTM_GDIDATA_VINTAGE,
        "caveats": [
            "Movements observed at flow monitoring points, not persons; 2024 covers January to July.",
            "DTM's corridors are matched to the routes IOM Missing Migrants codes with the same names.",
        ],
    }
    datasets["indicator_values"] = {
        **datasets["indicator_values"],
        "description": datasets["indicator_values"]["description"]
        + " Plus movements observed at flow monitoring points (IOM DTM East and Horn of Africa).",
    }
    return {
        "region": REGION_CONFIG,
        "title": REGION_CONFIG["name"]["en"],
        "built_at": built_at,
        "vintage": full["vintage"],
        "datasets": datasets,
    }
