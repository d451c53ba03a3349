"""composition.csv: men/women/children groups as published or summed from DTM data."""

from __future__ import annotations

from typing import Any

import pandas as pd

from databuild.citations import cite
from databuild.common import as_int, cell, is_empty, keep_fuller, log, parse_period
from databuild.inputs import Inputs
from databuild.output import columns, key
from databuild.sources import DTM, DTM_EUROPE_URL, DTM_GDIDATA_VINTAGE, publisher

NAME = "composition"

# (group, count column, share column) in reference composition.csv
PUBLISHED_GROUPS = [
    ("total", "total", None),
    ("men", "men", "men_pct"),
    ("women", "women", "women_pct"),
    ("children", None, "children_pct"),
    ("children_accompanied", "children_accompanied", None),
    ("children_unaccompanied", "uasc", "uasc_pct_of_arrivals"),
    ("unknown", "unknown", None),
]
REGION_SCOPES = {"MED", "EU"}


def _row(
    scope_type: str,
    scope_code: str,
    scope_label: str,
    period: str,
    period_type: str,
    partial: int,
    period_label: str,
    population: str,
    group: str,
    count: int | None,
    share: Any,
    source_org: str,
    source_url: str,
    vintage: str,
    note: str,
    status: str = "final",
) -> dict[str, Any]:
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


def _published(inputs: Inputs) -> list[dict[str, Any]]:
    comp = inputs.read("composition.csv")
    rows = []
    for rec in comp.to_dict("records"):
        partial, label = parse_period(rec["period"], rec["year"])
        org = publisher(rec["source_org"])
        vintage = DTM_GDIDATA_VINTAGE if org == DTM else rec["source_org"]
        scope_type = "region" if rec["code"] in REGION_SCOPES else "country"
        base_note = "" if is_empty(rec["note"]) else rec["note"]
        for group, count_col, share_col in PUBLISHED_GROUPS:
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
                _row(
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


def _libya(inputs: Inputs) -> list[dict[str, Any]]:
    lby = inputs.read("dtm_libya_migrants_by_round.csv")
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
                _row(
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


def _fm_rows(
    sums: dict[str, int], scope_type: str, scope_code: str, scope_label: str, year: int, source_url: str, note: str
) -> list[dict[str, Any]]:
    partial, label = (1, f"{year} (Jan–Jul, partial)") if year == 2024 else (0, str(year))
    return [
        _row(
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


def _flow_monitoring(inputs: Inputs) -> list[dict[str, Any]]:
    rows = []
    wca = inputs.read("dtm_wca_flows_demographics_yearly.csv")
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
    ehoa = inputs.read("dtm_ehoa_flows_demographics_yearly.csv")
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
    corridors = dict(
        zip(inputs.curated.dtm_corridors["dtm_corridor"], inputs.curated.dtm_corridors["route_id"], strict=True)
    )
    names = inputs.curated.route_names()
    mapped = ehoa[ehoa["route"].isin(corridors)]
    for (year, route), grp in mapped.groupby(["year", "route"]):
        rid = corridors[route]
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


def _italy_monthly(inputs: Inputs) -> list[dict[str, Any]]:
    dmg = inputs.read("raw/iom-gdidata/dtm_med_dmg_monthly.csv")
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
        _row(
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


def build(inputs: Inputs) -> pd.DataFrame:
    """Composition rows; shares only as published (never computed here)."""
    rows = _published(inputs) + _libya(inputs) + _flow_monitoring(inputs) + _italy_monthly(inputs)
    df = pd.DataFrame(rows, columns=columns(NAME))
    df = keep_fuller(df, key(NAME), ["count", "share_pct"], NAME)
    df = cite(df, inputs.curated, document_column="vintage")
    df["count"] = df["count"].astype("Int64")
    assert (df["count"].dropna() >= 0).all()
    assert df["share_pct"].dropna().between(0, 100).all()
    return df.reset_index(drop=True)
