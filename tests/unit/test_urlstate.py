import pytest

from imapdash.urlstate import as_int, as_list, first, parse_query, to_query


@pytest.mark.parametrize(
    "params",
    [
        {"indicator": "migrant_stock_total", "year": "2024"},
        {"sel": ["TUN", "ITA"], "tab": "map"},
        {"route": ["central-mediterranean"], "q": "a b&c"},
    ],
)
def test_query_round_trip(params):
    parsed = parse_query(to_query(params))
    for name, value in params.items():
        if isinstance(value, list):
            assert as_list(parsed, name) == value
        else:
            assert first(parsed, name) == value


def test_to_query_leaves_out_empty_values():
    assert to_query({"a": None, "b": "", "c": [], "d": 1}) == "?d=1"
    assert to_query({}) == ""


def test_parse_query_tolerates_junk():
    assert parse_query(None) == {}
    assert as_int(parse_query("?year=20x4"), "year", 2000) == 2000
    assert as_list(parse_query("?sel=TUN,,ITA,TUN"), "sel") == ["TUN", "ITA"]


def test_a_view_rewriting_its_query_keeps_the_shell_parameters():
    from imapdash.urlstate import keep_shell_params

    assert keep_shell_params("?measure=x", "?measure=y&embed=1&release=3&lang=fr") == "?measure=x&embed=1&release=3"
    assert keep_shell_params("", "?present=1") == "?present=1"
    assert keep_shell_params("?release=2", "?release=3") == "?release=2", "a view's own choice wins"
    assert keep_shell_params("?a=1", None) == "?a=1"


def test_routes_and_news_keep_an_embedded_pinned_view_embedded_and_pinned():
    from types import SimpleNamespace

    from imapdash.views import routes
    from imapdash.views.news import state as news
    from imapdash.views.routes.state import RoutesState, control_values

    values = control_values(RoutesState())
    query = routes.BINDER.search_for(None, values, lang="en", current_search="?embed=1&present=1&release=4")
    assert query == "?measure=detections&embed=1&present=1&release=4"
    corpus = SimpleNamespace(theme_ids=(), bounds=(2014, 2025))
    news_query = news.NEWS_URL.query_for(corpus, news.parse_state({}), lang="en", current_search="?release=4")
    assert news_query.endswith("release=4")
