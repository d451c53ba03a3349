"""Every generated key fact of the five reference profiles, checked against the bundled rows of data/.

The expectations are recomputed here from the CSV files with plain pandas (not through
imapdash.transforms.profile), so a wrong filter, year or rank in the transform fails a test.
"""

from __future__ import annotations

import pandas as pd
import pytest

from imapdash.datasets import load_datasets
from imapdash.transforms.profile import key_facts
from imapdash.urlstate import parse_query
from imapdash.views import profile
from imapdash.views.profile.common import country_names
from imapdash.views.profile.facts import fact_text, ordinal
from tests.conftest import BUNDLED_DATA

COUNTRIES = ("TUN", "NER", "ETH", "LBY", "ITA")
SPECIAL = {"ALL", "OOO", "OOS", "STL", "UNK"}


@pytest.fixture(scope="module")
def datasets():
    return load_datasets(BUNDLED_DATA)


@pytest.fixture(scope="module")
def raw():
    def read(name):
        return pd.read_csv(BUNDLED_DATA / f"{name}.csv", dtype={"period": str, "period_label": str})

    return {n: read(n) for n in ("flows", "indicator_values", "corridors", "arrivals", "incidents")} | {
        "flow_monitoring": read("flow_monitoring"),
        "composition": read("composition"),
    }


@pytest.fixture(scope="module")
def facts(datasets):
    return {iso3: {f.key: f for f in key_facts(datasets.tables, iso3)} for iso3 in COUNTRIES}


def latest(values: pd.DataFrame, iso3: str, indicator: str) -> pd.Series:
    rows = values[(values["iso3"] == iso3) & (values["indicator_id"] == indicator) & (values["restricted"] == 0)]
    return rows.sort_values("year").iloc[-1]


@pytest.mark.parametrize("iso3", COUNTRIES)
def test_detection_rank_is_the_rank_among_nationalities_of_the_route_year(facts, raw, iso3):
    flows = raw["flows"]
    det = flows[(flows["measure"] == "detections") & (flows["restricted"] == 0) & (flows["period_type"] == "month")]
    det = det.assign(year=det["period"].str[:4].astype(int))
    sums = det.groupby(["route_id", "year", "nationality_iso3"])["value"].sum()
    if iso3 == "ITA":
        assert iso3 not in set(sums.index.get_level_values("nationality_iso3"))
        assert "detections_rank" not in facts[iso3]  # Frontex counts no Italians on any route
        return
    own = sums.xs(iso3, level="nationality_iso3")
    fact = facts[iso3]["detections_rank"]
    year = int(own.index.get_level_values("year").max())
    route = own.xs(year, level="year").idxmax()
    peers = sums.loc[(route, year)]
    peers = peers[~peers.index.isin(SPECIAL)]
    assert (fact.values["route_id"], fact.values["year"]) == (route, year)
    assert fact.values["value"] == int(own.loc[(route, year)])
    assert fact.values["rank"] == int((peers > peers[iso3]).sum()) + 1
    assert fact.source_org == "Frontex" and fact.source_url.startswith("https://www.frontex.europa.eu/")


def test_tunisians_third_on_the_central_mediterranean_in_2024_as_frontex_yearly_rows_say(facts, raw):
    flows = raw["flows"]
    yearly = flows[
        (flows["route_id"] == "central-mediterranean")
        & (flows["period"] == "2024")
        & (flows["measure"] == "detections")
        & (~flows["nationality_iso3"].isin(SPECIAL))
    ].sort_values("value", ascending=False)
    assert list(yearly["nationality_iso3"]).index("TUN") + 1 == facts["TUN"]["detections_rank"].values["rank"] == 3


@pytest.mark.parametrize("iso3", COUNTRIES)
def test_immigrant_and_emigrant_facts_match_un_desa_rows(facts, raw, iso3):
    stock = latest(raw["indicator_values"], iso3, "migrant_stock_total")
    fact = facts[iso3]["immigrants"]
    assert (fact.values["year"], fact.values["value"]) == (int(stock["year"]), float(stock["value"]))
    corridors = raw["corridors"]
    into = corridors[corridors["destination_iso3"] == iso3]
    into = into[into["year"] == into["year"].max()].sort_values("total", ascending=False)
    assert fact.values["top"] == list(into["origin_iso3"][:3])
    out = corridors[corridors["origin_iso3"] == iso3]
    out = out[out["year"] == out["year"].max()].sort_values("total", ascending=False)
    emigrants = facts[iso3]["emigrants"]
    assert emigrants.values["top"] == list(out["destination_iso3"][:3])
    assert emigrants.values["values"] == [int(v) for v in out["total"][:3]]
    assert fact.source_org == emigrants.source_org == "UN DESA"


@pytest.mark.parametrize("iso3", COUNTRIES)
def test_refugee_and_remittance_facts_are_the_latest_public_rows(facts, raw, iso3):
    values = raw["indicator_values"]
    hosted = latest(values, iso3, "refugees_hosted")
    fact = facts[iso3]["refugees"]
    assert (fact.values["value"], fact.values["period"]) == (float(hosted["value"]), hosted["period_label"])
    received = latest(values, iso3, "remittances_received_usd")
    share = latest(values, iso3, "remittances_received_pct_gdp")
    money = facts[iso3]["remittances"]
    assert (money.values["year"], money.values["value"]) == (int(received["year"]), float(received["value"]))
    assert money.values["pct_gdp"] == float(share["value"])
    assert (fact.source_org, money.source_org) == ("UNHCR", "World Bank")


@pytest.mark.parametrize("iso3", COUNTRIES)
def test_dead_and_missing_fact_sums_the_incidents_of_complete_years(facts, raw, iso3):
    incidents = raw["incidents"]
    dates = pd.to_datetime(incidents["date"])
    last_complete = dates.max().year - (0 if dates.max().month == 12 else 1)
    own = incidents[(incidents["country_iso3"] == iso3) & (dates.dt.year <= last_complete)]
    by_year = own.groupby(dates[own.index].dt.year)["dead_missing"].sum()
    fact = facts[iso3]["dead_missing"]
    assert fact.values["year"] == last_complete == 2024
    assert fact.values["value"] == int(by_year[last_complete])
    assert fact.values["since"] == int(by_year.sum())
    assert fact.values["first_year"] == int(by_year.index.min())


def test_italy_arrivals_fact_is_the_iom_dtm_yearly_total(facts, raw):
    arrivals = raw["arrivals"]
    rows = arrivals[
        (arrivals["country_code"] == "ITA")
        & (arrivals["period_type"] == "year")
        & (arrivals["nationality_iso3"] == "ALL")
        & (arrivals["source_org"] == "IOM DTM")
    ].sort_values("period")
    fact = facts["ITA"]["arrivals"]
    assert (fact.values["year"], fact.values["value"]) == (int(rows["period"].iloc[-1]), rows["arrivals"].iloc[-1])
    assert "arrivals" not in facts["TUN"]


def test_niger_flow_monitoring_fact_sums_its_monitoring_points(facts, raw):
    fm = raw["flow_monitoring"]
    niger = fm[fm["fmp_iso3"] == "NER"]
    year = int(niger["year"].max())
    fact = facts["NER"]["flow_monitoring"]
    assert (fact.values["year"], fact.values["value"]) == (
        year,
        int(niger.loc[niger["year"] == year, "individuals"].sum()),
    )
    comp = raw["composition"]
    comp = comp[(comp["scope_code"] == "NER") & (comp["period"] == str(year))].set_index("group")["count"]
    assert fact.values["children_pct"] == pytest.approx(comp["children"] / comp["total"] * 100)
    assert "flow_monitoring" not in facts["TUN"]


def test_fact_sentences_carry_the_numbers_in_each_language(datasets, facts):
    names = {lang: country_names(datasets.countries, lang) for lang in ("en", "fr", "ar")}
    fact = facts["TUN"]["detections_rank"]
    assert fact_text(fact, "en", names["en"], {}) == (
        "Nationals of Tunisia were the 3rd most detected nationality on the Central Mediterranean route in 2024 "
        "(7,741 detections of illegal border-crossing)."
    )
    assert "7\u202f741" in fact_text(fact, "fr", names["fr"], {}) and "Tunisie" in fact_text(
        fact, "fr", names["fr"], {}
    )
    assert "تونس" in fact_text(fact, "ar", names["ar"], {})
    assert [ordinal(n, "en") for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
    ]


@pytest.mark.parametrize("iso3", COUNTRIES)
def test_each_reference_profile_has_six_sections_with_data_and_cited_facts(datasets, iso3):
    page = profile.layout(datasets, path=f"/country/{iso3}", query=parse_query(""))
    sections = [c for c in page._traverse() if getattr(c, "className", "") and "profile-section" in str(c.className)]
    with_data = [getattr(s, "data-section") for s in sections if getattr(s, "data-has-data", None) == "1"]
    assert len(with_data) >= 6, with_data
    facts = [c for c in page._traverse() if getattr(c, "className", None) == "profile-fact"]
    assert len(facts) >= 6
    for fact in facts:
        if getattr(fact, "data-fact") == "routes":
            continue  # the routes sentence is our own editorial reading, not a published figure
        links = [c for c in fact._traverse() if getattr(c, "href", None)]
        assert links and links[0].href.startswith("https://"), getattr(fact, "data-fact")
