"""docs/data-contract.md is generated from imapdash/datasets/schema.py and must not go stale."""

from __future__ import annotations

from dataclasses import replace

from databuild.contract import CONTRACT_PATH, render_contract, render_table
from imapdash.datasets.schema import TABLES, TABLES_BY_NAME, Column


def test_data_contract_page_is_what_the_schema_generates():
    page = CONTRACT_PATH.read_text(encoding="utf-8")
    assert page == render_contract(), "docs/data-contract.md is stale: run `python -m databuild contract`"


def test_contract_changes_when_a_column_is_added():
    flows = TABLES_BY_NAME["flows"]
    wider = replace(flows, columns=(*flows.columns, Column("confidence", "float", required=False, min=0, max=1)))
    tables = tuple(wider if t.name == "flows" else t for t in TABLES)
    assert render_contract(tables) != render_contract()
    assert "| `confidence` | number |  | 0 to 1 |" in render_table(wider)


def test_contract_lists_choices_ranges_and_references_of_a_column():
    section = render_table(TABLES_BY_NAME["flows"])
    assert section.startswith("## flows.csv — key `route_id, period, nationality_iso3, measure, source_org`\n")
    assert "| `route_id` | text | yes | → `routes.route_id` |" in section
    assert "| `value` | integer | yes | ≥ 0 |" in section
    assert "| `period_type` | one of | yes | `year`, `month` |" in section
    assert "partners only" in section  # flows has a restricted column
