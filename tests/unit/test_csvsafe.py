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


def test_directional_isolates_of_arabic_sentences_stay_out_of_the_csv():
    # t() in Arabic wraps Latin names in FSI ... PDI for the page; a spreadsheet would keep them as invisible text
    from imapdash.i18n import isolate

    wrapped = isolate("Frontex")
    assert wrapped != "Frontex"  # the page's text does carry them
    rows = list(csv.reader(io.StringIO(to_csv([isolate("Source")], [[f"حالات الرصد لدى {wrapped}", 5]]))))
    assert rows == [["Source"], ["حالات الرصد لدى Frontex", "5"]]
    # a formula hidden behind an isolate is still neutralised
    assert neutralise("\u2068=HYPERLINK(1)\u2069") == "'=HYPERLINK(1)"
