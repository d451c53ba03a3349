"""The shared view plumbing: bounded LRU, name lookups (one fallback rule), ChartOutput, the URL binder, ViewContext."""

from __future__ import annotations

import threading

import pandas as pd
import pytest

from imapdash.components.chart import ChartOutput, chart_block, chart_ids
from imapdash.datasets import load_datasets
from imapdash.lru import BoundedLRU
from imapdash.transforms import names
from imapdash.urlstate import UNCHANGED, UrlBinder, as_int, first, url_language
from imapdash.views.context import ViewContext, chart_outputs, dash_values, view_context
from tests.conftest import FIXTURE_DATA

# --- BoundedLRU -----------------------------------------------------------------------------------------------------


def test_lru_keeps_at_most_max_items_and_evicts_the_least_recent():
    lru: BoundedLRU[str, int] = BoundedLRU(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # "a" is now the most recent
    evicted = lru.put("c", 3)
    assert evicted == 2 and "b" not in lru and lru.keys() == ["a", "c"] and len(lru) == 2


def test_lru_computes_once_per_key_and_counts_hits():
    lru: BoundedLRU[str, list] = BoundedLRU(4)
    calls = []
    for _ in range(3):
        value = lru.get_or_compute("k", lambda: calls.append(1) or ["v"])
    assert value == ["v"] and len(calls) == 1 and (lru.hits, lru.misses) == (2, 1)


def test_lru_refuses_a_zero_bound():
    with pytest.raises(ValueError):
        BoundedLRU(0)


def test_lru_stays_bounded_under_threads():
    lru: BoundedLRU[int, int] = BoundedLRU(8)

    def work(offset: int) -> None:
        for i in range(500):
            lru.get_or_compute(offset * 1000 + i, lambda i=i: i)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(lru) == 8


# --- names: one fallback rule ------------------------------------------------------------------------------------


COUNTRIES = pd.DataFrame(
    {
        "iso3": ["TUN", "XKX", "ZZZ", "NAN"],
        "name_en": ["Tunisia", "Kosovo", "", "nan"],
        "name_fr": ["Tunisie", "", None, "<NA>"],
        "name_ar": ["تونس", float("nan"), "", ""],
    }
)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", {"TUN": "Tunisie", "XKX": "Kosovo", "ZZZ": "ZZZ", "NAN": "NAN"}),
        ("ar", {"TUN": "تونس", "XKX": "Kosovo", "ZZZ": "ZZZ", "NAN": "NAN"}),
        ("en", {"TUN": "Tunisia", "XKX": "Kosovo", "ZZZ": "ZZZ", "NAN": "NAN"}),
        ("xx", {"TUN": "Tunisia", "XKX": "Kosovo", "ZZZ": "ZZZ", "NAN": "NAN"}),
    ],
)
def test_country_names_reader_language_then_english_then_code(lang, expected):
    assert names.country_names_from(COUNTRIES, lang) == expected


def test_pick_name_is_the_same_rule_for_a_single_entry():
    assert names.pick_name({"en": "Italy", "fr": "Italie"}, "ITA", "fr") == "Italie"
    assert names.pick_name({"en": "Italy", "fr": " "}, "ITA", "fr") == "Italy"
    assert names.pick_name({}, "ITA", "ar") == "ITA"


def test_route_names_catalogue_then_published_name_then_id():
    routes = pd.DataFrame({"route_id": ["central-mediterranean", "new-route", "bare"], "name": ["x", "New", ""]})
    found = names.route_names_from(routes, "fr")
    assert found["central-mediterranean"] not in ("x", "central-mediterranean")  # the French catalogue's name
    assert found["new-route"] == "New" and found["bare"] == "bare"


def test_names_are_built_once_per_data_version_and_language(monkeypatch):
    datasets = load_datasets(FIXTURE_DATA)
    calls = []
    real = names.country_names_from
    monkeypatch.setattr(names, "country_names_from", lambda frame, lang: calls.append(lang) or real(frame, lang))
    names._NAMES.clear()
    first_call = names.country_names(datasets, "fr")
    assert names.country_names(datasets, "fr") is first_call
    names.country_names(datasets, "ar")
    assert calls == ["fr", "ar"]
    assert names.place_names(datasets, "fr")["TUN"] == first_call["TUN"]


# --- ChartOutput: one unit per chart -----------------------------------------------------------------------------


def test_chart_output_parts_fill_figure_summary_and_table_together():
    chart = ChartOutput({"data": []}, "Highest: Tunisia 5.", [("Tunisia", "5")], ("Country", "Value"))
    figure, summary, table = chart.parts()
    assert figure == {"data": []} and summary == "Highest: Tunisia 5."
    text = str(table.to_plotly_json())
    assert "Tunisia" in text and "Country" in text


def test_chart_outputs_match_the_ids_the_block_uses():
    outputs = chart_outputs("explorer-ranking")
    assert [(o.component_id, o.component_property) for o in outputs] == [
        ("explorer-ranking", "figure"),
        ("explorer-ranking-summary", "children"),
        ("explorer-ranking-alt-table", "children"),
    ]
    block = chart_block("explorer-ranking", ChartOutput({}, "s", [], ("a",)))
    ids = set()

    def walk(node):
        if hasattr(node, "to_plotly_json"):
            props = node.to_plotly_json()["props"]
            if props.get("id"):
                ids.add(props["id"])
            children = props.get("children")
            for child in children if isinstance(children, list) else [children]:
                walk(child)

    for node in block:
        walk(node)
    assert set(chart_ids("explorer-ranking")) <= ids


# --- the URL binder -----------------------------------------------------------------------------------------------

KNOWN = ("a", "b")
BINDER = UrlBinder(
    path="/demo",
    controls=(("demo-ind", "value"), ("demo-year", "value")),
    read_query=lambda src, q: (first(q, "ind") if first(q, "ind") in KNOWN else "a", as_int(q, "year", 2000)),
    read_controls=lambda src, v: (v[0] if v[0] in KNOWN else "a", int(v[1]) if v[1] is not None else 2000),
    control_values=lambda src, s: (s[0], s[1]),
    write_query=lambda src, s: {"ind": s[0], "year": s[1]},
)


def test_binder_writes_state_then_language_then_kept_shell_params():
    query = BINDER.search_for(None, ("b", 2010), lang="fr", current_search="?embed=1&release=3&junk=1")
    assert query == "?ind=b&year=2010&lang=fr&embed=1&release=3"
    assert BINDER.search_for(None, ("b", 2010), lang="fr", current_search=query) is UNCHANGED


def test_binder_language_rule_default_only_when_explicit():
    assert BINDER.search_for(None, ("a", 2000), lang="en", current_search="") == "?ind=a&year=2000"
    assert BINDER.search_for(None, ("a", 2000), lang="en", current_search="?lang=en") == "?ind=a&year=2000&lang=en"
    assert url_language("ar", None) == "ar" and url_language(None, "?lang=fr") == "en"


def test_binder_restores_only_controls_that_differ_and_validates_the_url():
    assert BINDER.controls_for(None, "?ind=b&year=2010", ("a", 2010)) == ("b", UNCHANGED)
    assert BINDER.controls_for(None, "?ind=evil&year=x", ("b", 1990)) == ("a", 2000)
    assert dash_values(("a", UNCHANGED))[1] is not UNCHANGED


def test_binder_knows_its_page():
    assert BINDER.on_path("/demo") and BINDER.on_path("/demo/") and not BINDER.on_path("/")


# --- ViewContext ------------------------------------------------------------------------------------------------


def test_view_context_outside_a_request_reads_no_user_and_no_pin():
    datasets = load_datasets(FIXTURE_DATA)
    vc = view_context(datasets, "FR")
    assert vc.datasets is datasets and vc.lang == "fr" and vc.user is None and vc.pin_params == {}
    assert vc.triggered == frozenset()


def test_view_context_once_computes_once_per_key():
    vc = ViewContext(datasets=load_datasets(FIXTURE_DATA), lang="en", pinned=4, triggered=frozenset({"x.value"}))
    calls = []
    assert vc.once("k", lambda: calls.append(1) or 5) == 5 and vc.once("k", lambda: 6) == 5 and calls == [1]
    assert vc.pin_params == {"release": 4} and vc.triggered_by("x") and not vc.triggered_by("y")
