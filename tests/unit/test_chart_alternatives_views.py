"""Text alternatives of the routes, news and profile charts: the summary sentences and table rows they say."""

import pandas as pd
import pytest
from dash import dcc, html

from imapdash.datasets import load_datasets
from imapdash.ids import Flows, News, Routes
from imapdash.transforms.flows import SankeyData
from imapdash.views import news, profile, routes
from imapdash.views.news import charts as news_charts
from imapdash.views.routes import charts as routes_charts
from tests.conftest import FIXTURE_DATA

NAMES = {
    "central-mediterranean": "Central Mediterranean",
    "western-balkan": "Western Balkan",
    "eastern-mediterranean": "Eastern Mediterranean",
    "western-mediterranean": "Western Mediterranean",
}


@pytest.fixture(scope="module")
def datasets():
    return load_datasets(FIXTURE_DATA)


def _values() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "route_id": [
                "central-mediterranean",
                "western-balkan",
                "eastern-mediterranean",
                "western-mediterranean",
                "central-mediterranean",
            ],
            "period": ["2023", "2023", "2023", "2023", "2022"],
            "value": [158026.0, 99002.0, 61296.0, 14000.0, 105000.0],
            "source_org": ["Frontex"] * 5,
        }
    )


def test_map_summary_names_period_measure_total_and_top_three_routes():
    summary, rows = routes_charts.map_alternative(_values(), "2023", NAMES, measure="detections")
    assert summary == (
        "2023, Frontex detections: total 332,324 detections on 4 route(s). Highest: "
        "Central Mediterranean 158,026; Western Balkan 99,002; Eastern Mediterranean 61,296."
    )
    assert rows[0] == ["Central Mediterranean", "158,026", "Frontex"]
    assert [r[0] for r in rows] == [
        "Central Mediterranean",
        "Western Balkan",
        "Eastern Mediterranean",
        "Western Mediterranean",
    ]


def test_map_summary_in_french_and_without_data():
    summary, _ = routes_charts.map_alternative(_values(), "2022", NAMES, measure="detections", lang="fr")
    assert summary.startswith("2022, Détections Frontex : total 105\u202f000")
    assert "Central Mediterranean 105\u202f000." in summary
    empty, rows = routes_charts.map_alternative(_values(), "1999", NAMES, measure="detections")
    assert (empty, rows) == ("1999, Frontex detections: no data on the map.", [])


def test_nationality_table_sums_routes_as_the_chart_draws():
    rows = pd.DataFrame(
        {
            "route_id": ["a", "b", "a", "a"],
            "period": ["2022", "2022", "2023", "2022"],
            "nationality_iso3": ["SYR", "SYR", "SYR", "AFG"],
            "value": [10.0, 5.0, 7.0, 3.0],
        }
    )
    summary, table = routes_charts.nationality_alternative(rows, {"SYR": "Syria", "AFG": "Afghanistan"})
    assert summary == (
        "Largest nationalities, total over the period shown. Highest: Syria 22, lowest: Afghanistan 3; 2 values."
    )
    assert table == [["Syria", "2022", "15"], ["Afghanistan", "2022", "3"], ["Syria", "2023", "7"]]


def test_composition_lists_drawn_groups_only_and_shares_in_percent():
    series = pd.DataFrame(
        {
            "period": ["2023"] * 4,
            "group": ["total", "men", "women", "children"],
            "count": [100.0, 70.0, 20.0, 10.0],
            "share_pct": [None, 70.0, 20.0, 10.0],
        }
    )
    summary, table = routes_charts.composition_alternative(series, "2023")
    assert summary == "2023: Highest: Men 70, lowest: Children 10; 3 values."
    assert table == [["2023", "Men", "70"], ["2023", "Women", "20"], ["2023", "Children", "10"]]
    summary, table = routes_charts.composition_alternative(series, "2023-05", mode="share")
    assert summary == "2023: Highest: Men 70.0 %, lowest: Children 10.0 %; 3 values."
    assert table[1] == ["2023", "Women", "20.0 %"]
    assert routes_charts.composition_alternative(None, "2023")[1] == []


def test_sankey_table_lists_nationality_to_route_links_largest_first():
    data = SankeyData(
        labels=["Syria", "Mali", "Western Balkan", "Greece"],
        kinds=["nationality", "nationality", "route", "arrival"],
        keys=["SYR", "MLI", "western-balkan", "_area"],
        source=[0, 1, 2],
        target=[2, 2, 3],
        value=[50, 80, 130],
        link_kinds=["nationality", "nationality", "arrival"],
        link_label=["", "", ""],
    )
    summary, table = routes_charts.sankey_alternative(data, {"SYR": "Syria", "MLI": "Mali", **NAMES}, year="2023")
    assert table == [["Mali", "Western Balkan", "80"], ["Syria", "Western Balkan", "50"]]
    assert summary == (
        "2023, nationality → route: Highest: Mali → Western Balkan 80, lowest: Syria → Western Balkan 50; 2 values."
    )
    assert routes_charts.sankey_alternative(SankeyData(), {}, year="2023") == (
        "No route totals for this period and measure",
        [],
    )


def test_intra_african_pairs_with_year_and_source():
    pairs = pd.DataFrame(
        {
            "from_iso3": ["NER", "NGA"],
            "to_iso3": ["LBY", "NER"],
            "value": [1000.0, 3000.0],
            "year": [2023, 2023],
            "source_org": ["IOM DTM", "IOM DTM"],
        }
    )
    summary, table = routes_charts.pairs_alternative(pairs, {"NER": "Niger", "LBY": "Libya", "NGA": "Nigeria"})
    assert summary == "2023: Highest: Nigeria → Niger 3,000, lowest: Niger → Libya 1,000; 2 values."
    assert table[0] == ["Nigeria", "Niger", "3,000", "2023", "IOM DTM"]
    summary, _ = routes_charts.pairs_alternative(pairs, {"NER": "Niger", "LBY": "Libya", "NGA": "Nigeria"}, lang="ar")
    assert "نيجيريا" not in summary and "Nigeria ← Niger" in summary


def test_routes_layout_places_an_alternative_under_every_chart(datasets):
    ids = {c.id for c in routes.layout(datasets)._traverse() if isinstance(getattr(c, "id", None), str)}
    for graph in (Routes.MAP, Flows.NATIONALITIES, Flows.COMPOSITION, Flows.SANKEY, Flows.AFRICA):
        assert {f"{graph}-summary", f"{graph}-alt-table"} <= ids


def test_news_trend_table_is_period_by_theme():
    counts = pd.DataFrame(
        {
            "period": pd.to_datetime(["2023-01-01", "2023-01-01", "2024-01-01"]),
            "main_theme": ["detention", "deaths", "deaths"],
            "items": [2, 3, 4],
        }
    )
    labels = {"deaths": "Deaths and rescue", "detention": "Detention"}
    summary, columns, rows = news_charts.trend_alternative(counts, labels, every="year")
    assert summary == "9 items in total. Highest: 2023 5, lowest: 2024 4; 2 values."
    assert columns == ["Period", "Deaths and rescue", "Detention", "Total"]
    assert rows == [["2023", "3", "2", "5"], ["2024", "4", "0", "4"]]


def test_news_shares_and_terms_tables():
    shares = pd.DataFrame({"main_theme": ["deaths", "detention"], "items": [3, 1], "share_pct": [75.0, 25.0]})
    summary, columns, rows = news_charts.shares_alternative(shares, {"deaths": "Deaths and rescue"})
    assert summary == "Highest: Deaths and rescue 75.0 %, lowest: detention 25.0 %; 2 values."
    assert rows == [["Deaths and rescue", "3", "75.0 %"], ["detention", "1", "25.0 %"]]
    terms = pd.DataFrame({"key": ["migrant", "boat"], "term": ["migrants", "boat"], "items": [12, 4]})
    summary, columns, rows = news_charts.terms_alternative(terms, lang="fr")
    assert columns == ["Terme", "Articles"]
    assert summary == "Valeur la plus élevée : migrants 12, la plus basse : boat 4; 2 valeurs."
    assert news_charts.terms_alternative(terms.iloc[0:0])[2] == []


def test_news_term_trends_table():
    trends = pd.DataFrame(
        {
            "year": [2022, 2023],
            "language": ["fr", "fr"],
            "term": ["clandestin(s)"] * 2,
            "items": [2, 5],
            "of_items": [10, 12],
        }
    )
    summary, _, rows = news_charts.term_trends_alternative(trends)
    assert summary == "Items using each term, all years together. Only value: clandestin(s) (French) 7."
    assert rows == [["2022", "French", "clandestin(s)", "2", "10"], ["2023", "French", "clandestin(s)", "5", "12"]]


def test_news_layout_places_alternatives_filled_from_the_data(datasets):
    page = news.layout(datasets)
    found = {c.id: c for c in page._traverse() if isinstance(getattr(c, "id", None), str)}
    for graph in (News.TREND, News.SHARES, News.MAP, News.TERMS, News.BIGRAMS, News.TERM_TRENDS):
        assert isinstance(found[f"{graph}-summary"].children, str) and found[f"{graph}-summary"].children
        assert f"{graph}-alt-table" in found


def test_profile_trend_sentence_in_three_languages():
    series = pd.DataFrame({"year": [2020, 2024], "value": [6000.0, 6500.0]})
    assert profile.trend_sentence(series, unit="persons") == "Trend: 2020 6,000 → 2024 6,500"
    assert profile.trend_sentence(series, unit="persons", lang="fr") == "Tendance : 2020 6\u202f000 → 2024 6\u202f500"
    assert "2020" in profile.trend_sentence(series, unit="persons", lang="ar")


def test_profile_sparkline_is_hidden_and_its_numbers_are_in_text(datasets):
    card = {
        c.id: c
        for c in profile.layout(datasets, path="/country/ITA")._traverse()
        if isinstance(getattr(c, "id", None), str)
    }["profile-card-migrant_stock_total"]
    hidden = [c for c in card._traverse() if isinstance(c, html.Span) and "visually-hidden" in (c.className or "")]
    assert [h.children for h in hidden] == ["Trend: 2020 6,000 → 2024 6,500"]
    wrappers = [c for c in card._traverse() if isinstance(c, html.Div) and isinstance(c.children, dcc.Graph)]
    assert len(wrappers) == 1 and wrappers[0].to_plotly_json()["props"]["aria-hidden"] == "true"


def test_news_text_table_sends_cells_as_text():
    table = news_charts.text_table(["Term", 3], [["a|b *c* <b>", 2]]).to_plotly_json()
    assert (table["namespace"], table["type"]) == ("imapdash_tables", "TextTable")  # drawn by assets/js/tables.js
    assert table["props"]["columns"] == ["Term", "3"] and table["props"]["rows"] == [["a|b *c* <b>", "2"]]
    assert "chart-alt-table" in table["props"]["className"]


def test_news_map_table_lists_countries_most_named_first():
    counts = pd.DataFrame({"iso3": ["TUN", "LBY", "XXX"], "items": [2, 5, 1]})
    summary, columns, rows = news_charts.countries_alternative(counts, {"LBY": "Libya", "TUN": "Tunisia"}, "en")
    assert columns == ["Country", "Items"]
    assert rows == [["Libya", "5"], ["Tunisia", "2"], ["XXX", "1"]]
    assert summary == "Highest: Libya 5, lowest: XXX 1; 3 values."
    assert news_charts.countries_alternative(counts.iloc[0:0], {})[2] == []
