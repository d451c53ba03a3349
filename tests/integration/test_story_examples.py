"""Example stories shipped in data/stories/: validated at start-up, served read-only, sources on every slide."""

from __future__ import annotations

import json
import shutil

import pytest

from imapdash import create_app
from imapdash.factory import AppStartupError
from imapdash.stories import examples
from imapdash.views import stories as stories_view
from tests.conftest import BUNDLED_DATA, FIXTURE_DATA, make_settings

EXAMPLE_FILES = sorted((BUNDLED_DATA / "stories").glob("*.json"))


def test_three_or_four_examples_ship_and_each_validates():
    found = examples.load_examples(BUNDLED_DATA, stories_view.is_story_path)
    assert 3 <= len(found) <= 4 and len(found) == len(EXAMPLE_FILES)
    for story in found:
        assert story["public"] is True and story["owner"] == examples.OWNER
        assert story["id"].startswith("example/") and len(story["slides"]) >= 3
        assert all(slide["note"] for slide in story["slides"])


def test_every_example_slide_has_charts_with_sources_in_the_pack(bundled_app):
    datasets = bundled_app.server.extensions["imapdash.datasets"]
    for story in bundled_app.server.extensions[stories_view.EXAMPLES_KEY]:
        with bundled_app.server.test_request_context():
            slides = stories_view.pack_slides(datasets, story, "en")
        for slide in slides:
            assert slide["charts"], f"{story['id']}: {slide['title']} has no chart in the pack"
            for chart in slide["charts"]:
                assert chart["sources"] and all(org and url.startswith("http") for org, url in chart["sources"]), (
                    f"{story['id']}: {slide['title']} shows no source"
                )


def test_examples_are_listed_played_and_packed_for_anonymous_readers(bundled_client):
    listing = bundled_client.post(
        "/_dash-update-component",
        json={
            "output": "..stories-list.children...stories-pick.options...stories-editor.hidden..",
            "outputs": [
                {"id": "stories-list", "property": "children"},
                {"id": "stories-pick", "property": "options"},
                {"id": "stories-editor", "property": "hidden"},
            ],
            "inputs": [{"id": "stories-version", "property": "data", "value": 0}],
            "state": [{"id": "app-root", "property": "lang", "value": "en"}],
            "changedPropIds": [],
        },
    ).get_json()["response"]
    text = json.dumps(listing, ensure_ascii=False)
    assert "Central Mediterranean 2014–2024" in text and "/story/example/central-mediterranean" in text
    options = listing["stories-pick"]["options"]
    assert all(o["value"].startswith("example/") and o["label"].endswith("(example)") for o in options), (
        "the editor offers the examples to duplicate (saving one makes a new story)"
    )
    assert bundled_client.get("/story/example/who-crosses").status_code == 200
    exported = bundled_client.get("/stories/example/who-crosses.json")
    assert exported.status_code == 200 and json.loads(exported.data)["format"] == "imapdash-story"
    assert bundled_client.get("/story/example/none-such").status_code == 404


def test_a_bad_example_file_stops_the_start_with_its_name_and_problem(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    (data / "stories").mkdir()
    (data / "stories" / "broken.json").write_text(
        json.dumps({"title": "Broken", "slides": [{"permalink": "https://elsewhere.example/", "title": "x"}]}),
        encoding="utf-8",
    )
    with pytest.raises(AppStartupError, match=r"broken\.json: slide 1: .*not a local path"):
        create_app(make_settings(tmp_path, data))


def test_profile_and_news_slides_have_their_charts_in_the_pack_and_geometry_is_inlined_once(bundled_app):
    story = {
        "id": 0,
        "title": "Every slide type",
        "lang": "en",
        "public": True,
        "slides": [
            {"permalink": "/?ind=migrant_stock_total&year=2024", "title": "Map", "note": ""},
            {"permalink": "/?ind=migrant_stock_total&year=2020", "title": "Map again", "note": ""},
            {"permalink": "/routes?measure=detections&from=2014&to=2024&view=sankey", "title": "Sankey", "note": ""},
            {"permalink": "/country/TUN", "title": "Tunisia", "note": ""},
            {"permalink": "/news?theme=deaths", "title": "News", "note": ""},
        ],
    }
    datasets = bundled_app.server.extensions["imapdash.datasets"]
    with bundled_app.server.test_request_context():
        slides = stories_view.pack_slides(datasets, story, "en")
        html = stories_view.build_pack(
            datasets,
            story,
            lang="en",
            assets_dir=bundled_app.server.extensions["imapdash.settings"].assets_dir,
            restricted=False,
        )
    kinds = {s["title"]: [c["figure"]["data"][0]["type"] for c in s["charts"]] for s in slides}
    assert "sankey" in kinds["Sankey"]
    profile = slides[3]["charts"]
    assert [c["id"] for c in profile] == ["profile-chart-detections-TUN", "profile-chart-arrivals-of-TUN"]
    assert all(c["sources"] and c["figure"]["data"] for c in profile)
    news = slides[4]["charts"]
    assert [c["id"] for c in news] == ["news-trend", "news-shares"] and all(c["figure"]["data"] for c in news)
    # the country polygons travel once (each map names them by URL, the pack swaps in the one inlined copy)
    first_feature = datasets.geometry_json.decode("utf-8")[:200]
    assert html.count(first_feature.replace("<", "\\u003c").replace(">", "\\u003e")) == 1
    assert html.count("plotly.js v") <= 2, "one plotly bundle"
    # two explorer slides keep distinct chart ids in the pack
    assert 'id="explorer-map"' in html and 'id="slide-2-chart-1"' in html
