"""A focal point proposes a country link like a figure; an approved link reaches the profile (issue 15)."""

from __future__ import annotations

import json

import pytest

from imapdash.datasets import load_datasets
from imapdash.db import get_engine
from imapdash.partner import documents as docs
from tests.conftest import FIXTURE_DATA
from tests.integration.test_partner_published import profile_html

HEADER = "iso3,kind,title,language,publisher,url,published,contact,note\n"
GOOD = HEADER + "TUN,data_portal,IOM DTM Europe: arrivals,en,IOM DTM,https://dtm.iom.int/europe/arrivals,2025-01,,\n"


@pytest.fixture(scope="module")
def datasets():
    return load_datasets(FIXTURE_DATA)


def test_a_link_on_a_mirror_or_for_another_country_is_refused_with_row_and_column(datasets):
    bad = (
        HEADER
        + "TUN,report,A copy,en,UNHCR,https://slidelegend.com/some-copy.html,,,\n"
        + "ITA,agency_page,IOM DTM Europe,en,IOM DTM,https://dtm.iom.int/europe/arrivals,,,\n"
    )
    result = docs.validate_documents("links.csv", bad.encode(), country="TUN", datasets=datasets)
    found = {(p.file, p.row, p.column, p.message) for p in result.problems}
    assert found == {
        ("links.csv", 2, "url", "link is not on a publisher's own site"),
        ("links.csv", 3, "iso3", "row is for another country and is refused"),
    }
    assert not result.ok
    kind = docs.validate_documents(
        "l.csv", GOOD.replace("data_portal", "blog").encode(), country="TUN", datasets=datasets
    )
    assert [(p.row, p.column) for p in kind.problems] == [(2, "kind")]


def test_an_approved_link_shows_on_the_profile_and_a_pending_one_does_not(app, client, datasets):
    engine = get_engine(app.server)
    assert "IOM DTM Europe: arrivals" not in profile_html(client)
    result = docs.validate_documents("links.csv", GOOD.encode(), country="TUN", datasets=datasets)
    assert result.ok, result.problems
    proposal = docs.propose_documents(engine, result, user="fp-tun", country="TUN")
    assert "IOM DTM Europe: arrivals" not in profile_html(client), "a pending proposal changes nothing"
    with app.server.app_context():
        assert docs.approve_documents(engine, proposal, admin="boss") == 1
    html = json.dumps(json.loads(profile_html(client)))  # Dash escapes "/" in its JSON
    assert "IOM DTM Europe: arrivals" in html and '"href": "https://dtm.iom.int/europe/arrivals"' in html
    with pytest.raises(ValueError, match="not pending"):
        docs.approve_documents(engine, proposal, admin="boss")


def test_a_rejected_proposal_changes_nothing(app, client, datasets):
    engine = get_engine(app.server)
    result = docs.validate_documents("links.csv", GOOD.encode(), country="TUN", datasets=datasets)
    proposal = docs.propose_documents(engine, result, user="fp-tun", country="TUN")
    docs.reject_documents(engine, proposal, admin="boss")
    assert "IOM DTM Europe: arrivals" not in profile_html(client)


def _post(client, output: str, inputs: list, state: list | None = None):
    body = {"output": output, "outputs": {"id": output.split(".")[0], "property": output.split(".")[1]}}
    body |= {"inputs": inputs, "state": state or [], "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"]}
    return client.post("/_dash-update-component", json=body)


def test_the_partner_area_carries_a_proposal_from_upload_to_profile(app, client):
    import base64

    from imapdash.ids import Partner, Shell
    from tests.conftest import add_user, log_in

    lang = {"id": Shell.ROOT, "property": "lang", "value": "en"}
    add_user(app.server, "fp-tun", "focal_point", country="TUN")
    add_user(app.server, "boss", "admin")
    focal, boss = app.server.test_client(), app.server.test_client()
    log_in(focal, "fp-tun")
    log_in(boss, "boss")
    contents = "data:text/csv;base64," + base64.b64encode(GOOD.encode()).decode()
    upload = [{"id": Partner.DOC_UPLOAD, "property": "contents", "value": contents}]
    named = [{"id": Partner.DOC_UPLOAD, "property": "filename", "value": "links.csv"}, lang]
    assert _post(client, f"{Partner.DOC_RESULT}.children", upload, named).status_code in (204, 403)  # anonymous
    sent = _post(focal, f"{Partner.DOC_RESULT}.children", upload, named)
    assert sent.status_code == 200 and "sent for approval" in sent.get_data(as_text=True)
    shown = [
        {"id": Partner.ADMIN_SECTION, "property": "hidden", "value": False},
        {"id": Partner.DOC_DECISION, "property": "children", "value": None},
    ]
    pending = _post(boss, f"{Partner.DOC_PROPOSALS}.children", shown, [lang]).get_data(as_text=True)
    assert "IOM DTM Europe: arrivals" in pending and Partner.DOC_APPROVE in pending
    assert _post(focal, f"{Partner.DOC_PROPOSALS}.children", shown, [lang]).status_code in (204, 403)
    proposal = json.loads(pending)["response"][Partner.DOC_PROPOSALS]["children"]["props"]["children"][0]
    index = json.dumps(proposal).split(f'"type": "{Partner.DOC_APPROVE}", "index": ')[1].split("}")[0]
    approve_id = {"type": Partner.DOC_APPROVE, "index": int(index)}
    click = [
        {"id": approve_id, "property": "n_clicks", "value": 1},
    ]
    body = {
        "output": f"{Partner.DOC_DECISION}.children",
        "outputs": {"id": Partner.DOC_DECISION, "property": "children"},
        "inputs": [click, []],
        "state": [lang],
        "changedPropIds": [json.dumps(approve_id, separators=(",", ":"), sort_keys=True) + ".n_clicks"],
    }
    decided = boss.post("/_dash-update-component", json=body)
    assert decided.status_code == 200 and "approved" in decided.get_data(as_text=True), decided.get_data(as_text=True)
    html = json.dumps(json.loads(profile_html(client)))
    assert "IOM DTM Europe: arrivals" in html
