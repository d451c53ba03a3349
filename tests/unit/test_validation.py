"""Bad data is refused with messages naming file, row, column, value and what was expected."""

from pathlib import Path

import pytest

from imapdash.datasets import DatasetError, load_datasets
from imapdash.datasets.schema import TABLES_BY_NAME


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture does not contain {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(data_dir: Path) -> list:
    with pytest.raises(DatasetError) as info:
        load_datasets(data_dir)
    return info.value.problems


def test_fixture_data_is_valid(data_copy):
    datasets = load_datasets(data_copy)
    assert datasets.row_counts()["flows"] == 7


def test_missing_file_is_named(data_copy):
    (data_copy / "indicators.csv").unlink()  # required (countries, indicators, indicator values)
    [problem] = problems_of(data_copy)
    assert problem.file == "indicators.csv" and "missing" in problem.message


def test_a_missing_optional_file_is_no_problem(data_copy):
    (data_copy / "flows.csv").unlink()  # optional since issue 17: the routes view says there is no data
    datasets = load_datasets(data_copy)  # raises DatasetError on any problem
    assert not datasets.has("flows") and datasets.flows.empty


def test_missing_column_is_named_with_the_header_row(data_copy):
    replace_in(data_copy / "flows.csv", "route_id,period,", "route,period,")
    found = {(p.file, p.row, p.column, p.message) for p in problems_of(data_copy)}
    assert ("flows.csv", 1, "route_id", "column is missing") in found


def test_wrong_type_names_row_column_value_and_expectation(data_copy):
    replace_in(data_copy / "flows.csv", "2023,year,GIN,detections,300", "2023,year,GIN,detections,three hundred")
    [problem] = problems_of(data_copy)
    assert (problem.file, problem.row, problem.column, problem.value) == ("flows.csv", 3, "value", "three hundred")
    assert problem.expected == "a whole number"
    assert str(problem).startswith("flows.csv row 3, column 'value': invalid value")


def test_negative_count_is_refused(data_copy):
    replace_in(data_copy / "flows.csv", "2024,year,ALL,detections,600", "2024,year,ALL,detections,-600")
    [problem] = problems_of(data_copy)
    assert (problem.row, problem.column, problem.value) == (5, "value", "-600")
    assert "cannot be negative" in problem.expected


def test_share_outside_0_to_100_is_refused(data_copy):
    replace_in(data_copy / "composition.csv", "sea arrivals,men,70,,", "sea arrivals,men,70,170,")
    [problem] = problems_of(data_copy)
    assert (problem.file, problem.row, problem.column, problem.value) == ("composition.csv", 3, "share_pct", "170")
    assert problem.expected == "a value between 0 and 100"


def test_unknown_iso3_is_refused(data_copy):
    replace_in(data_copy / "indicator_values.csv", "TUN,migrant_stock_total", "TUX,migrant_stock_total")
    [problem] = problems_of(data_copy)
    assert (problem.file, problem.row, problem.column, problem.value) == ("indicator_values.csv", 4, "iso3", "TUX")


def test_duplicate_key_names_both_rows(data_copy):
    path = data_copy / "indicator_values.csv"
    replace_in(path, "ITA,migrant_stock_total,2024,6500", "ITA,migrant_stock_total,2020,6500")
    [problem] = problems_of(data_copy)
    assert problem.row == 3 and "first seen on row 2" in problem.message


def test_empty_file_is_refused(data_copy):
    (data_copy / "media.csv").write_bytes(b"")
    [problem] = problems_of(data_copy)
    assert problem.file == "media.csv" and problem.message == "file is empty"


def test_header_only_file_is_refused(data_copy):
    header = "item_id,published,outlet,language,title,url,summary,countries,retrieved_from,collected_from\n"
    (data_copy / "media.csv").write_text(header)
    [problem] = problems_of(data_copy)
    assert "no data rows" in problem.message


def test_non_utf8_bytes_name_the_line(data_copy):
    path = data_copy / "media.csv"
    path.write_bytes(path.read_bytes().replace("Arrivées".encode(), "Arriv\xe9es".encode("latin-1")))
    [problem] = problems_of(data_copy)
    assert (problem.file, problem.row) == ("media.csv", 3) and "UTF-8" in problem.expected


def test_file_over_the_size_cap_is_refused_before_parsing(data_copy, monkeypatch):
    from dataclasses import replace

    import imapdash.datasets.store as store

    small = tuple(replace(t, max_bytes=200) if t.name == "flows" else t for t in store.TABLES)
    monkeypatch.setattr(store, "TABLES", small)
    [problem] = problems_of(data_copy)
    assert problem.file == "flows.csv" and "at most 200 bytes" in problem.expected


def test_unknown_reference_to_another_table(data_copy):
    replace_in(data_copy / "flows.csv", "other,2023,year", "nowhere,2023,year")
    [problem] = problems_of(data_copy)
    assert (problem.column, problem.value, problem.expected) == ("route_id", "nowhere", "a route_id listed in routes")


def test_every_problem_is_reported_at_once(data_copy):
    replace_in(data_copy / "flows.csv", "2024,year,ALL,detections,600", "2024,year,ALL,detections,-600")
    replace_in(data_copy / "composition.csv", "sea arrivals,men,70,,", "sea arrivals,men,70,170,")
    (data_copy / "indicator_values.csv").unlink()
    (data_copy / "media.csv").unlink()  # optional: absent is no problem
    files = sorted(p.file for p in problems_of(data_copy))
    assert files == ["composition.csv", "flows.csv", "indicator_values.csv"]


def test_invalid_geometry_is_refused(data_copy):
    path = data_copy / "countries.geojson"
    replace_in(path, "[[[8,31],[11,31],[11,37],[8,37],[8,31]]]", "[[[8,31],[11,37],[11,31],[8,37],[8,31]]]")
    [problem] = problems_of(data_copy)
    assert (problem.file, problem.row, problem.value) == ("countries.geojson", 4, "TUN")


def test_restricted_rows_are_kept_apart_from_public_frames(data_copy):
    datasets = load_datasets(data_copy)
    assert "2025-01" not in set(datasets.flows["period"])
    assert datasets.restricted_count("flows") == 1
    everything = datasets.frame("flows", include_restricted=True)
    assert "2025-01" in set(everything["period"])


def test_every_schema_column_is_documented_in_the_contract():
    contract = (Path(__file__).resolve().parents[2] / "docs" / "data-contract.md").read_text(encoding="utf-8")
    for schema in TABLES_BY_NAME.values():
        assert ", ".join(schema.column_names) in contract, schema.file
