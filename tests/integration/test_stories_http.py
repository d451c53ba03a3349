"""Stories over HTTP: partners save/import/delete through the Dash callback, anonymous callers cannot;
JSON export/import round trip; the player and the meeting pack respect a story's visibility."""

from __future__ import annotations

import base64
import json

import pytest
from flask_login import login_user

from imapdash.auth.models import User
from imapdash.db import session_scope
from imapdash.stories import service
from imapdash.views import stories as stories_view
from tests.conftest import logged_in

WRITE_OUTPUT = "..stories-result.children...stories-version.data...stories-pick.value.."
SLIDES = "/?ind=migrant_stock_total&year=2024 | Stock 2024 | Stock grew\n/routes | Routes\n/sources | Sources"


def login(app, username="agency", role="partner_agency"):
    return logged_in(app, username, role)


def write(
    client, trigger, *, pick=None, title="Central Med", lang="en", public=("public",), slides=SLIDES, upload=None
):
    values = {
        "stories-save": 1 if trigger == "stories-save" else None,
        "stories-delete": 1 if trigger == "stories-delete" else None,
    }
    body = {
        "output": WRITE_OUTPUT,
        "outputs": [
            {"id": "stories-result", "property": "children"},
            {"id": "stories-version", "property": "data"},
            {"id": "stories-pick", "property": "value"},
        ],
        "inputs": [
            {"id": "stories-save", "property": "n_clicks", "value": values["stories-save"]},
            {"id": "stories-delete", "property": "n_clicks", "value": values["stories-delete"]},
            {"id": "stories-upload", "property": "contents", "value": upload},
            {"id": "stories-duplicate", "property": "n_clicks", "value": 1 if trigger == "stories-duplicate" else None},
        ],
        "state": [
            {"id": "stories-pick", "property": "value", "value": pick},
            {"id": "stories-title", "property": "value", "value": title},
            {"id": "stories-lang", "property": "value", "value": lang},
            {"id": "stories-public", "property": "value", "value": list(public)},
            {"id": "stories-slides", "property": "data", "value": service.parse_slide_lines(slides)},
            {"id": {"type": "stories-slide-title", "index": "ALL"}, "property": "value", "value": []},
            {"id": {"type": "stories-slide-note", "index": "ALL"}, "property": "value", "value": []},
            {"id": "stories-version", "property": "data", "value": 0},
            {"id": "app-root", "property": "lang", "value": "en"},
        ],
        "changedPropIds": [f"{trigger}.{'contents' if trigger == 'stories-upload' else 'n_clicks'}"],
    }
    return client.post("/_dash-update-component", json=body)


def listing(client):
    body = {
        "output": "..stories-list.children...stories-pick.options...stories-editor.hidden..",
        "outputs": [
            {"id": "stories-list", "property": "children"},
            {"id": "stories-pick", "property": "options"},
            {"id": "stories-editor", "property": "hidden"},
        ],
        "inputs": [{"id": "stories-version", "property": "data", "value": 0}],
        "state": [{"id": "app-root", "property": "lang", "value": "en"}],
        "changedPropIds": [],
    }
    return client.post("/_dash-update-component", json=body)


def stories(app, private=True):
    return service.list_stories(app.server.extensions["imapdash.db"], include_private=private)


def upload_of(text: str) -> str:
    return "data:application/json;base64," + base64.b64encode(text.encode()).decode()


def test_partner_saves_a_story_anonymous_post_saves_nothing(app, client):
    assert write(client, "stories-save").status_code == 204
    assert stories(app) == []
    partner = login(app)
    answer = write(partner, "stories-save")
    assert answer.status_code == 200
    response = answer.get_json()["response"]
    assert "Story “Central Med” saved (number 1)" in json.dumps(response, ensure_ascii=False)
    assert response["stories-version"]["data"] == 1 and response["stories-pick"]["value"] == 1
    saved = stories(app)[0]
    assert saved["updated_by"] == "agency"
    assert [s["permalink"] for s in saved["slides"]] == ["/?ind=migrant_stock_total&year=2024", "/routes", "/sources"]
    assert saved["slides"][0]["note"] == "Stock grew"
    assert write(client, "stories-delete", pick=1).status_code == 204
    assert len(stories(app)) == 1


def test_bad_form_and_bad_json_are_explained_and_nothing_saved(app):
    partner = login(app)
    bad = json.dumps(write(partner, "stories-save", slides="https://evil.example/ | x").get_json())
    assert "Nothing was saved" in bad and "not a local path" in bad
    broken = json.dumps(write(partner, "stories-upload", upload=upload_of("{not json")).get_json())
    assert "not valid JSON (line 1, column 2" in broken
    assert stories(app) == []


def test_export_import_round_trip_and_delete(app, client):
    partner = login(app)
    write(partner, "stories-save", title="Round trip", lang="fr")
    exported = client.get("/stories/1.json")
    assert exported.status_code == 200 and "attachment" in exported.headers["Content-Disposition"]
    answer = json.dumps(
        write(partner, "stories-upload", upload=upload_of(exported.get_data(as_text=True))).get_json(),
        ensure_ascii=False,
    )
    assert "saved (number 2)" in answer
    first, second = sorted(stories(app), key=lambda s: s["id"])
    assert {k: first[k] for k in ("title", "lang", "public", "slides")} == {
        k: second[k] for k in ("title", "lang", "public", "slides")
    }
    assert "Story deleted" in json.dumps(write(partner, "stories-delete", pick=2).get_json())
    assert [s["id"] for s in stories(app)] == [1]


def test_partner_only_story_is_invisible_to_anonymous_and_its_pack_restricted(app, client):
    partner = login(app)
    write(partner, "stories-save", title="Partner briefing", public=(), slides="/routes | Routes 2025")
    write(partner, "stories-save", title="Public briefing", slides="/?ind=migrant_stock_total | Stock")
    assert "Partner briefing" not in json.dumps(listing(client).get_json())
    assert "Public briefing" in json.dumps(listing(client).get_json())
    assert "Partner briefing" in json.dumps(listing(partner).get_json())
    assert listing(client).get_json()["response"]["stories-editor"]["hidden"] is True
    for path in ("/story/1", "/stories/1.json", "/stories/1/pack.html"):
        assert client.get(path).status_code == 404
    restricted = partner.get("/stories/1/pack.html")
    assert restricted.status_code == 200
    text = restricted.get_data(as_text=True)
    assert "Restricted — partner use only" in text
    public = client.get("/stories/2/pack.html?lang=fr").get_data(as_text=True)
    assert "Diffusion restreinte" not in public and "Restricted" not in public
    assert '<html lang="fr" dir="ltr">' in public
    assert "UN DESA" in public and "millésime des données" in public


def test_restricted_rows_reach_only_a_partner_pack(app):
    datasets = app.server.extensions["imapdash.datasets"]
    assert stories_view.datasets_for_pack(datasets, restricted=False) is datasets
    with app.server.test_request_context(), pytest.raises(PermissionError):
        stories_view.datasets_for_pack(datasets, restricted=True)
    with app.server.test_request_context():
        with session_scope(app.server) as db:
            user = User(username="briefer", role="admin", password_hash="x")
            db.add(user)
        login_user(user)
        full = stories_view.datasets_for_pack(datasets, restricted=True)
    assert len(full.flows) == len(datasets.flows) + datasets.restricted_count("flows") > len(datasets.flows)
    assert "2025-01" in set(full.flows["period"]) and "2025-01" not in set(datasets.flows["period"])


def test_player_renders_the_slide_asked_for(app, client):
    partner = login(app)
    write(partner, "stories-save")
    page = client.get("/story/1?slide=2&lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert 'src="/routes?embed=1&amp;present=1&amp;lang=ar"' in page
    assert '<span id="story-counter" aria-live="polite">2 / 3</span>' in page
    assert 'src="/assets/js/stories.js"' in page
    assert client.get("/story/1?slide=99").get_data(as_text=True).count("3 / 3") == 1


def test_a_pinned_story_keeps_the_figures_of_its_release_in_player_and_pack(app, client):
    """ "The figures this meeting discussed": a story saved pinned still shows them after a later release."""
    from imapdash.datasets import load_datasets
    from imapdash.db import get_engine
    from imapdash.partner import submissions as sub
    from tests.conftest import FIXTURE_DATA

    partner = login(app)
    slides = "/?ind=migrant_stock_total&year=2024&sel=TUN | Stock 2024 | as discussed"
    write(partner, "stories-save", title="Pinned briefing", slides=slides, public=("public", "pin"))
    write(partner, "stories-save", title="Live briefing", slides=slides)
    pinned, live = (
        next(s for s in stories(app) if s["title"] == title) for title in ("Pinned briefing", "Live briefing")
    )
    assert pinned["slides"][0]["permalink"].endswith("&release=1")
    assert "release" not in live["slides"][0]["permalink"]

    upload = (
        "iso3,indicator_id,year,value,period_label,source_org,source_url,vintage\n"
        "TUN,migrant_stock_total,2024,65,2024,INS Tunisia,https://www.ins.tn/,2025-05\n"
    )
    datasets = load_datasets(FIXTURE_DATA)
    engine = get_engine(app.server)
    result = sub.validate_upload("v.csv", upload.encode(), country="TUN", datasets=datasets)
    with app.server.app_context():
        sub.approve_submission(
            engine, sub.create_submission(engine, result, user="fp", country="TUN"), admin="boss", datasets=datasets
        )

    player = client.get(f"/story/{pinned['id']}").get_data(as_text=True)
    assert "release=1" in player, "the slide frame carries the pin, so its callbacks read release 1"
    pinned_pack = client.get(f"/stories/{pinned['id']}/pack.html").get_data(as_text=True)
    live_pack = client.get(f"/stories/{live['id']}/pack.html").get_data(as_text=True)
    assert "INS Tunisia" not in pinned_pack and "UN DESA" in pinned_pack
    assert "INS Tunisia" in live_pack


def audit_events(app) -> list[tuple[str, str, str]]:
    from imapdash.auth.models import AuditEvent

    with session_scope(app.server) as db:
        rows = db.query(AuditEvent).filter(AuditEvent.action.like("story.%")).order_by(AuditEvent.id)
        return [(row.actor, row.action, row.target) for row in rows]


def test_only_the_owner_or_an_admin_changes_or_deletes_a_story_and_every_write_is_audited(app):
    """Issue 16: a focal point overwrote an admin's partner-only story, made it public, deleted it; no audit."""
    admin = logged_in(app, "boss", "admin")
    write(admin, "stories-save", title="Admin briefing", public=(), slides="/routes | Routes")
    story_id = stories(app)[0]["id"]
    assert stories(app)[0]["owner"] == "boss"

    focal = logged_in(app, "fp-lby", "focal_point", "LBY")
    taken = json.dumps(write(focal, "stories-save", pick=story_id, title="Mine now", public=("public",)).get_json())
    assert "Nothing was saved" in taken and "only its owner (boss) or an admin" in taken
    gone = json.dumps(write(focal, "stories-delete", pick=story_id).get_json())
    assert "only its owner (boss) or an admin" in gone
    kept = stories(app)[0]
    assert (kept["title"], kept["public"], kept["updated_by"]) == ("Admin briefing", False, "boss")

    # the focal point's own story: the owner edits it, an admin may edit and delete it, another partner may not
    write(focal, "stories-save", title="Libya update", slides="/routes | Routes")
    own_id = next(s["id"] for s in stories(app) if s["title"] == "Libya update")
    write(focal, "stories-save", pick=own_id, title="Libya update 2", slides="/routes | Routes")
    agency = logged_in(app, "agency", "partner_agency")
    assert "only its owner (fp-lby)" in json.dumps(write(agency, "stories-delete", pick=own_id).get_json())
    write(admin, "stories-save", pick=own_id, title="Libya update (checked)", slides="/routes | Routes")
    assert "Story deleted" in json.dumps(write(admin, "stories-delete", pick=own_id).get_json())

    assert audit_events(app) == [
        ("boss", "story.created", f"story:{story_id}"),
        ("fp-lby", "story.update_denied", f"story:{story_id}"),
        ("fp-lby", "story.delete_denied", f"story:{story_id}"),
        ("fp-lby", "story.created", f"story:{own_id}"),
        ("fp-lby", "story.updated", f"story:{own_id}"),
        ("agency", "story.delete_denied", f"story:{own_id}"),
        ("boss", "story.updated", f"story:{own_id}"),
        ("boss", "story.deleted", f"story:{own_id}"),
    ]


def test_a_partner_duplicates_an_example_into_a_story_of_their_own_and_it_stays_open(tmp_path):
    """Examples are data files: picking one and saving (or duplicating) makes a new story owned by the user."""
    from imapdash import create_app
    from tests.conftest import BUNDLED_DATA, make_settings

    app = create_app(make_settings(tmp_path, BUNDLED_DATA))
    anonymous = app.server.test_client()
    example = app.server.extensions["imapdash.story_examples"][0]
    slides = service.slide_lines(example["slides"])
    assert (
        write(anonymous, "stories-duplicate", pick=example["id"], title=example["title"], slides=slides).status_code
        == 204
    )
    partner = login(app)
    answer = write(partner, "stories-duplicate", pick=example["id"], title=example["title"], slides=slides).get_json()
    copy = stories(app)[0]
    assert copy["title"] == f"Copy of {example['title']}" and copy["owner"] == "agency"
    assert copy["slides"] == example["slides"]
    assert answer["response"]["stories-pick"]["value"] == copy["id"], "the copy opens in the editor"
    write(partner, "stories-save", pick=example["id"], title="My version", slides=slides)
    assert sorted(s["title"] for s in stories(app)) == sorted([copy["title"], "My version"])
    assert ("agency", "story.created", f"story:{copy['id']}") in audit_events(app)


def add_view(client, target, *, pathname="/routes", search="?measure=detections&present=1", title="Detections"):
    """POST the shell's "Add to story" callback as any caller could, with any inputs."""
    body = {
        "output": "story-add-result.children",
        "outputs": {"id": "story-add-result", "property": "children"},
        "inputs": [{"id": "story-add-confirm", "property": "n_clicks", "value": 1}],
        "state": [
            {"id": "story-add-pick", "property": "value", "value": target},
            {"id": "story-add-new-title", "property": "value", "value": "Briefing"},
            {"id": "story-add-slide-title", "property": "value", "value": title},
            {"id": "story-add-note", "property": "value", "value": "Say it slowly"},
            {"id": "url", "property": "pathname", "value": pathname},
            {"id": "url", "property": "search", "value": search},
            {"id": "app-root", "property": "lang", "value": "en"},
        ],
        "changedPropIds": ["story-add-confirm.n_clicks"],
    }
    return client.post("/_dash-update-component", json=body)


def test_add_this_view_to_a_story_only_for_partners_and_only_to_their_own_stories(app, client):
    assert add_view(client, "new").status_code == 204, "anonymous callers add nothing"
    assert stories(app) == []

    agency = login(app)
    answer = json.dumps(add_view(agency, "new").get_json(), ensure_ascii=False)
    assert "Slide 1 added to “Briefing”" in answer
    created = stories(app)[0]
    assert (created["owner"], created["public"]) == ("agency", False), "a new story starts partner-only"
    assert created["slides"] == [
        {"permalink": "/routes?measure=detections", "title": "Detections", "note": "Say it slowly"}
    ]
    assert "Slide 2 added" in json.dumps(
        add_view(agency, str(created["id"]), pathname="/country/TUN", search="").get_json()
    )
    assert [s["permalink"] for s in stories(app)[0]["slides"]] == ["/routes?measure=detections", "/country/TUN"]

    other = logged_in(app, "fp-lby", "focal_point", "LBY")
    refused = json.dumps(add_view(other, str(created["id"]), title="Mine").get_json())
    assert "only its owner (agency) or an admin" in refused
    assert "Nothing was saved" in json.dumps(add_view(agency, "new", pathname="/stories", search="").get_json())
    assert "not a local path" in json.dumps(
        add_view(agency, str(created["id"]), pathname="//evil.example/x").get_json()
    )
    assert len(stories(app)[0]["slides"]) == 2
    assert ("fp-lby", "story.update_denied", f"story:{created['id']}") in audit_events(app)


def test_the_add_dialog_offers_only_the_users_own_stories(app):
    agency = login(app)
    add_view(agency, "new")
    other = logged_in(app, "fp-lby", "focal_point", "LBY")
    add_view(other, "new", title="Libya")
    body = {
        "output": "..story-add-modal.is_open...story-add-modal-title.children...story-add-body.children..",
        "outputs": [
            {"id": "story-add-modal", "property": "is_open"},
            {"id": "story-add-modal-title", "property": "children"},
            {"id": "story-add-body", "property": "children"},
        ],
        "inputs": [{"id": "story-add-open", "property": "n_clicks", "value": 1}],
        "state": [
            {"id": "url", "property": "pathname", "value": "/routes"},
            {"id": "url", "property": "search", "value": "?measure=detections"},
            {"id": "app-root", "property": "lang", "value": "en"},
        ],
        "changedPropIds": ["story-add-open.n_clicks"],
    }
    mine = json.dumps(other.post("/_dash-update-component", json=body).get_json(), ensure_ascii=False)
    own_id = next(s["id"] for s in stories(app) if s["owner"] == "fp-lby")
    theirs = next(s["id"] for s in stories(app) if s["owner"] == "agency")
    assert f'"value": "{own_id}"' in mine and f'"value": "{theirs}"' not in mine
    assert app.server.test_client().post("/_dash-update-component", json=body).status_code == 204
