import pandas as pd

from imapdash.figures.composition import build_composition_breakdown, build_composition_over_time
from imapdash.figures.flows import build_sankey
from imapdash.transforms import composition as comp
from imapdash.transforms.flows import OTHER_NATIONALITIES, nationality_route_sankey


def _comp(rows):
    cols = ["scope_code", "period", "group", "count", "share_pct", "source_org"]
    frame = pd.DataFrame(rows, columns=cols)
    return frame.assign(
        scope_type="country",
        scope_label="Italy",
        period_type="year",
        partial=False,
        population="sea arrivals",
        source_url="https://example.org",
        note="",
        count=frame["count"].astype("Int64"),
    )


ROWS = _comp(
    [
        ["ITA", "2023", "total", 100, None, "DTM"],
        ["ITA", "2023", "men", 70, None, "DTM"],
        ["ITA", "2023", "women", 10, None, "DTM"],
        ["ITA", "2023", "children_accompanied", 5, None, "DTM"],
        ["ITA", "2023", "children_unaccompanied", 10, None, "DTM"],
        ["ITA", "2023", "unknown", 5, None, "DTM"],
        ["ITA", "2021", "men", 30, None, "DTM"],
        ["ITA", "2021", "unknown", 10, None, "DTM"],
        ["ITA", "2021", "children", None, 40.0, "DTM"],
        ["ITA", "2019", "men", 1, None, "Other"],
    ]
)


def test_shares_from_counts_include_unknown_and_sum_to_100():
    series = comp.composition_series(ROWS, "ITA", "DTM", "sea arrivals")
    y23 = series[(series["period"] == "2023") & (series["group"] != "total")]
    assert dict(zip(y23["group"], y23["share_pct"], strict=True)) == {
        "men": 70.0,
        "women": 10.0,
        "children_accompanied": 5.0,
        "children_unaccompanied": 10.0,
        "unknown": 5.0,
    }
    assert y23["share_pct"].sum() == 100.0
    assert set(y23["share_basis"]) == {comp.SHARE_COMPUTED}


def test_published_share_kept_and_total_from_sum_labelled():
    series = comp.composition_series(ROWS, "ITA", "DTM", "sea arrivals").set_index(["period", "group"])
    assert series.loc[("2021", "children"), "share_pct"] == 40.0
    assert series.loc[("2021", "children"), "share_basis"] == comp.SHARE_PUBLISHED
    assert series.loc[("2021", "men"), "share_pct"] == 75.0
    assert series.loc[("2021", "men"), "share_basis"] == comp.SHARE_COMPUTED_SUM


def test_never_mixes_sources_and_lists_gaps():
    series = comp.composition_series(ROWS, "ITA", "DTM", "sea arrivals")
    assert set(series["source_org"]) == {"DTM"}
    assert comp.missing_periods(series, "2019", "2023") == ["2019", "2020", "2022"]
    assert comp.compress_periods(["2014", "2015", "2016", "2019"]) == "2014–2016, 2019"
    assert comp.compress_periods(["2020-11", "2020-12", "2021-01", "2021-05"]) == "2020-11–2021-01, 2021-05"


def test_composition_chart_shows_unknown_and_gap_annotation():
    series = comp.composition_series(ROWS, "ITA", "DTM", "sea arrivals")
    fig = build_composition_over_time(series, mode="share", title="t", gaps=["2022"], period="2023")
    names = [t["name"] for t in fig["data"]]
    assert "Unknown / not specified" in names and "Children, unaccompanied" in names
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    assert "No data for: 2022" in texts
    assert any(t.startswith("Source:") for t in texts)
    periods = fig["layout"]["xaxis"]["categoryarray"]
    # the cursor is placed by category index: a year string would be read as index 2023 (bars in a sliver)
    assert fig["layout"]["shapes"][0]["x0"] == periods.index("2023")


def test_breakdown_for_one_period_in_counts():
    series = comp.composition_series(ROWS, "ITA", "DTM", "sea arrivals")
    fig = build_composition_breakdown(series, "2023", title="t")
    bars = dict(zip(fig["data"][0]["y"], fig["data"][0]["x"], strict=True))
    assert bars == {
        "Men": 70.0,
        "Women": 10.0,
        "Children, accompanied": 5.0,
        "Children, unaccompanied": 10.0,
        "Unknown / not specified": 5.0,
    }


def test_main_series_prefers_the_richest_source():
    assert comp.main_series(ROWS, "ITA") == ("DTM", "sea arrivals")


def test_sankey_ends_at_an_arrival_area_and_keeps_totals():
    flows = pd.DataFrame(
        {
            "route_id": ["cm"] * 3,
            "period": ["2023"] * 3,
            "period_type": ["year"] * 3,
            "nationality_iso3": ["ALL", "GIN", "TUN"],
            "measure": ["detections"] * 3,
            "value": pd.array([1000, 300, 200], dtype="Int64"),
            "source_org": ["Frontex"] * 3,
            "source_url": ["https://example.org"] * 3,
        }
    )
    rc = pd.DataFrame(
        {"route_id": ["cm", "cm", "cm"], "iso3": ["LBY", "ITA", "MLT"], "role": ["departure", "arrival", "arrival"]}
    )
    routes = pd.DataFrame({"route_id": ["cm"], "name": ["Central Mediterranean"]})
    data = nationality_route_sankey(flows, rc, routes, measure="detections", period="2023")
    assert data.labels == ["Central Mediterranean", "GIN", "TUN", OTHER_NATIONALITIES, "Arrival area: ITA, MLT"]
    assert data.value == [300, 200, 500, 1000]
    assert data.link_label[-1].startswith("route arrival area")
    fig = build_sankey(data, unit="detections", title="t")
    assert fig["data"][0]["link"]["value"] == [300, 200, 500, 1000]
    assert fig["layout"]["annotations"][0]["text"].startswith("Source: Frontex")
