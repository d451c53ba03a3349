"""Routes, News Centre, partner and sign-in pages in French and Arabic: catalogues complete, figures translated,
mirrored for Arabic, numbers in each language's conventions, and the language kept in the URL."""

import json
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from imapdash.datasets import load_datasets
from imapdash.figures import composition as comp_fig
from imapdash.figures import flows as flow_fig
from imapdash.figures.news import build_theme_shares
from imapdash.figures.route_map import build_route_animation, cause_text, frame_figure, route_label
from imapdash.i18n import LANGUAGES, catalogue, t
from imapdash.transforms.flows import SankeyData
from imapdash.urlstate import parse_query
from imapdash.views import routes as routes_view
from imapdash.views.context import ViewContext, dash_values
from imapdash.views.news import charts as news_charts
from imapdash.views.news import items as news_items_view
from imapdash.views.news import queries as news_queries
from imapdash.views.news import state as news_state
from imapdash.views.routes import charts as routes_charts
from imapdash.views.routes import state as routes_state
from tests.conftest import BUNDLED_DATA

ROOT = Path(__file__).resolve().parents[2]
SRC = "https://frontex.example/data"


@pytest.fixture(scope="module")
def datasets():
    return load_datasets(BUNDLED_DATA)


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_route_theme_and_measure_has_a_name(lang):
    messages = catalogue(lang)
    routes = pd.read_csv(ROOT / "data" / "routes.csv")["route_id"]
    assert {f"route.{r}.name" for r in routes} - set(messages) == set()
    themes = [th["id"] for th in json.loads((ROOT / "imapdash/news/rules/themes.json").read_text())["themes"]]
    assert {f"news.theme.{th}" for th in [*themes, "other"]} - set(messages) == set()
    for measure in routes_charts.tx.MEASURES:
        for field in ("label", "unit", "definition"):
            assert f"routes.measure.{measure}.{field}" in messages
        assert f"routes.why.{measure}" in messages


def test_arabic_route_names_differ_from_english():
    assert route_label("central-mediterranean", "ar") == "طريق وسط البحر الأبيض المتوسط"
    assert route_label("central-mediterranean", "fr") == "Méditerranée centrale"
    assert route_label("not-in-catalogue", "ar", "From routes.csv") == "From routes.csv"


def _values():
    return pd.DataFrame(
        {
            "route_id": ["central-mediterranean"],
            "period": ["2023"],
            "value": [158026],
            "partial": [False],
            "source_org": ["Frontex"],
            "source_url": [SRC],
            "note": [""],
        }
    )


def _routes():
    return pd.DataFrame(
        {"route_id": ["central-mediterranean"], "name": ["Central Mediterranean"], "color": ["#D55E00"]}
    )


PATHS = {
    "central-mediterranean": {
        "lon": [13.0, 12.5],
        "lat": [32.9, 35.5],
        "place": ["Tripoli", "Lampedusa"],
        "role": ["departure", "arrival"],
    }
}


def test_route_animation_store_in_arabic_and_french():
    incidents = pd.DataFrame(
        {
            "period": ["2023"],
            "lon": [12.0],
            "lat": [34.0],
            "dead_missing": [1234],
            "incidents": [1],
            "date": ["2023-06-14"],
            "cause": ["Drowning"],
        }
    )
    store = build_route_animation(
        _values(), PATHS, _routes(), periods=["2023"], measure="detections", incidents=incidents, lang="ar"
    )
    assert store["names"] == ["طريق وسط البحر الأبيض المتوسط"]
    # the Latin publisher name and the numbers are isolated (FSI…PDI): without, "Frontex: 158,026" formed one
    # left-to-right run and the number jumped to the wrong side of the colon
    assert store["labels"] == ["\u20682023\u2069 · \u2068حالات الرصد لدى Frontex\u2069: \u2068158,026\u2069 حالات رصد"]
    assert store["figure"]["layout"]["legend"]["xanchor"] == "right"  # above the map, from the reading start
    assert store["templates"]["incident"] == t("routes.map.incident", "ar") and store["locale"] == "ar-u-nu-latn"
    hover = frame_figure(store, 0)["data"][1]["hovertext"]
    assert hover == ["2023-06-14 · 1,234 من الموتى والمفقودين (حد أدنى) · الغرق"]
    french = build_route_animation(_values(), PATHS, _routes(), periods=["2023"], measure="detections", lang="fr")
    assert french["labels"] == ["2023 · Détections Frontex : 158\u202f026 détections"]
    assert french["figure"]["data"][0]["name"] == "Méditerranée centrale"


def test_combined_causes_are_translated_one_by_one():
    text = "Harsh environmental conditions / lack of adequate shelter, food, water,Mixed or unknown"
    assert cause_text(text, "fr") == (
        "Conditions environnementales difficiles / manque d'abri, de nourriture, d'eau, Causes multiples ou inconnues"
    )
    assert cause_text(text, "en") == text


def test_nationality_chart_arabic_title_right_time_left_to_right_and_country_names():
    rows = pd.DataFrame(
        {
            "route_id": ["r"] * 2,
            "period": ["2022", "2023"],
            "nationality_iso3": ["TUN", "TUN"],
            "value": [1000, 2000],
            "source_org": ["Frontex"] * 2,
            "source_url": [SRC] * 2,
        }
    )
    fig = flow_fig.build_nationality_chart(
        rows, unit="حالات رصد", title="أبرز الجنسيات", lang="ar", names={"TUN": "تونس"}
    )
    layout = fig["layout"]
    assert layout["title"]["text"] == "أبرز الجنسيات" and layout["title"]["xanchor"] == "right"
    assert "autorange" not in layout["xaxis"] and "side" not in layout["yaxis"]  # time runs left to right
    # the legend in rows between the title and the plot, not inside the plot's right edge over the bars
    assert layout["legend"]["orientation"] == "h" and layout["legend"]["yanchor"] == "bottom"
    assert fig["data"][0]["name"] == "تونس"
    assert layout["annotations"][0]["text"].startswith(t("common.source", "ar"))


def test_french_figures_use_french_separators_and_words():
    fig = flow_fig.empty_figure("x", lang="fr")
    assert fig["layout"]["separators"] == ",\u202f"
    series = pd.DataFrame(
        {
            "period": ["2023"] * 2,
            "group": ["men", "unknown"],
            "label": ["Men", "Unknown"],
            "count": [1200, 300],
            "share_pct": [80.0, 20.0],
            "share_basis": ["published"] * 2,
            "partial": [False] * 2,
            "source_org": ["IOM"] * 2,
            "source_url": [SRC] * 2,
            "note": [""] * 2,
        }
    )
    over = comp_fig.build_composition_over_time(series, mode="share", title="Composition", lang="fr")
    assert [tr["name"] for tr in over["data"]] == ["Hommes", "Inconnu / non précisé"]
    assert over["layout"]["yaxis"]["title"]["text"] == "% du total"
    assert over["data"][0]["customdata"] == ["publiée"]
    breakdown = comp_fig.build_composition_breakdown(series, "2023", title="Ventilation", lang="ar")
    assert breakdown["data"][0]["y"] == ["غير معروف / غير محدد", "رجال"]
    assert breakdown["layout"]["xaxis"]["autorange"] == "reversed"


def test_sankey_nodes_in_arabic():
    data = SankeyData(
        labels=["Central Mediterranean", "TUN", "Other nationalities (total − listed)", "Arrival area: ITA, MLT"],
        kinds=["route", "nationality", "nationality", "arrival"],
        keys=["central-mediterranean", "TUN", "_other", "central-mediterranean"],
        source=[1, 2, 0],
        target=[0, 0, 3],
        value=[10, 5, 15],
        link_label=["nationality → route"] * 2 + ["route arrival area (no split by country published)"],
        link_kinds=["nationality", "nationality", "arrival"],
        arrival_countries={"central-mediterranean": ["ITA", "MLT"]},
    )
    names = {"central-mediterranean": "طريق وسط البحر الأبيض المتوسط", "TUN": "تونس", "ITA": "إيطاليا", "MLT": "مالطا"}
    fig = flow_fig.build_sankey(data, unit="حالات رصد", title="x", lang="ar", names=names)
    assert [label.replace("<br>", " ") for label in fig["data"][0]["node"]["label"]] == [
        "طريق وسط البحر الأبيض المتوسط",
        "تونس",
        "جنسيات أخرى (المجموع − المذكورة)",
        "منطقة الوصول: إيطاليا, مالطا",
    ]
    assert fig["data"][0]["link"]["customdata"][2] == t("routes.sankey.link_arrival", "ar")


def test_routes_panels_in_arabic_with_bundled_data(datasets):
    arabic, french_vc = ViewContext(datasets=datasets, lang="ar"), ViewContext(datasets=datasets, lang="fr")
    panel = str(routes_charts.sources_panel(arabic, ["central-mediterranean"], "2023"))
    assert "158,026" in panel and "حالات الرصد لدى Frontex" in panel and "Select a route" not in panel
    french = str(routes_charts.sources_panel(french_vc, ["central-mediterranean"], "2023"))
    assert "158\\u202f026" in french and "Arrivées dans le pays — ITA" in french
    state = routes_state.RoutesState(routes=("central-mediterranean",), start="2016", end="2023")
    sankey = routes_charts.sankey_chart(arabic, state, "2023").figure
    labels = sankey["data"][0]["node"]["label"]
    assert "طريق وسط البحر الأبيض المتوسط" in labels and any(lab.startswith("منطقة الوصول") for lab in labels)
    over = routes_charts.composition_charts(arabic, state, "2023")[0].figure
    assert "إيطاليا" in over["layout"]["title"]["text"] and "رجال" in {tr["name"] for tr in over["data"]}
    africa = routes_charts.africa_chart(french_vc, "dtm", "2023").figure
    assert africa["layout"]["title"]["text"].startswith("Mouvements intra-africains")


def test_routes_url_keeps_the_language():
    state = routes_state.parse_state(parse_query("?route=central-mediterranean&lang=ar"), {"central-mediterranean"})
    assert state.lang == "ar"
    assert routes_state.state_query(state) == "?route=central-mediterranean&measure=detections&lang=ar"
    moved = routes_state.control_values(routes_state.RoutesState(routes=("black-sea",)))

    def url(current, lang):
        return dash_values(routes_view.BINDER.search_for(None, moved, lang=lang, current_search=current))

    assert url("?route=central-mediterranean&lang=fr", "fr") == "?route=black-sea&measure=detections&lang=fr"
    assert url("", "en") == "?route=black-sea&measure=detections"


def test_news_interface_language_is_separate_from_item_language(datasets):
    state = news_state.parse_state(parse_query("?ilang=fr&lang=ar"), theme_ids=("deaths",))
    assert state.filters.language == "fr"
    vc = ViewContext(datasets=datasets, lang="ar")
    corpus = news_queries.corpus(vc)
    assert news_state.NEWS_URL.query_for(corpus, state, lang=vc.lang, current_search="") == "?ilang=fr&lang=ar"
    sel = news_queries.selection(corpus, state)
    trend = news_charts.trend_chart(corpus, sel, state, vc.lang).figure
    geo_map = news_charts.map_chart(corpus, sel, state, vc.lang, names=vc.country_names(), geojson_url="/geo").figure
    assert trend["layout"]["title"]["text"] == "الأخبار في كل شهر حسب الموضوع الرئيسي"
    assert trend["layout"]["xaxis"].get("autorange") is None  # time runs left to right in every language
    assert geo_map["data"][0]["colorbar"]["x"] == 0
    listed, count = news_items_view.update_items(corpus, sel, vc.lang, vc.country_names())
    assert count.startswith("46 من أصل 246")
    assert "الفرنسية" in str(listed[0]) and "المواضيع:" in str(listed[0])


def test_theme_shares_french_axis_and_theme_names():
    shares = pd.DataFrame({"main_theme": ["deaths"], "items": [3], "share_pct": [60.0]})
    fig = go.Figure(build_theme_shares(shares, theme_labels={"deaths": "Deaths and rescue"}, sources=[], lang="fr"))
    assert list(fig.data[0].y) == ["Décès et sauvetage"]
    assert fig.layout.xaxis.title.text.replace("<br>", " ") == "% des articles"
    assert fig.layout.separators == ",\u202f"


def test_news_dates_follow_the_language():
    day = pd.Timestamp("2021-03-12")
    assert news_items_view.published_text(day, "day", "fr") == "12 mars 2021"
    assert news_items_view.published_text(day, "month", "en") == "Mar 2021"


def test_partner_prompt_and_login_page_in_arabic(client):
    from imapdash.views import partner

    dataset = client.application.extensions["imapdash.datasets"]
    page = str(partner.layout(dataset, query={"lang": ["ar"]}))
    assert "فضاء الشركاء" in page and "/login?next=/partner&lang=ar" in page and "Log in" not in page
    html = client.get("/login?lang=ar").get_data(as_text=True)
    assert re.search(r'<html lang="ar" dir="rtl">', html)
    assert "تسجيل دخول الشركاء" in html and "Username" not in html and 'action="/login?lang=ar"' in html
    assert 'lang="fr"' in client.get("/login", headers={"Accept-Language": "fr-FR,fr;q=0.9"}).get_data(as_text=True)


def test_generic_login_error_is_the_same_in_arabic_for_unknown_user_and_wrong_password(client):
    page = client.get("/login?lang=ar").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login?lang=ar", data={"csrf_token": token, "username": "nobody", "password": "x" * 12})
    assert t("auth.error.generic", "ar") in response.get_data(as_text=True)


def test_a_slides_sankey_names_two_countries_of_a_long_arrival_area_and_how_many_more():
    area = ["EST", "FIN", "HUN", "LTU", "LVA", "POL", "ROU", "SVK"]
    data = SankeyData(
        labels=["Eastern Land Borders", "UKR", "Arrival area", "Arrival area"],
        kinds=["route", "nationality", "arrival", "arrival"],
        keys=["eastern-land", "UKR", "eastern-land", "central-mediterranean"],
        arrival_countries={"eastern-land": area, "central-mediterranean": ["ITA", "MLT"]},
    )
    names = {"EST": "Estonia", "FIN": "Finland", "ITA": "Italy", "MLT": "Malta"}
    nodes, _ = flow_fig.sankey_labels(data, "en", names, most_countries=3)
    assert nodes[2:] == ["Arrival area: Estonia, Finland (+6)", "Arrival area: Italy, Malta"]
    full, _ = flow_fig.sankey_labels(data, "en", names)  # the routes page names every country
    assert full[2].endswith("Estonia, Finland, HUN, LTU, LVA, POL, ROU, SVK")
