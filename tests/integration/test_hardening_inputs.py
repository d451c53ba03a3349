"""Every malformed input gets the file/row/column report, never a traceback (issue 16, Medium/Low).

Validator: duplicate keys with empty key cells, a quoted carriage return, NUL and other control
characters. Uploads: an .xlsx declaring a huge sheet range, negative counts.
"""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from imapdash.datasets import DatasetError, load_datasets
from imapdash.partner import submissions as sub
from tests.conftest import FIXTURE_DATA

HEADER = "iso3,indicator_id,year,value,period_label,source_org,source_url,vintage\n"
ROW = "TUN,migrant_stock_total,2024,65,2024,INS Tunisia,https://www.ins.tn/,2025-05\n"


@pytest.fixture(scope="module")
def datasets():
    return load_datasets(FIXTURE_DATA)


def problems_of(data_dir: Path) -> list:
    with pytest.raises(DatasetError) as info:
        load_datasets(data_dir)
    return info.value.problems


def duplicate_first_row(path: Path, old: str, new: str) -> None:
    lines = path.read_bytes().decode().splitlines(keepends=True)
    assert old in lines[1]
    bad = lines[1].replace(old, new, 1)
    path.write_bytes((lines[0] + bad + bad + "".join(lines[2:])).encode())


def test_duplicate_keys_with_an_empty_number_key_cell_are_reported(data_copy):
    duplicate_first_row(data_copy / "indicator_values.csv", ",2020,", ",,")
    found = {(p.row, p.column, p.message.split(" (")[0]) for p in problems_of(data_copy)}
    assert (2, "year", "value is missing") in found and (3, "year", "value is missing") in found
    assert any(row == 3 and msg.startswith("duplicate key") for row, _col, msg in found)


def test_a_quoted_carriage_return_in_a_key_cell_is_reported(data_copy):
    duplicate_first_row(data_copy / "indicator_values.csv", ",2020,", ',"\r",')
    problems = problems_of(data_copy)
    assert {(p.row, p.column) for p in problems if "control character" in p.message} == {(2, "year"), (3, "year")}


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\r", "\x7f"])
def test_control_characters_in_text_cells_are_refused(data_copy, char):
    path = data_copy / "routes.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("From Libya", f'"From{char} Libya', 1).replace("to Italy and Malta.", 'to Italy and Malta."', 1),
        encoding="utf-8",
    )
    [problem] = problems_of(data_copy)
    assert (problem.file, problem.row, problem.column) == ("routes.csv", 2, "description")
    assert "control character" in problem.message


def test_validate_command_reports_instead_of_crashing(data_copy, capsys):
    from imapdash.cli import main

    duplicate_first_row(data_copy / "indicator_values.csv", ",2020,", ",,")
    code = main(["validate", str(data_copy)])
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err and "indicator_values.csv row 3" in err


def test_an_upload_with_nul_is_refused_naming_row_and_column(datasets):
    raw = (HEADER + ROW.replace("INS Tunisia", "INS\x00Tunisia")).encode()
    result = sub.validate_upload("values.csv", raw, country="TUN", datasets=datasets)
    assert not result.ok
    assert any(p.row == 2 and p.column == "source_org" and "control character" in p.message for p in result.problems)


def test_an_upload_with_duplicate_empty_keys_is_a_report_not_a_500(datasets):
    bad = ROW.replace(",2024,65,", ",,65,")
    result = sub.validate_upload("values.csv", (HEADER + bad + bad).encode(), country="TUN", datasets=datasets)
    assert not result.ok and any("duplicate key" in p.message for p in result.problems)


def test_negative_counts_in_an_upload_are_refused(datasets):
    result = sub.validate_upload(
        "values.csv", (HEADER + ROW.replace(",65,", ",-65,")).encode(), country="TUN", datasets=datasets
    )
    assert not result.ok
    assert any(p.column == "value" and "negative" in (p.expected or "") for p in result.problems)


def _lying_xlsx(ref: str) -> bytes:
    """A small valid workbook whose sheet declares the dimension `ref` (e.g. the whole grid)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(ROW.strip().split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data)
                if n == 0:
                    data = data.replace(b"<sheetData", f'<dimension ref="{ref}"/><sheetData'.encode(), 1)
            target.writestr(item, data)
    return out.getvalue()


def test_an_xlsx_declaring_a_huge_range_is_refused_cheaply(datasets):
    raw = _lying_xlsx("A1:XFD1048576")
    assert len(raw) < 50_000
    tracemalloc.start()
    result = sub.validate_upload("values.xlsx", raw, country="TUN", datasets=datasets)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert not result.ok
    assert any("declares" in p.message for p in result.problems), [str(p) for p in result.problems]
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


def test_an_xlsx_with_a_small_honest_range_still_passes(datasets):
    result = sub.validate_upload("values.xlsx", _lying_xlsx("A1:H2"), country="TUN", datasets=datasets)
    assert result.ok, [str(p) for p in result.problems]


def test_an_xlsx_row_with_empty_trailing_cells_keeps_its_columns(datasets):
    book = openpyxl.Workbook()
    book.active.append(HEADER.strip().split(","))
    book.active.append(ROW.strip().split(",")[:-1])  # no vintage: reported as missing, not misread
    buffer = io.BytesIO()
    book.save(buffer)
    result = sub.validate_upload("values.xlsx", buffer.getvalue(), country="TUN", datasets=datasets)
    assert [(p.row, p.column, p.message) for p in result.problems] == [(2, "vintage", "value is missing")]
