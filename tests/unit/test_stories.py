"""Stories: JSON validation, slide ordering, player URLs, and the self-contained meeting pack."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from imapdash.stories import pack, service

KNOWN = {"/", "/routes", "/sources"}


def known(path: str) -> bool:
    return path in KNOWN


def story(*permalinks: str, **extra) -> dict:
    return {
        "title": "Central Med 2024",
        "slides": [{"permalink": p, "title": f"S{i}", "note": "say this"} for i, p in enumerate(permalinks, 1)],
        **extra,
    }


def test_validate_story_keeps_local_views_and_drops_display_params():
    clean = service.validate_story(
        story("/routes?measure=detections&embed=1&present=1&lang=fr", "/?ind=x", "/sources/"), known
    )
    assert [s["permalink"] for s in clean["slides"]] == ["/routes?measure=detections", "/?ind=x", "/sources"]
    assert clean["title"] == "Central Med 2024" and clean["lang"] == "en" and clean["public"] is True
    assert clean["slides"][0] == {"permalink": "/routes?measure=detections", "title": "S1", "note": "say this"}


@pytest.mark.parametrize(
    "permalink, reason",
    [
        ("https://evil.example/routes", "not a local path"),
        ("//evil.example/routes", "not a local path"),
        ("javascript:alert(1)", "not a local path"),
        ("/\\evil.example", "not a local path"),
        ("/admin/secret", "is not a view of this app"),
        ("", "empty"),
        ("/" + "a" * 1200, "longer than 1000"),
    ],
)
def test_validate_story_refuses_foreign_or_unknown_permalinks(permalink, reason):
    with pytest.raises(service.StoryError) as info:
        service.validate_story(story("/routes", permalink), known)
    assert len(info.value.problems) == 1
    assert info.value.problems[0].startswith("slide 2: ") and reason in info.value.problems[0]


def test_validate_story_caps_lengths_and_counts():
    too_many = story(*(["/routes"] * (service.MAX_SLIDES + 1)))
    with pytest.raises(service.StoryError, match="at most 50 slides"):
        service.validate_story(too_many, known)
    long_note = story("/routes")
    long_note["slides"][0]["note"] = "x" * (service.MAX_NOTE + 1)
    long_note["title"] = "t" * (service.MAX_TITLE + 1)
    with pytest.raises(service.StoryError) as info:
        service.validate_story(long_note, known)
    assert any("title is longer than 200" in p for p in info.value.problems)
    assert any("speaker note is longer than 2000" in p for p in info.value.problems)
    with pytest.raises(service.StoryError, match="at least one slide"):
        service.validate_story({"title": "x", "slides": []}, known)
    with pytest.raises(service.StoryError, match="language 'de'"):
        service.validate_story(story("/routes", lang="de"), known)


def test_parse_story_json_gives_a_clear_message_for_bad_json():
    with pytest.raises(service.StoryError, match=r"not valid JSON \(line 1, column 2"):
        service.parse_story_json("{title: 1}", known)
    with pytest.raises(service.StoryError, match="a JSON object"):
        service.parse_story_json("[1, 2]", known)
    with pytest.raises(service.StoryError, match="larger than 256 KB"):
        service.parse_story_json(b" " * (service.MAX_IMPORT_BYTES + 1), known)
    with pytest.raises(service.StoryError, match="format must be"):
        service.parse_story_json(json.dumps({**story("/routes"), "format": "other"}), known)


def test_story_json_round_trips_through_import():
    original = service.validate_story(story("/routes?measure=dead_missing", "/", lang="ar", public=False), known)
    exported = service.story_json({**original, "id": 7})
    assert json.loads(exported)["format"] == "imapdash-story"
    assert service.parse_story_json(exported, known) == original


def test_slide_lines_round_trip_and_order():
    text = "/routes?measure=detections | Routes | Note one\n\n/ | Map\n/sources"
    slides = service.parse_slide_lines(text)
    assert slides == [
        {"permalink": "/routes?measure=detections", "title": "Routes", "note": "Note one"},
        {"permalink": "/", "title": "Map", "note": ""},
        {"permalink": "/sources", "title": "", "note": ""},
    ]
    assert service.parse_slide_lines(service.slide_lines(slides)) == slides
    assert [s["title"] for s in service.validate_story({"title": "x", "slides": slides}, known)["slides"]] == [
        "Routes",
        "Map",
        "Slide 3",
    ]


def test_move_slide_reorders_and_clamps():
    slides = [{"title": "a"}, {"title": "b"}, {"title": "c"}]
    assert [s["title"] for s in service.move_slide(slides, 0, 1)] == ["b", "a", "c"]
    assert [s["title"] for s in service.move_slide(slides, 2, -5)] == ["c", "a", "b"]
    assert [s["title"] for s in service.move_slide(slides, 1, 9)] == ["a", "c", "b"]
    assert service.move_slide(slides, 7, 1) == slides


def test_slide_number_and_embed_src():
    assert [service.slide_number(v, 3) for v in ("2", "0", "9", "x", None)] == [2, 1, 3, 1, 1]
    assert (
        service.embed_src("/routes?measure=detections", "fr") == "/routes?measure=detections&embed=1&present=1&lang=fr"
    )
    assert service.embed_src("/", "xx") == "/?embed=1&present=1&lang=en"


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []
        self.scripts: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.refs += [v for k, v in attrs.items() if k in ("src", "href", "action", "data", "poster") and v]
        if tag == "script":
            self.scripts.append(attrs)


def _chart(title: str, sources, vintage: str) -> dict:
    figure = {
        "data": [
            {
                "type": "choropleth",
                "geojson": "/geo/countries.geojson?v=1",
                "locations": ["TUN"],
                "z": [1.0],
                "featureidkey": "id",
            }
        ],
        "layout": {
            "annotations": [{"name": "source-note", "text": 'Source: UN DESA (<a href="https://un.org/x">un.org</a>)'}]
        },
    }
    return {"title": title, "figure": figure, "sources": sources, "vintage": vintage}


def build(restricted: bool = False, lang: str = "en") -> str:
    slides = [
        {
            "title": "Stock",
            "note": "Say stock",
            "permalink": "/?ind=a",
            "charts": [_chart("Map", [("UN DESA", "https://un.org/x")], "2024-12")],
        },
        {
            "title": "Routes",
            "note": "",
            "permalink": "/routes",
            "charts": [_chart("Routes", [("Frontex", "https://frontex.europa.eu/")], "2025-05")],
        },
        {"title": "Sources </script>", "note": "", "permalink": "/sources", "charts": []},
    ]
    return pack.build_pack_html(
        {"title": "Pack <test>"},
        slides,
        plotly_js="/* PLOTLY-JS-MARKER */",
        geometry_json='{"type":"FeatureCollection","features":[{"id":"TUN"}]}',
        topojson_json='{"type":"Topology","objects":{}}',
        font_base64="Rk9OVA==",
        lang=lang,
        vintage="reference data as of June 2025",
        restricted=restricted,
    )


def test_pack_points_at_no_other_host_and_carries_everything():
    text = build()
    parser = _Refs()
    parser.feed(text)
    assert parser.refs == []  # no src/href at all: everything is inline
    assert all("src" not in s for s in parser.scripts)
    assert "PLOTLY-JS-MARKER" in text
    assert '"features":[{"id":"TUN"}]' in text and '"type":"Topology"' in text
    assert "window.PlotlyGeoAssets = {topojson: {world_110m:" in text
    assert "data:font/woff2;base64,Rk9OVA==" in text
    assert 'href="https://un.org' not in text and 'href=\\"https' not in text
    assert "Sources: UN DESA (https://un.org/x) — data vintage: 2024-12" in text
    assert "Sources: Frontex (https://frontex.europa.eu/) — data vintage: 2025-05" in text
    assert "see the Sources page of the app — data vintage: reference data as of June 2025" in text
    assert text.count('class="pack-sources"') == 3
    assert "Sources &lt;/script&gt;" in text and "Pack &lt;test&gt;" in text
    assert "Restricted" not in text


def test_pack_marks_every_slide_when_restricted_and_speaks_the_language():
    assert build(restricted=True).count("Restricted — partner use only") == 3
    arabic = build(lang="ar")
    assert '<html lang="ar" dir="rtl">' in arabic and "المصادر" in arabic


def test_offline_figure_strips_links_only_from_annotations():
    fig = _chart("x", [], "v")["figure"]
    clean = pack.offline_figure(fig)
    assert clean["layout"]["annotations"][0]["text"] == "Source: UN DESA (un.org)"
    assert fig["layout"]["annotations"][0]["text"].startswith("Source: UN DESA (<a")


def test_pinning_a_story_adds_the_release_to_every_slide_without_one():
    slides = [
        {"permalink": "/routes?measure=detections", "title": "a", "note": ""},
        {"permalink": "/", "title": "b", "note": ""},
        {"permalink": "/?year=2020&release=2", "title": "c", "note": "kept"},
    ]
    pinned = service.pin_slides(slides, 5)
    assert [s["permalink"] for s in pinned] == [
        "/routes?measure=detections&release=5",
        "/?release=5",
        "/?year=2020&release=2",
    ]
    assert pinned[2]["note"] == "kept" and slides[0]["permalink"] == "/routes?measure=detections"


SCRIPT_BODY = re.compile(r"<script[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def test_a_title_with_comment_and_script_tags_cannot_break_the_player_or_the_pack():
    """Issue 16: `<!--<script>` in a title put the HTML parser in the double-escaped script state: the
    story data's closing tag no longer ended it, and the player page broke."""
    from imapdash.views.stories import player_html

    nasty = "<!--<script>alert(1)</script>-->"
    data = {"id": 7, "title": nasty, "lang": "en", "slides": [{"permalink": "/routes", "title": nasty, "note": nasty}]}
    page = player_html(data, 1, "en", asset=lambda path: f"/assets/{path}")
    bodies = SCRIPT_BODY.findall(page)
    assert bodies, "the player carries its data in a script element"
    for body in bodies:
        assert "<!--" not in body and "<script" not in body.lower() and "</script" not in body.lower()
    payload = json.loads(re.search(r'id="story-data">(.*?)</script>', page, re.DOTALL)[1])
    assert payload["title"] == nasty and payload["slides"][0]["note"] == nasty
    assert "<!--" not in pack.script_json({"t": nasty}) and json.loads(pack.script_json({"t": nasty})) == {"t": nasty}


def test_editor_moves_removes_and_adds_slides_and_says_where_the_focus_goes():
    from imapdash.ids import Stories
    from imapdash.views.stories import edit_slides, merge_edits

    slides = [{"permalink": f"/{name}", "title": name, "note": ""} for name in ("a", "b", "c")]
    moved, focus = edit_slides(slides, Stories.SLIDE_UP, 2)
    assert [s["title"] for s in moved] == ["a", "c", "b"] and focus == (Stories.SLIDE_UP, 1)
    moved, focus = edit_slides(slides, Stories.SLIDE_UP, 1)
    assert [s["title"] for s in moved] == ["b", "a", "c"] and focus == (Stories.SLIDE_DOWN, 0), "up is disabled there"
    moved, focus = edit_slides(slides, Stories.SLIDE_DOWN, 1)
    assert [s["title"] for s in moved] == ["a", "c", "b"] and focus == (Stories.SLIDE_UP, 2)
    rest, focus = edit_slides(slides, Stories.SLIDE_REMOVE, 2)
    assert [s["title"] for s in rest] == ["a", "b"] and focus == (Stories.SLIDE_REMOVE, 1)
    added, focus = edit_slides(slides, Stories.SLIDE_NEW_ADD, None, " /routes?measure=detections ")
    assert added[-1]["permalink"] == "/routes?measure=detections" and focus == (Stories.SLIDE_TITLE_INPUT, 3)
    assert edit_slides(slides, Stories.SLIDE_UP, 7) == (slides, None)
    typed = merge_edits(slides, ["A", "B", "C"], ["", "note b", None])
    assert [(s["title"], s["note"]) for s in typed] == [("A", ""), ("B", "note b"), ("C", "")]
    assert merge_edits(slides, ["only one"], []) == slides, "a list that does not match the slides is ignored"


def test_figure_sources_reads_publishers_of_wrapped_and_arabic_notes():
    # the pack's slide footer names each publisher once: a wrapped note breaks its name with <br>, an Arabic
    # one isolates it (FSI ... PDI); both once gave "Frontex<br>" beside "Frontex"
    from imapdash.views.story_snapshots import SOURCE_NOTE_NAME, figure_sources

    url = "https://www.frontex.europa.eu/what-we-do/monitoring-and-risk-analysis/migratory-map/"
    notes = [
        f'Source: Frontex (<a href="{url}">www.frontex.europa.eu</a>)',
        f'المصدر: \u2068Frontex<br>(<a href="{url}">www.frontex.europa.eu</a>); IOM<br>Missing Migrants Project<br>'
        '(<a href="https://missingmigrants.iom.int/downloads">missingmigrants.iom.int</a>)\u2069',
    ]
    figure = {"layout": {"annotations": [{"name": SOURCE_NOTE_NAME, "text": text} for text in notes]}}
    assert figure_sources(figure) == [
        ("Frontex", url),
        ("IOM Missing Migrants Project", "https://missingmigrants.iom.int/downloads"),
    ]
