"""News transforms, figures and the view's pure functions, on small inline frames."""

from types import SimpleNamespace

import pandas as pd
import plotly.graph_objects as go
import pytest

from imapdash.figures.news import build_country_map, build_news_trend, build_term_trends, build_theme_shares
from imapdash.news.classify import build_rules
from imapdash.news.media import (
    MIN_ITEMS_FOR_SHARE,
    NewsFilters,
    classify_media,
    country_counts,
    counts_by_period_theme,
    filter_items,
    share_pct,
    suggest_every,
    term_trends,
    theme_shares,
    top_terms,
)
from imapdash.urlstate import UNCHANGED, parse_query
from imapdash.views.news.items import item_data
from imapdash.views.news.state import NEWS_URL, NewsState, parse_state, state_from_controls, state_query

COUNTRIES = pd.DataFrame(
    {
        "iso3": ["TUN", "LBY", "ITA", "MAR"],
        "name_en": ["Tunisia", "Libya", "Italy", "Morocco"],
        "name_fr": ["Tunisie", "Libye", "Italie", "Maroc"],
        "name_ar": ["تونس", "ليبيا", "إيطاليا", "المغرب"],
    }
)
MEDIA = pd.DataFrame(
    {
        "item_id": [1, 2, 3, 4, 5],
        "published": ["2023-06-14", "2023-06", "2023-07-03", "2024-01-09", "2024-02-01"],
        "outlet": ["Wire", "Presse", "قناة", "Wire", "Presse"],
        "language": ["en", "fr", "ar", "en", "fr"],
        "title": [
            "Boat capsizes off Lampedusa, dozens missing",
            "Arrivées de migrants irréguliers en Italie",
            "غرق قارب مهاجرين غير شرعيين قبالة ليبيا",
            "Irregular migrants detained in Libya",
            "Des migrants clandestins expulsés du Maroc",
        ],
        "url": [
            "https://a.example/1",
            "https://b.example/2",
            "https://c.example/3",
            "https://a.example/4",
            "javascript:alert(1)",
        ],
        "summary": ["Ten people are missing.", "", "أعلنت السلطات انتشال جثث", "", ""],
        "countries": ["ITA;LBY", "TUN", "", "LBY", "MAR"],
        "retrieved_from": ["", "", "", "", ""],
    }
)


@pytest.fixture(scope="module")
def rules():
    return build_rules(COUNTRIES)


@pytest.fixture(scope="module")
def items(rules):
    return classify_media(MEDIA, rules)


def test_classify_media_keeps_web_links_only_and_merges_countries(items):
    assert items["item_id"].tolist() == [4, 3, 1, 2]  # newest first; the javascript: item is dropped
    row = items.set_index("item_id").loc[2]
    assert row["published"] == pd.Timestamp("2023-06-01") and row["date_precision"] == "month"
    assert row["countries"] == "TUN;ITA"  # editorial TUN, then "Italie" found in the title
    assert row["matches"]["countries"] == {"TUN": ["listed in data/media.csv"], "ITA": ["italie"]}
    assert row["main_theme"] == "arrivals"
    assert items.set_index("item_id").loc[3, "countries"] == "LBY"


def test_filters(items):
    assert filter_items(items, NewsFilters(language="en"))["item_id"].tolist() == [4, 1]
    assert filter_items(items, NewsFilters(country="LBY"))["item_id"].tolist() == [4, 3, 1]
    assert filter_items(items, NewsFilters(theme="detention"))["item_id"].tolist() == [4]
    assert filter_items(items, NewsFilters(year_from=2024))["item_id"].tolist() == [4]
    assert filter_items(items, NewsFilters(text="LAMPEDUSA"))["item_id"].tolist() == [1]


def test_counts_by_period_and_theme(items):
    monthly = counts_by_period_theme(items, every="month")
    shown = monthly.assign(period=monthly["period"].dt.strftime("%Y-%m"))
    assert shown[["period", "main_theme", "items", "of_items"]].values.tolist() == [
        ["2023-06", "arrivals", 1, 2],
        ["2023-06", "deaths", 1, 2],
        ["2023-07", "deaths", 1, 1],
        ["2024-01", "detention", 1, 1],
    ]
    assert monthly["share_pct"].isna().all()  # one or two items a month: no share is computed
    weekly = counts_by_period_theme(items, every="week")
    assert weekly["period"].dt.strftime("%Y-%m-%d").tolist() == ["2023-05-29", "2023-06-12", "2023-07-03", "2024-01-08"]


def test_theme_shares_and_countries(items, rules):
    shares = theme_shares(items, list(rules.theme_labels))
    assert shares[["main_theme", "items"]].values.tolist() == [["arrivals", 1], ["deaths", 2], ["detention", 1]]
    assert shares["share_pct"].isna().all()  # four items are too few for shares
    assert country_counts(items).values.tolist() == [["LBY", 3], ["ITA", 2], ["TUN", 1]]


def test_top_terms_and_arabic_bigram(items):
    terms = top_terms(items, n=2)
    assert terms.values.tolist()[0] == ["migrants", "migrants", 2]
    arabic = top_terms(filter_items(items, NewsFilters(language="ar")), column="bigrams", n=10)
    assert "غير شرعيين" in arabic["term"].tolist()


def test_term_trends_count_items_per_year(items, rules):
    trends = term_trends(items, rules)
    en = trends[trends["language"] == "en"].set_index(["year", "term"])["items"]
    assert en.loc[(2024, "irregular")] == 1 and en.loc[(2023, "irregular")] == 0
    fr = trends[(trends["language"] == "fr")].set_index("term")
    assert fr.loc["irrégulier(s)", "items"] == 1 and fr.loc["irrégulier(s)", "of_items"] == 1
    assert trends[trends["language"] == "ar"].set_index("term").loc["غير شرعية", "items"] == 1


def test_figures_carry_content_and_source(items, rules):
    sources = [("Test corpus", "")]
    labels = rules.theme_labels
    # the builders write figure dicts; go.Figure validates them and gives attribute access
    trend = go.Figure(
        build_news_trend(counts_by_period_theme(items), theme_labels=labels, every="month", sources=sources)
    )
    assert [t.name for t in trend.data] == ["Arrivals and crossings", "Deaths and rescue", "Detention"]
    assert trend.layout.barmode == "stack"
    assert any("Test corpus" in a.text for a in trend.layout.annotations)
    shares = go.Figure(build_theme_shares(theme_shares(items, list(labels)), theme_labels=labels, sources=sources))
    assert list(shares.data[0].x) == [1, 2, 1][::-1]  # counts, and the title says why
    assert shares.layout.title.text.startswith("Fewer than 20 items selected")
    geo = go.Figure(
        build_country_map(
            country_counts(items),
            geojson_url="/geo/countries.geojson?v=1",
            names={"LBY": "Libya"},
            sources=sources,
            selected="LBY",
        )
    )
    trace = geo.data[0]
    assert trace.geojson == "/geo/countries.geojson?v=1" and trace.featureidkey == "id"
    assert list(trace.locations) == ["LBY", "ITA", "TUN"] and list(trace.z) == [3, 2, 1]
    assert list(trace.marker.line.width) == [2, 0.5, 0.5]
    lines = go.Figure(build_term_trends(term_trends(items, rules, languages=["en"]), sources=sources))
    names = [t.name for t in lines.data]
    assert names[:3] == ["illegal (English)", "irregular (English)", "undocumented (English)"]
    assert all(y is None for trace in lines.data[:3] for y in trace.y)  # one item a year: no share drawn
    assert names[3].startswith("too few items that year") and list(lines.data[3].customdata) == [1, 1]
    assert "English" in lines.data[3].hovertemplate
    # several languages: one legend entry for all their grey "too few items" ticks, each hover naming its language
    several = go.Figure(build_term_trends(term_trends(items, rules, languages=["en", "fr"]), sources=sources))
    thin = [trace for trace in several.data if trace.legendgroup == "too-few"]
    assert len(thin) == 2 and [trace.showlegend for trace in thin] == [True, False]
    assert ["English" in thin[0].hovertemplate, "French" in thin[1].hovertemplate] == [True, True]


def test_url_state_round_trip():
    query = "?theme=detention&ilang=ar&country=tun&from=2016&to=2020&q=Sfax&every=week&lang=fr"
    state = parse_state(parse_query(query), theme_ids=("detention",))
    assert state.filters == NewsFilters("detention", "ar", "TUN", 2016, 2020, "Sfax") and state.every == "week"
    assert parse_state(parse_query(state_query(state)), theme_ids=("detention",)) == state
    # the interface language (lang) is kept apart from the items' language (ilang), by the binder
    corpus = SimpleNamespace(theme_ids=("detention",), bounds=(2014, 2025))
    full = NEWS_URL.query_for(corpus, state, lang="fr", current_search=query)
    assert full.endswith("&every=week&lang=fr") and "ilang=ar" in full
    junk = parse_state(parse_query("?theme=nope&ilang=de&country=<script>&every=hour"), theme_ids=("detention",))
    assert junk == NewsState()
    assert state_query(NewsState()) == ""


def test_controls_state_and_back_forward():
    bounds = (2014, 2025)
    state = state_from_controls("deaths", "fr", None, [2014, 2025], " ", "month", bounds)
    assert state_query(state) == "?theme=deaths&ilang=fr"
    current = ("deaths", "fr", None, [2014, 2025], "", "month")
    corpus = SimpleNamespace(theme_ids=("deaths",), bounds=bounds)
    assert NEWS_URL.controls_for(corpus, "?theme=deaths&ilang=fr", current) == tuple([UNCHANGED] * 6)
    assert NEWS_URL.controls_for(corpus, "?ilang=ar&from=2020", current) == (
        None,
        "ar",
        UNCHANGED,
        [2020, 2025],
        UNCHANGED,
        UNCHANGED,
    )


def test_item_data_is_rtl_for_arabic_and_links_out_safely(items, rules):
    row = items.set_index("item_id").loc[3].to_dict()
    entry = item_data(row, rules.theme_labels, {"LBY": "Libya"})
    assert (entry["link"], entry["language"], entry["dir"]) == ("https://c.example/3", "ar", "rtl")
    assert [c["href"] for c in entry["countries"]] == ["/country/LBY"]
    english = item_data(items.set_index("item_id").loc[1].to_dict(), rules.theme_labels, {}, "ar")
    assert english["dir"] == "ltr"  # an English item keeps its direction on an Arabic page
    badges = " ".join(b["text"] for b in entry["themes"])
    assert "Deaths and rescue (غرق*, انتشال, جثث)" in badges
    unsafe = {**row, "link": "javascript:alert(1)"}
    assert item_data(unsafe, {}, {})["link"] is None  # drawn as text, not as a link


def _word(n: int) -> str:
    return "".join(chr(97 + (n // 26**k) % 26) for k in range(4))


def _many(
    count: int, *, start: str, every_days: int, language: str = "en", title: str = "Migrants arrive"
) -> pd.DataFrame:
    days = pd.date_range(start, periods=count, freq=f"{every_days}D")
    return pd.DataFrame(
        {
            "item_id": range(1, count + 1),
            "published": days.strftime("%Y-%m-%d"),
            "outlet": [f"Outlet {i}" for i in range(count)],
            "language": language,
            # distinct letters-only words, so no two items are copies of one story
            "title": [f"{title} {_word(i)} {_word(i + 7919)} {_word(i + 104729)}" for i in range(count)],
            "url": [f"https://n.example/{i}" for i in range(count)],
            "summary": "",
            "countries": "",
            "retrieved_from": "",
        }
    )


def test_shares_are_computed_from_the_minimum_count_up(rules):
    enough = classify_media(_many(MIN_ITEMS_FOR_SHARE, start="2023-01-01", every_days=1), rules)
    assert theme_shares(enough, list(rules.theme_labels)).set_index("main_theme").loc["arrivals", "share_pct"] == 100
    fewer = classify_media(_many(MIN_ITEMS_FOR_SHARE - 1, start="2023-01-01", every_days=1), rules)
    assert theme_shares(fewer, list(rules.theme_labels))["share_pct"].isna().all()
    assert share_pct(5, MIN_ITEMS_FOR_SHARE) == 25.0 and share_pct(5, MIN_ITEMS_FOR_SHARE - 1) is None


def test_the_suggested_period_is_the_finest_with_enough_items(rules):
    daily = classify_media(_many(400, start="2023-01-01", every_days=1), rules)
    assert suggest_every(daily) == "month"  # ~30 a month, 7 a week
    sparse = classify_media(_many(60, start="2015-01-01", every_days=40), rules)
    assert suggest_every(sparse) == "year"


def test_syndicated_copies_count_once_with_their_outlets(rules):
    media = pd.DataFrame(
        {
            "item_id": [1, 2, 3, 4],
            "published": ["2015-08-10", "2015-08-11", "2015-08-30", "2015-08-11"],
            "outlet": ["Wire A", "Paper B", "Paper C", "Paper D"],
            "language": ["en", "en", "en", "fr"],
            "title": ["Relief centre returns 1,400 Yemeni refugees from Djibouti"] * 3
            + ["Le centre rapatrie 1 400 réfugiés yéménites de Djibouti"],
            "url": [f"https://s.example/{i}" for i in range(4)],
            "summary": ["The centre is returning 1,400 Yemeni refugees in Djibouti to Yemen."] * 3 + [""],
            "countries": "",
            "retrieved_from": "",
        }
    )
    stories = classify_media(media, rules).set_index("item_id")
    # item 2 is a copy of 1 (next day); item 3 is the same text three weeks later (a new story); 4 is French
    assert sorted(stories.index) == [1, 3, 4]
    assert stories.loc[1, "outlets"] == ["Wire A", "Paper B"] and stories.loc[1, "copies"] == 2
    assert stories.loc[3, "copies"] == 1
