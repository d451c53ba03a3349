"""Chart text alternatives: the summary sentence states the right extremes and counts, in each language."""

import math

from dash import html

from imapdash.components.chart_alt import alternative_ids, chart_alternative, chart_summary


def test_summary_names_highest_and_lowest_and_counts_countries_with_and_without_data():
    points = [("Jordan", 45.5), ("Chad", 0.3), ("Tunisia", 0.5), ("Mali", None), ("Niger", math.nan)]
    text = chart_summary(points, unit="percent", decimals=1, missing=210)
    assert text == "Highest: Jordan 45.5 %, lowest: Chad 0.3 %; 3 countries with data, 210 without."


def test_summary_without_missing_counts_values_and_formats_numbers_with_grouping():
    text = chart_summary([("2015", 1_000_573.0), ("2016", 373_652.0), ("2017", None)])
    assert text == "Highest: 2015 1,000,573, lowest: 2016 373,652; 2 values."


def test_summary_of_a_single_value_and_of_nothing():
    assert chart_summary([("Libya", 12.0)]) == "Only value: Libya 12."
    assert chart_summary([("Libya", None)], missing=5) == "No data to show."
    assert chart_summary([]) == "No data to show."


def test_ties_keep_the_first_label_in_display_order():
    assert chart_summary([("A", 5.0), ("B", 5.0), ("C", 1.0)]).startswith("Highest: A 5, lowest: C 1")


def test_summary_is_translated_with_local_number_conventions():
    fr = chart_summary([("Jordanie", 45.5), ("Tchad", 1234.5)], lang="fr", decimals=1, missing=2)
    assert fr == (
        "Valeur la plus élevée : Tchad 1\u202f234,5, la plus basse : Jordanie 45,5; 2 pays avec des données, 2 sans."
    )
    assert chart_summary([("الأردن", 3.0)], lang="ar", missing=0).startswith("القيمة الوحيدة: الأردن 3")


def test_alternative_block_has_the_summary_and_a_table_with_headers_behind_a_toggle():
    block = chart_alternative("g", "Highest: X 3", ["Country", "Value"], [("Jordan", "45.5 %"), ("Chad", "0.3 %")])
    summary_id, table_id = alternative_ids("g")
    summary, details = block.children
    assert (summary.id, summary.children) == (summary_id, "Highest: X 3")
    assert isinstance(details, html.Details) and details.children[0].children == "Show data table"
    table = details.children[1]
    assert table.id == table_id
    # one TextTable component (assets/js/tables.js draws <th scope="col">, each row's first cell <th scope="row">)
    drawn = table.children
    assert (drawn._namespace, drawn._type) == ("imapdash_tables", "TextTable")
    assert drawn.columns == ["Country", "Value"]
    assert drawn.rows == [["Jordan", "45.5 %"], ["Chad", "0.3 %"]]
    assert "chart-alt-table" in drawn.className
