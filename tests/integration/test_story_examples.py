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
