"""flows.csv: Frontex detections, IOM MMP dead and missing, UNHCR sea movements per route and period."""

from __future__ import annotations

from typing import Any

import pandas as pd

from databuild.common import as_int, flow_status, is_empty, log, parse_period
from databuild.inputs import Inputs
from databuild.output import columns
from databuild.sources import FRONTEX, FRONTEX_URL, FRONTEX_VINTAGE, MMP, MMP_URL, MMP_VINTAGE, UNHCR

NAME = "flows"
FRONTEX_TOTAL = "ALL ROUTES (EU external borders total)"


def _flow(
    route_id: str,
    period: str,
    period_type: str,
    nat: str,
    measure: str,
    value: Any,
    *,
    source_org: str,
    source_url: str,
    vintage: str,
    label: str | None = None,
    partial: int = 0,
) -> dict[str, Any]:
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


def _frontex_yearly(inputs: Inputs) -> list[dict[str, Any]]:
    det = inputs.read("frontex_detections_by_route.csv")
    totals = det[det["route"] == FRONTEX_TOTAL].set_index("year")["detections"]
    routes = det[det["route"] != FRONTEX_TOTAL]
    by_year = routes.groupby("year")["detections"].sum()
    assert (by_year == totals.reindex(by_year.index)).all(), "Frontex route sum != ALL ROUTES"
    assert int(by_year[2023]) == 381319
    spot = routes.set_index(["route", "year"])["detections"]
    assert spot[("Eastern Mediterranean Route", 2015)] == 885386
    assert spot[("Central Mediterranean Route", 2023)] == 158026
    assert spot[("Western African Route", 2024)] == 46820
    lookup = inputs.curated.route_lookup("frontex_route")
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
    nat = inputs.read("frontex_top_nationalities.csv", keep_default_na=False)
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


def _frontex_monthly(inputs: Inputs) -> list[dict[str, Any]]:
    raw = inputs.read("raw/iom-gdidata/frontex_monthly_route_nationality.csv", keep_default_na=False)
    det = inputs.read("frontex_detections_by_route.csv").set_index(["route", "year"])["detections"]
    by_nat = raw.groupby(["route", "month", "nat"], as_index=False)["n"].sum()  # sea + land
    by_route = raw.groupby(["route", "month"], as_index=False)["n"].sum()
    check = by_route.assign(year=by_route["month"].str[:4].astype(int)).groupby(["route", "year"])["n"].sum()
    assert (check == det.reindex(check.index)).all(), "Frontex monthly sums != yearly route totals"
    lookup = inputs.curated.route_lookup("frontex_route")
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


def _mmp_flows(inputs: Inputs) -> list[dict[str, Any]]:
    lookup = inputs.curated.route_lookup("mmp_route")
    yearly = inputs.read("missing_migrants_by_route.csv")
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
    inc = inputs.read("raw/iom-gdidata/iom_mmp_incidents.csv")
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


def _unhcr_sea_flows(inputs: Inputs) -> list[dict[str, Any]]:
    sea = inputs.read("unhcr_sea_movements_by_route.csv")
    full = sea[sea["period"].astype(str) == sea["year"].astype(str)]
    log.info(
        "UNHCR sea movements: skipped %d Jan–Sep 2022 rows (earlier page vintage, partial year)", len(sea) - len(full)
    )
    lookup = inputs.curated.route_lookup("unhcr_route")
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


def build(inputs: Inputs) -> pd.DataFrame:
    """Flows per route and period from every publisher, side by side (never mixed in one series)."""
    rows = _frontex_yearly(inputs) + _frontex_monthly(inputs) + _mmp_flows(inputs) + _unhcr_sea_flows(inputs)
    df = pd.DataFrame(rows, columns=columns(NAME))
    assert (df["value"] >= 0).all()
    assert (df.loc[df["period"].str.startswith("2025"), "restricted"] == 1).all()
    return df
