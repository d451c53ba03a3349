"""Mixed Arabic/Latin text reads in order (isolated names and codes) and table headers sit over their numbers."""

from __future__ import annotations

import pandas as pd

from imapdash.components.table import table
from imapdash.i18n import FSI, PDI, isolate, t
from imapdash.views.partner.admin import usage_component
from imapdash.views.partner.agency import flows_table


def test_latin_names_inside_arabic_sentences_are_isolated():
    label = t("routes.measure.detections.label", "ar")
    sentence = t(
        "routes.alt.map_summary", "ar", period="2024", measure=label, total="66,855", unit="x", count=1, top=""
    )
    # 'حالات الرصد لدى Frontex' is isolated as a whole: its colon and the total no longer attach to 'Frontex'
    assert f"{FSI}{label}{PDI}:" in sentence
    assert t("routes.alt.map_summary", "en", period="2024", measure="Frontex", total="1", unit="x", count=1, top="")
    assert FSI not in t(
        "routes.alt.map_summary", "en", period="2024", measure="Frontex", total="1", unit="x", count=1, top=""
    )


def test_isolate_leaves_arabic_numbers_and_plotly_placeholders_alone():
    assert isolate("تونس") == "تونس"
    assert isolate("66,855") == "66,855"
    assert isolate("%{customdata[3]}") == "%{customdata[3]}"
    assert isolate("2026-W49") == f"{FSI}2026-W49{PDI}"
    assert isolate(isolate("UN DESA")) == f"{FSI}UN DESA{PDI}"  # never twice


def _cells(component, tag):
    return [c for c in _walk(component) if type(c).__name__ == tag]


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children] if children is not None else []:
        if hasattr(child, "children") or type(child).__name__ in ("Th", "Td"):
            yield from _walk(child)


def test_numeric_headers_are_end_aligned_like_their_numbers():
    built = table(["Route", "Value"], [["A", "1,200"]], numeric=[1])
    heads, cells = _cells(built, "Th"), _cells(built, "Td")
    assert [getattr(h, "className", None) for h in heads] == [None, "num"]
    assert [getattr(c, "className", None) for c in cells] == [None, "num"]


def test_partner_usage_and_flow_tables_align_headers_and_isolate_codes_in_arabic():
    frame = pd.DataFrame({"week": ["2026-W49"], "page": ["/country/TUN"], "public": [4]})
    usage = usage_component(frame, "ar")
    heads = _cells(usage, "Th")
    assert [getattr(h, "className", None) for h in heads] == [None, None, "num"]  # week, page, a number column
    texts = [c.children for c in _cells(usage, "Td")]
    assert texts[:2] == [f"{FSI}2026-W49{PDI}", f"{FSI}/country/TUN{PDI}"]  # read 'W49-2026' and 'country/TUN/'
    flows = pd.DataFrame(
        {
            "route_id": ["cm"],
            "period_label": ["2025-01"],
            "value": [1200.0],
            "status": ["preliminary"],
            "source_org": ["Frontex"],
        }
    )
    heads = _cells(flows_table(flows, {"cm": "Central Mediterranean"}, "en"), "Th")
    assert [getattr(h, "className", None) for h in heads][2] == "num"  # 'Detections' over right-aligned numbers
