"""Focal-point submissions: bad uploads change nothing; approval is atomic, audited and revertible."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from imapdash.auth.models import AuditEvent
from imapdash.datasets import load_datasets
from imapdash.db import open_engine, session_scope
from imapdash.partner import submissions as sub
from imapdash.partner.models import IndicatorOverride, Submission
from tests.conftest import FIXTURE_DATA

HEADER = "iso3,indicator_id,year,value,period_label,source_org,source_url,vintage\n"
GOOD = HEADER + (
    "TUN,migrant_stock_total,2024,65,2024,INS Tunisia,https://www.ins.tn/,2025-05\n"
    "TUN,refugees_hosted,2024,12,end-2024,INS Tunisia,https://www.ins.tn/,2025-05\n"
)


@pytest.fixture(scope="module")
def datasets():
    return load_datasets(FIXTURE_DATA)


@pytest.fixture
def engine(tmp_path: Path):
    engine = open_engine(f"sqlite:///{tmp_path / 'p.db'}")
    yield engine
    engine.dispose()


def check(datasets, text_or_bytes, filename="values.csv", country="TUN"):
    raw = text_or_bytes.encode() if isinstance(text_or_bytes, str) else text_or_bytes
    return sub.validate_upload(filename, raw, country=country, datasets=datasets)


def xlsx_bytes(rows: list[list], sheets: int = 1) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for n in range(1, sheets):
        book.create_sheet(f"extra{n}")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def state(engine) -> tuple[int, int, int]:
    with session_scope(engine=engine) as db:
        return (
            db.scalar(select(func.count()).select_from(IndicatorOverride)),
            db.scalar(select(func.count()).select_from(Submission)),
            db.scalar(select(func.count()).select_from(AuditEvent)),
        )


def messages(result) -> str:
    return "\n".join(str(p) for p in result.problems)


# --- bad uploads --------------------------------------------------------------------------------


def test_wrong_column_is_reported_by_name(datasets):
    result = check(datasets, GOOD.replace("value,period_label", "amount,period_label"))
    assert not result.ok and result.frame is None
    text = messages(result)
    assert "column 'value': column is missing" in text
    assert "column 'amount': unknown column" in text


def test_text_in_a_number_is_reported_by_row_and_column(datasets):
    result = check(datasets, GOOD.replace(",65,", ",sixty-five,"))
    assert not result.ok
    assert "values.csv row 2, column 'value': invalid value (got 'sixty-five'); expected a number" in messages(result)


def test_rows_for_another_country_are_refused(datasets):
    result = check(datasets, GOOD + "ITA,migrant_stock_total,2024,1,2024,ISTAT,https://www.istat.it/,2025\n")
    assert not result.ok
    assert "row 4, column 'iso3': row is for another country and is refused (got 'ITA'); expected TUN" in messages(
        result
    )


def test_unknown_indicator_and_country_codes_are_refused(datasets):
    result = check(datasets, GOOD.replace("refugees_hosted", "made_up").replace("TUN,migrant", "XXX,migrant"))
    text = messages(result)
    assert "row 3, column 'indicator_id': unknown reference" in text
    assert "row 2, column 'iso3': invalid value (got 'XXX')" in text


def test_oversize_file_is_refused_before_parsing(datasets):
    big = GOOD + "x" * (sub.MAX_DECODED_BYTES + 1)
    result = check(datasets, big)
    assert f"at most {sub.MAX_DECODED_BYTES:,} bytes" in messages(result)


def test_too_many_rows_are_refused(datasets):
    rows = "".join(f"TUN,migrant_stock_total,{1900 + i % 200},{i},x,O,https://o.org/,v\n" for i in range(5001))
    result = check(datasets, HEADER + rows)
    assert "at most 5,000 data rows" in messages(result)


def test_only_csv_and_xlsx_are_accepted(datasets):
    result = check(datasets, GOOD, filename="values.xls")
    assert "file type .xls is not accepted; expected a .csv or .xlsx file" in messages(result)


def test_broken_xlsx_is_refused(datasets):
    result = check(datasets, b"PK\x03\x04 not really a zip", filename="values.xlsx")
    assert "not a valid .xlsx file" in messages(result)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<broken")
    result = check(datasets, archive.getvalue(), filename="values.xlsx")
    assert "the workbook cannot be read" in messages(result)


def test_zip_bomb_like_xlsx_is_refused_before_openpyxl(datasets, monkeypatch):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (sub.MAX_XLSX_UNCOMPRESSED + 1))
    raw = archive.getvalue()
    assert len(raw) < sub.MAX_DECODED_BYTES  # small on the wire, large once unpacked

    def must_not_open(*args, **kwargs):
        raise AssertionError("openpyxl was reached")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_open)
    result = check(datasets, raw, filename="values.xlsx")
    assert "workbook unpacks to" in messages(result)


def test_xlsx_with_too_many_parts_or_sheets_is_refused(datasets):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        for n in range(sub.MAX_XLSX_MEMBERS + 1):
            z.writestr(f"x/{n}.xml", "")
    assert "parts" in messages(check(datasets, archive.getvalue(), filename="v.xlsx"))
    rows = [line.split(",") for line in GOOD.strip().splitlines()]
    assert "exactly one sheet" in messages(check(datasets, xlsx_bytes(rows, sheets=2), filename="v.xlsx"))


def test_a_good_xlsx_gives_the_same_rows_as_the_csv(datasets):
    rows = [line.split(",") for line in GOOD.strip().splitlines()]
    rows[1][2], rows[1][3] = 2024, 65  # real numbers in cells, as Excel stores them
    result = check(datasets, xlsx_bytes(rows), filename="values.xlsx")
    assert result.ok, messages(result)
    assert result.frame["value"].tolist() == [65.0, 12.0]
    assert result.frame["year"].tolist() == [2024, 2024]


def test_data_url_decoding():
    assert sub.decode_data_url("data:text/csv;base64," + base64.b64encode(b"a,b").decode()) == b"a,b"
    assert sub.decode_data_url("data:text/csv;base64,%%%") is None
    assert sub.decode_data_url("nonsense") is None


def test_bad_upload_cannot_be_submitted_and_stores_nothing(datasets, engine):
    before = state(engine)
    with pytest.raises(ValueError, match="only a valid upload"):
        sub.create_submission(engine, check(datasets, GOOD.replace(",65,", ",x,")), user="fp", country="TUN")
    assert state(engine) == before


# --- good upload: preview, approve, audit, revert -----------------------------------------------


def test_preview_diff_shows_old_and_new(datasets, engine):
    result = check(datasets, GOOD)
    diff = sub.diff_against_current(result.frame, sub.current_indicator_values(datasets, engine))
    assert diff[["iso3", "indicator_id", "year", "new", "change"]].values.tolist() == [
        ["TUN", "migrant_stock_total", 2024, 65.0, "changed"],
        ["TUN", "refugees_hosted", 2024, 12.0, "new"],
    ]
    assert diff["old"].tolist()[0] == 60.0


def current_value(datasets, engine, iso3, indicator, year):
    frame = sub.current_indicator_values(datasets, engine)
    match = frame[(frame.iso3 == iso3) & (frame.indicator_id == indicator) & (frame.year == year)]
    return match["value"].tolist()


def test_approved_submission_shows_in_values_and_audit_and_can_be_reverted(datasets, engine):
    submission_id = sub.create_submission(engine, check(datasets, GOOD), user="fp-tun", country="TUN")
    assert sub.get_submission(engine, submission_id)["status"] == "pending"
    assert current_value(datasets, engine, "TUN", "migrant_stock_total", 2024) == [60.0]

    assert sub.approve_submission(engine, submission_id, admin="boss", datasets=datasets) == 2
    assert current_value(datasets, engine, "TUN", "migrant_stock_total", 2024) == [65.0]
    assert current_value(datasets, engine, "TUN", "refugees_hosted", 2024) == [12.0]
    assert sub.get_submission(engine, submission_id)["status"] == "approved"

    changes = sub.value_changes(engine)
    change = next(c for c in changes if c["target"] == "TUN/migrant_stock_total/2024")
    assert (change["actor"], change["action"]) == ("boss", "indicator.changed")
    assert (change["old"], change["new"]) == (60.0, 65.0)

    sub.revert_change(engine, change["id"], admin="boss", datasets=datasets)
    assert current_value(datasets, engine, "TUN", "migrant_stock_total", 2024) == [60.0]
    latest = sub.value_changes(engine)[0]
    assert (latest["action"], latest["target"], latest["old"], latest["new"]) == (
        "indicator.reverted",
        "TUN/migrant_stock_total/2024",
        65.0,
        60.0,
    )
    # the log only grows: the original change is still there
    assert any(c["id"] == change["id"] for c in sub.value_changes(engine))
    with pytest.raises(ValueError, match="not pending"):
        sub.approve_submission(engine, submission_id, admin="boss", datasets=datasets)


def test_revert_of_a_second_change_restores_the_first_override(datasets, engine):
    first = sub.create_submission(engine, check(datasets, GOOD), user="fp", country="TUN")
    sub.approve_submission(engine, first, admin="boss", datasets=datasets)
    second = sub.create_submission(engine, check(datasets, GOOD.replace(",65,", ",70,")), user="fp", country="TUN")
    sub.approve_submission(engine, second, admin="boss", datasets=datasets)
    assert current_value(datasets, engine, "TUN", "migrant_stock_total", 2024) == [70.0]
    change = next(c for c in sub.value_changes(engine) if c["new"] == 70.0)
    sub.revert_change(engine, change["id"], admin="boss", datasets=datasets)
    assert current_value(datasets, engine, "TUN", "migrant_stock_total", 2024) == [65.0]


def test_approval_is_atomic_a_failure_half_way_changes_nothing(datasets, engine, monkeypatch):
    submission_id = sub.create_submission(engine, check(datasets, GOOD), user="fp", country="TUN")
    before = state(engine)
    real = sub._set_value
    calls = []

    def fail_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(sub, "_set_value", fail_second)
    with pytest.raises(RuntimeError):
        sub.approve_submission(engine, submission_id, admin="boss", datasets=datasets)
    assert state(engine) == before
    assert current_value(datasets, engine, "TUN", "migrant_stock_total", 2024) == [60.0]
    assert sub.get_submission(engine, submission_id)["status"] == "pending"


def test_tampered_submission_for_another_country_is_not_applied(datasets, engine):
    submission_id = sub.create_submission(engine, check(datasets, GOOD), user="fp", country="TUN")
    with session_scope(engine=engine) as db:
        row = db.get(Submission, submission_id)
        rows = json.loads(row.rows_json)
        rows[1]["iso3"] = "ITA"
        row.rows_json = json.dumps(rows)
    before = state(engine)
    with pytest.raises(ValueError, match="another country"):
        sub.approve_submission(engine, submission_id, admin="boss", datasets=datasets)
    assert state(engine) == before
