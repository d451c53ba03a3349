import pandas as pd
import pytest

from imapdash.transforms.indicators import (
    AGGREGATE_LABEL,
    corridor_values,
    country_latest,
    latest_per_country,
    nearest_year,
    next_year,
    partner_aggregate,
    ranking,
    routes_for_country,
    value_range,
    values_for_year,
    years_with_data,
)


def _values(rows):
    frame = pd.DataFrame(rows, columns=["iso3", "indicator_id", "year", "value"])
    frame["year"] = frame["year"].astype("Int64")
    frame["period_label"] = frame["year"].astype(str)
    frame["status"] = "final"
    frame["source_org"] = "UN DESA"
    frame["source_url"] = "https://un.org/x"
    frame["vintage"] = "IMS 2024"
    return frame


VALUES = _values(
    [
        ("ITA", "stock", 2020, 6000.0),
        ("ITA", "stock", 2024, 6500.0),
        ("TUN", "stock", 2024, 60.0),
        ("LBY", "stock", 2020, 800.0),
        ("ITA", "share", 2020, 10.5),
        ("TUN", "share", 2020, 0.5),
        ("GIN", "stock", 2024, 7.0),
    ]
)


def test_years_with_data_are_sorted_and_per_indicator():
    assert years_with_data(VALUES, "stock") == [2020, 2024]
    assert years_with_data(VALUES, "share") == [2020]
    assert years_with_data(VALUES, "nope") == []


def test_nearest_and_next_year():
    assert nearest_year([1990, 2000, 2005], 2001) == 2000
    assert nearest_year([2000, 2004], 2002) == 2004  # tie: the later year
    assert nearest_year([2000, 2004], None) == 2004
    assert nearest_year([], 2000) is None
    assert next_year([2000, 2005, 2010], 2005) == 2010
    assert next_year([2000, 2005, 2010], 2010) == 2000


def test_values_for_year_only_has_countries_with_a_value():
    frame = values_for_year(VALUES, "stock", 2024)
    assert frame["iso3"].tolist() == ["ITA", "TUN", "GIN"]
    assert frame["value"].tolist() == [6500.0, 60.0, 7.0]
    assert "LBY" not in frame["iso3"].tolist()  # no 2024 value: no data, not 0


def test_value_range_spans_all_years():
    assert value_range(VALUES, "stock") == (7.0, 6500.0)
    assert value_range(VALUES, "nope") is None


def test_latest_value_per_country():
    latest = latest_per_country(VALUES, "stock")
    years = dict(zip(latest["iso3"], latest["year"], strict=True))
    assert years == {"GIN": 2024, "ITA": 2024, "LBY": 2020, "TUN": 2024}
    assert latest.set_index("iso3").loc["LBY", "value"] == 800.0


def test_ranking_is_largest_first_and_cut():
    top = ranking(values_for_year(VALUES, "stock", 2024), n=2)
    assert top["iso3"].tolist() == ["ITA", "TUN"]


def test_partner_aggregate_sums_reporting_partners_per_year():
    agg = partner_aggregate(VALUES, "stock", ["ITA", "TUN", "LBY"], "persons")
    assert agg["year"].tolist() == [2020, 2024]
    assert agg["value"].tolist() == [6800.0, 6560.0]  # GIN is not a partner
    assert agg["n_reporting"].tolist() == [2, 2]
    assert agg["n_partners"].tolist() == [3, 3]
    assert "sum of reporting partner states" in AGGREGATE_LABEL


def test_partner_aggregate_is_empty_for_percentages():
    assert partner_aggregate(VALUES, "share", ["ITA", "TUN"], "percent").empty


def test_corridor_values_both_directions():
    corridors = pd.DataFrame(
        {
            "origin_iso3": ["TUN", "LBY", "TUN"],
            "destination_iso3": ["ITA", "ITA", "FRA"],
            "year": pd.array([2024, 2024, 2024], dtype="Int64"),
            "total": pd.array([200, 50, 300], dtype="Int64"),
            "source_org": "UN DESA",
            "source_url": "https://un.org/x",
            "vintage": "IMS 2024",
        }
    )
    origins = corridor_values(corridors, "ITA", 2024, "origins")
    assert origins["iso3"].tolist() == ["TUN", "LBY"]
    assert origins["value"].tolist() == [200.0, 50.0]
    destinations = corridor_values(corridors, "TUN", 2024, "destinations")
    assert destinations["iso3"].tolist() == ["FRA", "ITA"]
    assert corridor_values(corridors, None, 2024, "origins").empty


def test_country_latest_has_every_indicator_with_label_and_layer():
    indicators = pd.DataFrame(
        {
            "indicator_id": ["share", "stock"],
            "label": ["Share", "Stock"],
            "layer": ["migration_development", "migration_development"],
            "unit": ["percent", "persons"],
            "decimals": pd.array([1, 0], dtype="Int64"),
        }
    )
    latest = country_latest(VALUES, indicators, "ITA")
    assert latest["indicator_id"].tolist() == ["share", "stock"]
    assert latest["value"].tolist() == [10.5, 6500.0]
    assert latest["year"].tolist() == [2020, 2024]


def test_routes_for_country_joins_names_and_roles():
    route_countries = pd.DataFrame(
        {"route_id": ["cm", "cm", "wm"], "iso3": ["TUN", "TUN", "MAR"], "role": ["departure", "transit", "departure"]}
    )
    routes = pd.DataFrame({"route_id": ["cm", "wm"], "name": ["Central Mediterranean", "Western Mediterranean"]})
    found = routes_for_country(route_countries, routes, "TUN")
    assert found.to_dict("records") == [
        {"route_id": "cm", "name": "Central Mediterranean", "roles": "departure, transit"}
    ]
    assert routes_for_country(route_countries, routes, "ITA").empty


@pytest.mark.parametrize("indicator", ["stock", "share"])
def test_values_for_year_keeps_source_columns(indicator):
    frame = values_for_year(VALUES, indicator, 2020)
    assert set(frame["source_org"]) == {"UN DESA"}
