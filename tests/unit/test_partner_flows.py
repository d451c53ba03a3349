"""Pure parts of the partner area: monthly filter, URL state, overrides, diff and the figure."""

from __future__ import annotations

import pandas as pd

from imapdash.figures.partner import preliminary_flows_figure
from imapdash.figures.sources import SOURCE_NOTE_NAME
from imapdash.partner.flows import parse_route, preliminary_monthly, route_query
from imapdash.partner.submissions import apply_overrides, diff_against_current

FLOWS = pd.DataFrame(
    {
        "route_id": ["cm", "cm", "cm", "wm", "cm"],
        "period": ["2025-02", "2025-01", "2025", "2025-01", "2025-01"],
        "period_type": ["month", "month", "year", "month", "month"],
        "nationality_iso3": ["ALL", "ALL", "ALL", "ALL", "TUN"],
        "measure": ["detections"] * 5,
        "value": [120.0, 99.0, 500.0, 40.0, 7.0],
        "period_label": ["2025-02 (preliminary)", "2025-01 (preliminary)", "2025", "2025-01 (preliminary)", "x"],
        "status": ["preliminary"] * 5,
        "source_org": ["Frontex"] * 5,
        "source_url": ["https://www.frontex.europa.eu/"] * 5,
        "vintage": ["2025-06-03"] * 5,
    }
)
VALUES = pd.DataFrame(
    {
        "iso3": ["TUN", "ITA"],
        "indicator_id": ["stock", "stock"],
        "year": pd.array([2024, 2024], dtype="Int64"),
        "value": [60.0, 6500.0],
        "period_label": ["2024", "2024"],
        "source_org": ["UN DESA", "UN DESA"],
    }
)


def test_preliminary_monthly_keeps_all_nationality_months_sorted():
    out = preliminary_monthly(FLOWS)
    assert out[["route_id", "period", "value"]].values.tolist() == [
        ["cm", "2025-01", 99.0],
        ["cm", "2025-02", 120.0],
        ["wm", "2025-01", 40.0],
    ]
    assert preliminary_monthly(FLOWS, "wm")["value"].tolist() == [40.0]


def test_route_url_state_round_trip_and_unknown_route():
    routes = frozenset({"cm", "wm"})
    assert parse_route(route_query("cm"), routes) == "cm"
    assert parse_route("?route=evil", routes) is None
    assert parse_route(None, routes) is None
    assert route_query(None) == ""


def test_apply_overrides_replaces_by_key_and_adds_new_rows():
    overrides = VALUES.iloc[[0]].assign(value=65.0, source_org="INS Tunisia")
    extra = overrides.assign(year=pd.array([2025], dtype="Int64"), value=70.0)
    out = apply_overrides(VALUES, pd.concat([overrides, extra]))
    assert out[["iso3", "year", "value", "source_org"]].values.tolist() == [
        ["ITA", 2024, 6500.0, "UN DESA"],
        ["TUN", 2024, 65.0, "INS Tunisia"],
        ["TUN", 2025, 70.0, "INS Tunisia"],
    ]
    assert apply_overrides(VALUES, VALUES.iloc[0:0]) is VALUES
    assert VALUES["value"].tolist() == [60.0, 6500.0]  # input untouched


def test_diff_against_current_labels_changes():
    upload = pd.DataFrame(
        {
            "iso3": ["TUN", "TUN", "ITA"],
            "indicator_id": ["stock", "other", "stock"],
            "year": pd.array([2024, 2024, 2024], dtype="Int64"),
            "value": [65.0, 1.0, 6500.0],
        }
    )
    diff = diff_against_current(upload, VALUES)
    assert diff["change"].tolist() == ["changed", "new", "unchanged"]
    assert diff["old"].tolist()[0] == 60.0 and pd.isna(diff["old"].tolist()[1])


def test_figure_shows_months_per_route_with_source_and_preliminary_title():
    fig = preliminary_flows_figure(preliminary_monthly(FLOWS), {"cm": "Central Mediterranean"})
    assert [t.name for t in fig.data] == ["Central Mediterranean", "wm"]
    assert list(fig.data[0].x) == ["2025-01", "2025-02"] and list(fig.data[0].y) == [99.0, 120.0]
    title = fig.layout.title.text.replace("<br>", " ")  # wrapped to fit a phone
    assert "preliminary" in title and "not persons" in title
    note = next(a for a in fig.layout.annotations if a.name == SOURCE_NOTE_NAME)
    assert "Frontex" in note.text and "Jun 3, 2025" in note.text


def test_figure_months_run_in_calendar_order_whatever_route_comes_first():
    frame = pd.DataFrame(
        {
            "route_id": ["a", "b", "b", "b"],
            "period": ["2025-03", "2025-01", "2025-02", "2025-04"],
            "value": [5.0, 1.0, 2.0, 4.0],
            "source_org": ["Frontex"] * 4,
            "source_url": ["https://www.frontex.europa.eu/"] * 4,
        }
    )
    fig = preliminary_flows_figure(frame, {})
    assert fig.layout.xaxis.categoryorder == "array"
    assert list(fig.layout.xaxis.categoryarray) == ["2025-01", "2025-02", "2025-03", "2025-04"]


def test_figure_without_rows_says_no_data():
    fig = preliminary_flows_figure(preliminary_monthly(FLOWS, "none"), {})
    assert fig.data == () and any(a.text == "no data" for a in fig.layout.annotations)


def test_route_filter_query_keeps_the_shell_parameters_and_refuses_unknown_routes():
    from imapdash.urlstate import UNCHANGED
    from imapdash.views.partner.state import restored_route, route_search

    routes = frozenset({"central-mediterranean", "other"})
    assert route_search("other", routes, "?release=2&embed=1") == "?route=other&embed=1&release=2"
    assert route_search("nowhere", routes, "?route=other") == ""
    assert route_search("other", routes, "?route=other") is UNCHANGED
    assert route_search("other", routes, "", "fr") == "?route=other&lang=fr"  # the one language rule of every view
    assert restored_route(routes, "?route=other&lang=fr") == "other" and restored_route(routes, "?route=x") is None
