import pandas as pd
import pytest

from imapdash.figures.route_map import build_route_animation, frame_figure, line_width
from imapdash.transforms import routes as tx
from imapdash.urlstate import UNCHANGED
from imapdash.views.routes import state as view
from imapdash.views.routes.state import route_from_click

SRC = "https://example.org/frontex"


def _flows(rows):
    cols = ["route_id", "period", "period_type", "nationality_iso3", "measure", "value", "partial", "source_org"]
    frame = pd.DataFrame(rows, columns=cols)
    return frame.assign(source_url=SRC, period_label=frame["period"], value=frame["value"].astype("Int64"))


MONTHLY = _flows(
    [
        ["cm", "2023-01", "month", "ALL", "detections", 10, False, "Frontex"],
        ["cm", "2023-02", "month", "ALL", "detections", 15, False, "Frontex"],
        ["cm", "2023-01", "month", "GIN", "detections", 4, False, "Frontex"],
        ["cm", "2024-01", "month", "ALL", "detections", 7, False, "Frontex"],
        ["cm", "2023", "year", "ALL", "detections", 25, False, "Frontex"],
        ["cm", "2023", "year", "ALL", "dead_missing", 3, False, "IOM Missing Migrants Project"],
        ["cm", "2023", "year", "ALL", "dead_missing", 2, False, "UNHCR"],
    ]
)


def test_yearly_from_monthly_sums_each_year():
    summed = tx.yearly_from_monthly(MONTHLY)
    all_rows = summed[summed["nationality_iso3"] == "ALL"].set_index("period")["value"]
    assert all_rows.to_dict() == {"2023": 25, "2024": 7}
    assert set(summed["note"]) == {tx.NOTE_MONTHLY_SUM}


def test_period_values_prefers_published_yearly_rows_and_fills_gaps_from_months():
    values = tx.period_values(MONTHLY, "detections")
    assert values[["period", "value", "note"]].values.tolist() == [["2023", 25, ""], ["2024", 7, tx.NOTE_MONTHLY_SUM]]
    gin = tx.period_values(MONTHLY, "detections", nationality="GIN")
    assert gin["value"].tolist() == [4]


def test_period_values_monthly_and_range():
    values = tx.period_values(MONTHLY, "detections", granularity="month", start="2023", end="2023")
    assert values["period"].tolist() == ["2023-01", "2023-02"]
    assert values["value"].sum() == 25


def test_dead_missing_never_mixes_publishers():
    values = tx.period_values(MONTHLY, "dead_missing")
    assert values["value"].tolist() == [3]
    assert set(values["source_org"]) == {"IOM Missing Migrants Project"}


def test_period_list_years_and_months():
    assert tx.period_list("2015", "2017", "year") == ["2015", "2016", "2017"]
    assert tx.period_list("2015-11", "2016-02", "month") == ["2015-11", "2015-12", "2016-01", "2016-02"]


ROUTES = pd.DataFrame(
    {"route_id": ["cm", "wm"], "name": ["Central Med", "Western Med"], "color": ["#D55E00", "#009E73"]}
)
PATHS = {
    "cm": {
        "lon": [13.2, 12.6, 15.1],
        "lat": [32.9, 35.5, 37.5],
        "place": ["a", "b", "c"],
        "role": ["departure", "transit", "arrival"],
    },
    "wm": {"lon": [-5.0, -4.0], "lat": [35.0, 36.5], "place": ["x", "y"], "role": ["departure", "arrival"]},
}


def _store():
    values = tx.period_values(MONTHLY, "detections")
    incidents = pd.DataFrame(
        {
            "period": ["2023", "2023"],
            "lon": [12.9, 13.5],
            "lat": [35.1, 34.2],
            "dead_missing": [10, 15],
            "incidents": [1, 1],
            "date": ["2023-06-14", "2023-08-02"],
            "cause": ["Drowning", ""],
        }
    )
    return build_route_animation(
        values,
        PATHS,
        ROUTES,
        periods=["2023", "2024"],
        measure="detections",
        incidents=incidents,
        top_text={("cm", "2023"): "GIN 4"},
    )


def test_animation_has_one_frame_per_period_named_by_it():
    store = _store()
    assert store["periods"] == ["2023", "2024"]
    assert len(store["labels"]) == 2 and store["labels"][0].startswith("2023")
    assert store["totals"] == [25, 7]
    assert "25 detections" in store["labels"][0]
    assert all(len(row) == 2 for row in store["widths"])


def test_animation_widths_follow_values_and_no_data_is_dimmed():
    store = _store()
    cm = store["routes"].index("cm")
    wm = store["routes"].index("wm")
    assert store["widths"][cm] == [line_width(25, 25), line_width(7, 25)]
    assert store["widths"][cm][0] > store["widths"][cm][1]
    assert store["opacity"][wm] == [0.2, 0.2]


def test_frame_figure_carries_route_colour_hover_and_incidents():
    store = _store()
    fig = frame_figure(store, 0)
    cm = fig["data"][store["routes"].index("cm")]
    assert cm["line"]["color"] == "#D55E00"
    assert cm["marker"]["symbol"] == ["circle", "circle-open", "arrow"]
    assert "25 detections" in cm["hovertext"] and "GIN 4" in cm["hovertext"] and "Frontex" in cm["hovertext"]
    wm = fig["data"][store["routes"].index("wm")]
    assert "no data" in wm["hovertext"]
    inc = fig["data"][store["incident_trace"]]
    assert inc["lon"] == [12.9, 13.5]
    assert inc["hovertext"][0] == "2023-06-14 · 10 dead and missing (minimum) · Drowning"
    assert frame_figure(store, 1)["data"][store["incident_trace"]]["lon"] == []
    assert "Source:" in fig["layout"]["annotations"][0]["text"]
    assert fig["layout"]["geo"]["fitbounds"] is False


def test_frames_carry_no_geometry():
    store = _store()
    assert set(store) >= {"figure", "widths", "opacity", "hover", "incidents"}
    assert "lon" not in str(store["widths"]) and isinstance(store["hover"][0][0], str)


def test_state_round_trips_through_the_url():
    state = view.RoutesState(
        routes=("central-mediterranean",),
        measure="dead_missing",
        start="2015",
        end="2020",
        nationality="SYR",
        granularity="month",
        view="composition",
        scope="ITA",
        mode="share",
        africa="desa",
        incidents=False,
    )
    query = view.state_query(state)
    assert query.startswith("?route=central-mediterranean&measure=dead_missing&from=2015&to=2020&nat=SYR")
    from imapdash.urlstate import parse_query

    assert view.parse_state(parse_query(query)) == state
    assert view.state_query(view.RoutesState()) == "?measure=detections"


def test_plain_routes_url_stays_plain_on_load():
    """/routes shows the region's default measure and its URL is not rewritten to say so (a rewrite on load
    sent the controls a server round trip that changed nothing); other measures are written."""
    from imapdash.datasets import load_datasets
    from imapdash.views import routes
    from imapdash.views.context import view_context
    from tests.conftest import BUNDLED_DATA

    vc = view_context(load_datasets(BUNDLED_DATA), "en")
    shown = view.control_values(routes.state_from_url(vc, {}))
    assert shown[1] == view.default_measure(vc.datasets.region.measures)
    assert routes.BINDER.search_for(vc, shown, lang="en", current_search="") is UNCHANGED
    other = next(m for m in vc.datasets.region.measures if m != shown[1])
    search = routes.BINDER.search_for(vc, (shown[0], other, *shown[2:]), lang="en", current_search="")
    assert search == f"?measure={other}"


def test_state_rejects_junk():
    from imapdash.urlstate import parse_query

    state = view.parse_state(parse_query("?route=nope&measure=evil&from=20x5&nat=<b>&gran=day"), {"cm"})
    assert state == view.RoutesState()


def test_map_click_toggles_route():
    click = {"points": [{"customdata": "cm"}]}
    assert route_from_click(click, []) == ["cm"]
    assert route_from_click(click, ["cm", "wm"]) == ["wm"]
    assert route_from_click({"points": [{"x": 1}]}, ["cm"]) is UNCHANGED
    assert route_from_click(None, ["cm"]) is UNCHANGED


def test_routes_js_uses_the_ids_of_ids_py():
    from pathlib import Path

    from imapdash.ids import Routes

    js = (Path(__file__).resolve().parents[2] / "assets" / "js" / "routes.js").read_text()
    for ident in (
        Routes.STORE,
        Routes.INTERVAL,
        Routes.PLAY,
        Routes.PAUSE,
        Routes.STEP_BACK,
        Routes.STEP_FORWARD,
        Routes.SLIDER,
    ):
        assert f'"{ident}"' in js


@pytest.mark.parametrize("value,expected", [(None, 1.0), (0, 1.0), (100, 18.0)])
def test_line_width_bounds(value, expected):
    assert line_width(value, 100) == expected
