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
