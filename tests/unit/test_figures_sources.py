import re

import pandas as pd
import plotly.graph_objects as go

from imapdash.figures.sources import SOURCE_NOTE_NAME, add_source_note, distinct_sources, source_note_text


def test_source_note_names_each_publisher_with_a_link():
    text = source_note_text([("Frontex", "https://www.frontex.europa.eu/x"), ("UNHCR", "https://www.unhcr.org/y")])
    assert text.startswith("Source: Frontex")
    assert '<a href="https://www.frontex.europa.eu/x">www.frontex.europa.eu</a>' in text
    assert "UNHCR" in text


def test_source_note_refuses_non_http_links_and_escapes_text():
    text = source_note_text([("<b>Org</b>", "javascript:alert(1)")])
    assert "javascript:" not in text
    assert "&lt;b&gt;Org&lt;/b&gt;" in text


def test_add_source_note_replaces_rather_than_stacks():
    fig = go.Figure()
    add_source_note(fig, [("A", "https://a.example")])
    add_source_note(fig, [("B", "https://b.example")], vintage="2025-06")
    notes = [a for a in fig.layout.annotations if a.name == SOURCE_NOTE_NAME]
    assert len(notes) == 1 and "B" in notes[0].text and "Jun 2025" in notes[0].text  # vintage in the reader's words


def test_distinct_sources_keeps_first_seen_order():
    frame = pd.DataFrame({"source_org": ["B", "A", "B"], "source_url": ["https://b", "https://a", "https://b"]})
    assert distinct_sources(frame) == [("B", "https://b"), ("A", "https://a")]


def test_long_notes_wrap_and_the_bottom_margin_holds_every_line():
    sources = [(f"Publisher number {i} with a long name", f"https://p{i}.example/data") for i in range(3)]
    fig = add_source_note(go.Figure(layout={"margin": {"b": 40}}), sources, vintage="2025-06")
    (note,) = fig.layout.annotations
    lines = note.text.split("<br>")
    assert len(lines) >= 3
    assert all(len(re.sub(r"<[^>]+>", "", line)) <= 60 for line in lines)
    assert fig.layout.margin.b >= -note.yshift + 15 * len(lines)


def test_french_note_localises_the_reference_vintage_once():
    text = source_note_text(
        [("Frontex", "https://frontex.europa.eu")], vintage="reference data as of June 2025", lang="fr"
    )
    assert text.endswith("données de référence : juin 2025") and "reference" not in text
