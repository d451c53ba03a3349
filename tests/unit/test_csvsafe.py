import csv
import io

from imapdash.api.csvsafe import neutralise, to_csv


def test_formula_text_cells_get_a_leading_quote():
    assert neutralise('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert neutralise("+1") == "'+1"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("-cmd") == "'-cmd"
    assert neutralise("Frontex") == "Frontex"


def test_numbers_stay_numbers_even_when_negative():
    text = to_csv(["name", "value", "share"], [("=evil()", -12345, 12.5), ("ok", 3.0, float("nan"))])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["name", "value", "share"]
    assert rows[1] == ["'=evil()", "-12345", "12.5"]
    assert rows[2] == ["ok", "3", ""]
