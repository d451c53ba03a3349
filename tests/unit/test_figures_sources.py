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
    assert len(notes) == 1 and "B" in notes[0].text and "2025-06" in notes[0].text


def test_distinct_sources_keeps_first_seen_order():
    frame = pd.DataFrame({"source_org": ["B", "A", "B"], "source_url": ["https://b", "https://a", "https://b"]})
    assert distinct_sources(frame) == [("B", "https://b"), ("A", "https://a")]
