"""The partner area's callback-made text in French and Arabic: figure, tables, problems, text alternative."""

from __future__ import annotations

import json

import pandas as pd
from dash import html

from imapdash.components.chart_alt import alternative_ids
from imapdash.datasets import Problem, load_datasets
from imapdash.figures.partner import preliminary_flows_figure
from imapdash.ids import Partner
from imapdash.partner.flows import preliminary_monthly
from imapdash.views import partner as view
from imapdash.views.partner import admin, agency, charts, focal_point, text
from tests.conftest import FIXTURE_DATA
from tests.unit.test_partner_flows import FLOWS

NAMES = {"cm": "Méditerranée centrale"}
NNBSP = "\u202f"


def text_of(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda c: c.to_plotly_json(), ensure_ascii=False)


def test_figure_in_french_has_translated_title_axes_and_local_numbers():
    frame = preliminary_monthly(FLOWS.assign(value=[1200.0, 99.0, 500.0, 40.0, 7.0]))
    fig = preliminary_flows_figure(frame, NAMES, "fr")
    assert fig.layout.title.text.startswith("Franchissements irréguliers") and "préliminaire" in fig.layout.title.text
    value_axis = next(a.text for a in fig.layout.annotations if a.name == "value-axis-title")  # above the plot
    assert (fig.layout.xaxis.title.text, value_axis) == ("Mois", "Détections")
    assert list(fig.data[0].customdata) == ["99 détections (préliminaire)", f"1{NNBSP}200 détections (préliminaire)"]
    assert fig.layout.xaxis.autorange is None and fig.layout.yaxis.side is None


def test_figure_in_arabic_has_titles_right_months_left_to_right_and_empty_says_no_data():
    fig = preliminary_flows_figure(preliminary_monthly(FLOWS, "none"), {}, "ar")
    assert fig.layout.xaxis.autorange is None  # time runs left to right in every language
    assert fig.layout.title.xanchor == "right" and fig.layout.title.text.startswith("عمليات العبور")
    assert any(a.text == "لا توجد بيانات" for a in fig.layout.annotations)


def test_problem_framing_is_translated_and_the_message_kept():
    cell = Problem("tun.csv", "invalid value", row=2, column="value", value="lots", expected="a number")
    assert text_of(focal_point.problem_item(cell, "fr")).count("Ligne 2, colonne value : invalid value") == 1
    english = text_of(focal_point.problem_item(cell, "en"))
    assert "Row 2, column value: invalid value" in english and '"lots"' in english and "expected a number" in english
    whole = focal_point.problem_item(Problem("x.txt", "file type .txt is not accepted"), "ar")
    assert whole.children[0] == "الملف \u2068x.txt\u2069: \u2068file type .txt is not accepted\u2069"  # isolated
    problems = focal_point.problems_list([cell] * 102, "fr")
    assert "102 problème(s)" in text_of(problems) and "… et 2 de plus" in text_of(problems)


def test_flows_table_headers_statuses_and_numbers_follow_the_language():
    frame = preliminary_monthly(FLOWS.assign(value=[1200.0, 99.0, 500.0, 40.0, 7.0]))
    table = text_of(agency.flows_table(frame, NAMES, "fr"))
    for header in ("Route", "Mois", "Détections", "Statut", "Source"):
        assert f'"{header}"' in table
    assert "préliminaire" in table and f"1{NNBSP}200" in table and "Méditerranée centrale" in table
    assert text_of(agency.flows_table(frame.iloc[0:0], NAMES, "ar")).count("لا توجد بيانات") == 1


def test_text_alternative_summarises_and_tabulates_what_the_chart_draws():
    chart = charts.flows_chart(preliminary_monthly(FLOWS), NAMES, "en")
    figure, summary, table = chart.parts()
    assert figure["data"][0]["y"] == [99.0, 120.0] and figure["data"][1]["y"] == [40.0]  # drawn from the same frame
    assert summary.startswith("Highest: Méditerranée centrale, 2025-02")
    assert "lowest: wm, 2025-01" in summary
    assert table.rows == [
        ["Méditerranée centrale", "2025-01", "99"],
        ["Méditerranée centrale", "2025-02", "120"],
        ["wm", "2025-01", "40"],
    ]
    assert all(i.startswith("partner-") for i in alternative_ids(Partner.GRAPH))


def test_usage_headers_and_groups_are_translated():
    frame = pd.DataFrame({"week": ["2026-W48"], "page": ["/"], "partner state (north)": [1234], "public": [3]})
    table = admin.usage_component(frame, "fr")
    headers = [th.children for th in table.children[0].children.children]
    assert headers == ["Semaine", "Page", "État partenaire (nord)", "public"]
    assert [td.children for td in table.children[1].children[0].children] == ["2026-W48", "/", f"1{NNBSP}234", "3"]
    assert text_of(admin.usage_component(pd.DataFrame(columns=["week", "page"]), "en")).count("No page views") == 1


def test_unknown_codes_are_shown_as_they_are():
    assert text.code_label("partner.status", "preliminary", "fr") == "préliminaire"
    assert text.code_label("partner.status", "something-new", "fr") == "something-new"
    assert (
        text.typed_number(65.0, "fr") == "65"
        and text.typed_number(1.5, "fr") == "1,50"
        and text.typed_number(None, "en") == "—"
    )


def test_layout_holds_an_empty_text_alternative_with_partner_ids():
    page = view.layout(load_datasets(FIXTURE_DATA), query={"lang": ["fr"]})
    text = text_of(page)
    summary_id, table_id = alternative_ids(Partner.GRAPH)
    assert f'"{summary_id}"' in text and f'"{table_id}"' in text
    assert "2025-01" not in text and isinstance(page, html.Div)
