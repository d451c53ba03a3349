"""The partner view over HTTP: what each role gets from the callbacks and routes."""

from __future__ import annotations

import base64
import json

from sqlalchemy import select

from imapdash.auth.models import AuditEvent
from imapdash.db import session_scope
from imapdash.partner import submissions as sub
from tests.conftest import logged_in, post_router

HEADER = "iso3,indicator_id,year,value,period_label,source_org,source_url,vintage\n"
GOOD = HEADER + "TUN,migrant_stock_total,2024,65,2024,INS Tunisia,https://www.ins.tn/,2025-05\n"


def post(client, output, inputs, state=(), lang="en"):
    """A callback request; partner callbacks read the language last (`app-root.lang`), None leaves it out."""
    state = [*state, ("app-root", "lang", lang)] if lang is not None else list(state)
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    outputs = [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]
    body = {
        "output": output,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
        "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"] if inputs else [],
    }
    return client.post("/_dash-update-component", json=body)


FLOWS_OUTPUT = (
    "..partner-flows-table.children...partner-flows-graph.figure..."
    "partner-flows-graph-summary.children...partner-flows-graph-alt-table.children.."
)


def data_url(text: str) -> str:
    return "data:text/csv;base64," + base64.b64encode(text.encode()).decode()


def router(client, path="/partner", search=""):
    """The router callback for `path`, posted the way the browser does (every other value None)."""
    response = post_router(client, path, search)
    return json.dumps(response.get_json(), ensure_ascii=False)


def test_anonymous_page_offers_login_and_hides_the_panel(client):
    page = router(client)
    assert "Partner area — log in" in page and "/login?next=/partner" in page
    assert (
        post(
            client,
            "..partner-panel.hidden...partner-login-prompt.hidden...partner-user.children..."
            "partner-upload-section.hidden...partner-admin-section.hidden..",
            [("url", "pathname", "/partner")],
        ).status_code
        == 403
    )


def test_layout_is_the_same_for_a_partner_and_an_anonymous_visitor(app, client):
    partner = logged_in(app, "agency", "partner_agency")
    assert router(partner) == router(client)


def test_partner_gets_panel_flows_and_download(app):
    partner = logged_in(app, "agency", "partner_agency")
    panel = post(
        partner,
        "..partner-panel.hidden...partner-login-prompt.hidden...partner-user.children..."
        "partner-upload-section.hidden...partner-admin-section.hidden..",
        [("url", "pathname", "/partner")],
    ).get_json()["response"]
    assert panel["partner-panel"]["hidden"] is False and panel["partner-login-prompt"]["hidden"] is True
    assert panel["partner-upload-section"]["hidden"] is True and panel["partner-admin-section"]["hidden"] is True
    assert "agency (partner agency)" in panel["partner-user"]["children"]

    flows = post(
        partner,
        FLOWS_OUTPUT,
        [("partner-route", "value", "central-mediterranean")],
    ).get_json()["response"]
    figure = flows["partner-flows-graph"]["figure"]
    assert figure["data"][0]["x"] == ["2025-01"] and figure["data"][0]["y"] == [99.0]
    assert "preliminary" in figure["layout"]["title"]["text"]
    assert "2025-01 (preliminary)" in str(flows["partner-flows-table"])
    other = post(partner, FLOWS_OUTPUT, [("partner-route", "value", "other")]).get_json()["response"]
    assert "no data" in str(other["partner-flows-table"])

    response = partner.get("/partner/download/flows.csv")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).splitlines()
    assert len(lines) == 2 and lines[1].startswith("central-mediterranean,2025-01,month,ALL,detections,99,")
    assert partner.get("/partner/download/users.csv").status_code == 404
    with session_scope(app.server) as db:
        event = db.scalars(select(AuditEvent).where(AuditEvent.action == "partner.download")).one()
        assert (event.actor, event.target) == ("agency", "flows.csv")


def test_route_filter_lives_in_the_url(app):
    partner = logged_in(app, "agency", "partner_agency")
    restored = post(partner, "partner-route.value", [("url", "search", "?route=central-mediterranean")])
    assert restored.get_json()["response"]["partner-route"]["value"] == "central-mediterranean"
    assert (
        post(partner, "partner-route.value", [("url", "search", "?route=nope")]).get_json()["response"][
            "partner-route"
        ]["value"]
        is None
    )
    written = [
        d
        for d in app.callback_map
        if d.startswith("url.search@") and "partner-route" in str(app.callback_map[d]["inputs"])
    ]
    assert len(written) == 1
    body = post(partner, written[0], [("partner-route", "value", "other")], [("url", "search", "")])
    assert body.get_json()["response"]["url"]["search"] == "?route=other"
    same = post(partner, written[0], [("partner-route", "value", "other")], [("url", "search", "?route=other")])
    assert same.status_code == 204 or "?route=other" not in same.get_data(as_text=True)


def test_focal_point_upload_preview_submit_then_admin_approves_and_reverts(app):
    focal = logged_in(app, "fp-tun", "focal_point", "TUN")
    bad = post(
        focal,
        "..partner-upload-result.children...partner-submit.disabled..",
        [("partner-upload", "contents", data_url(GOOD.replace(",65,", ",lots,")))],
        [("partner-upload", "filename", "tun.csv")],
    ).get_json()["response"]
    assert "Row 2, column value: invalid value" in str(bad) and bad["partner-submit"]["disabled"] is True
    good = post(
        focal,
        "..partner-upload-result.children...partner-submit.disabled..",
        [("partner-upload", "contents", data_url(GOOD))],
        [("partner-upload", "filename", "tun.csv")],
    ).get_json()["response"]
    assert "60 → 65" in str(good) and good["partner-submit"]["disabled"] is False
    stored = post(
        focal,
        "partner-submit-result.children",
        [("partner-submit", "n_clicks", 1)],
        [("partner-upload", "contents", data_url(GOOD)), ("partner-upload", "filename", "tun.csv")],
    )
    assert "Submission 1 stored" in stored.get_data(as_text=True)

    admin = logged_in(app, "boss", "admin")
    approve = {
        "output": "partner-decision-result.children",
        "outputs": {"id": "partner-decision-result", "property": "children"},
        "inputs": [[{"id": {"index": 1, "type": "partner-approve"}, "property": "n_clicks", "value": 1}], []],
        "state": [{"id": "app-root", "property": "lang", "value": "en"}],
        "changedPropIds": ['{"index":1,"type":"partner-approve"}.n_clicks'],
    }
    assert "1 value(s) changed" in admin.post("/_dash-update-component", json=approve).get_data(as_text=True)
    engine = app.server.extensions["imapdash.db"]
    datasets = app.server.extensions["imapdash.datasets"]
    values = sub.current_indicator_values(datasets, engine)
    assert values[(values.iso3 == "TUN") & (values.year == 2024)]["value"].tolist() == [65.0]

    audit = post(
        admin,
        "partner-audit.children",
        [
            ("partner-admin-section", "hidden", False),
            ("partner-decision-result", "children", None),
            ("partner-revert-result", "children", None),
        ],
    )
    text = json.dumps(audit.get_json(), ensure_ascii=False)
    assert "TUN/migrant_stock_total/2024" in text and "60 → 65" in text and "boss" in text
    event_id = sub.value_changes(engine)[0]["id"]
    revert = {
        "output": "partner-revert-result.children",
        "outputs": {"id": "partner-revert-result", "property": "children"},
        "inputs": [[{"id": {"index": event_id, "type": "partner-revert"}, "property": "n_clicks", "value": 1}]],
        "state": [{"id": "app-root", "property": "lang", "value": "en"}],
        "changedPropIds": [f'{{"index":{event_id},"type":"partner-revert"}}.n_clicks'],
    }
    assert "reverted" in admin.post("/_dash-update-component", json=revert).get_data(as_text=True)
    values = sub.current_indicator_values(datasets, engine)
    assert values[(values.iso3 == "TUN") & (values.year == 2024)]["value"].tolist() == [60.0]
    # a focal point cannot open the audit log even by forging the input
    forged = post(
        focal,
        "partner-audit.children",
        [
            ("partner-admin-section", "hidden", False),
            ("partner-decision-result", "children", None),
            ("partner-revert-result", "children", None),
        ],
    )
    assert forged.status_code == 204


def test_partner_agency_cannot_upload(app):
    partner = logged_in(app, "agency", "partner_agency")
    response = post(
        partner,
        "..partner-upload-result.children...partner-submit.disabled..",
        [("partner-upload", "contents", data_url(GOOD))],
        [("partner-upload", "filename", "x.csv")],
    )
    assert response.status_code == 204


# one callback fills the status table, the figure and its text alternative (summary + data table) from one frame
ALT_OUTPUT = FLOWS_OUTPUT


def test_every_partner_callback_reads_the_language(app):
    partner_callbacks = [o for o in app.callback_map if "partner-" in o]
    assert ALT_OUTPUT in partner_callbacks
    assert [o for o in partner_callbacks if "partner-flows-graph" in o] == [FLOWS_OUTPUT]  # no second callback
    for output in partner_callbacks:
        state = app.callback_map[output]["state"]
        assert state and state[-1] == {"id": "app-root", "property": "lang"}, output


def test_callback_text_in_french_and_arabic(app, client):
    assert post(client, ALT_OUTPUT, [("partner-route", "value", None)], lang="fr").status_code == 403
    focal = logged_in(app, "fp-tun", "focal_point", "TUN")
    panel = post(
        focal,
        "..partner-panel.hidden...partner-login-prompt.hidden...partner-user.children..."
        "partner-upload-section.hidden...partner-admin-section.hidden..",
        [("url", "pathname", "/partner")],
        lang="fr",
    ).get_json()["response"]
    assert panel["partner-user"]["children"] == "Connecté en tant que fp-tun (point focal, TUN)"

    flows = post(
        focal,
        FLOWS_OUTPUT,
        [("partner-route", "value", "central-mediterranean")],
        lang="ar",
    ).get_json()["response"]
    layout = flows["partner-flows-graph"]["figure"]["layout"]
    # months run left to right in every language
    value_axis = next(a["text"] for a in layout["annotations"] if a.get("name") == "value-axis-title")
    assert "autorange" not in layout["xaxis"] and value_axis == "حالات الرصد"  # written across above the plot
    assert "الشهر" in json.dumps(flows["partner-flows-table"], ensure_ascii=False)
    alt = post(focal, ALT_OUTPUT, [("partner-route", "value", "central-mediterranean")], lang="fr").get_json()[
        "response"
    ]
    assert alt["partner-flows-graph-summary"]["children"] == "Seule valeur : Méditerranée centrale, 2025-01 99."
    assert "2025-01" in json.dumps(alt["partner-flows-graph-alt-table"]) and "Détections" in json.dumps(
        alt["partner-flows-graph-alt-table"], ensure_ascii=False
    )

    bad = post(
        focal,
        "..partner-upload-result.children...partner-submit.disabled..",
        [("partner-upload", "contents", data_url(GOOD.replace(",65,", ",lots,")))],
        [("partner-upload", "filename", "tun.csv")],
        lang="fr",
    ).get_json()["response"]
    text = json.dumps(bad, ensure_ascii=False)
    assert "Ligne 2, colonne value : invalid value" in text and "rien n’a été enregistré" in text
    listing = post(
        focal,
        "partner-submissions.children",
        [
            ("url", "pathname", "/partner"),
            ("partner-submit-result", "children", None),
            ("partner-decision-result", "children", None),
        ],
        lang="fr",
    )
    assert "Aucune soumission." in listing.get_data(as_text=True)


def activate_body(number: int) -> dict:
    return {
        "output": "partner-release-result.children",
        "outputs": {"id": "partner-release-result", "property": "children"},
        "inputs": [[{"id": {"index": number, "type": "partner-release-activate"}, "property": "n_clicks", "value": 1}]],
        "state": [{"id": "app-root", "property": "lang", "value": "en"}],
        "changedPropIds": [f'{{"index":{number},"type":"partner-release-activate"}}.n_clicks'],
    }


def test_only_an_admin_lists_releases_and_makes_one_current(app, client):
    from imapdash.releases import store

    engine = app.server.extensions["imapdash.db"]
    with session_scope(app.server) as db:
        files = store.release_files(db, 1)
        files["indicator_values.csv"] = files["indicator_values.csv"].replace(b",2024,60,", b",2024,61,")
        store.create_release(db, files, kind="build", title="Second build", actor="data-team")
    admin = logged_in(app, "boss", "admin")
    agency = logged_in(app, "agency", "partner_agency")

    def value(c) -> list[float]:
        rows = c.get("/api/v1/indicators/migrant_stock_total.json?iso3=TUN&year=2024").get_json()["rows"]
        return [r["value"] for r in rows]

    listed = post(
        admin,
        "partner-releases.children",
        [("partner-admin-section", "hidden", False), ("partner-release-result", "children", None)],
    )
    text = json.dumps(listed.get_json(), ensure_ascii=False)
    assert "Second build" in text and "data-team" in text and "Make current" in text
    for caller in (agency, client):
        forged = post(
            caller,
            "partner-releases.children",
            [("partner-admin-section", "hidden", False), ("partner-release-result", "children", None)],
        )
        assert forged.status_code in (204, 403)
        assert caller.post("/_dash-update-component", json=activate_body(1)).status_code in (204, 403)
        assert store.read_current_number(engine) == 2
    app.server.extensions["imapdash.releases"].refresh()
    assert value(client) == [61.0]
    done = admin.post("/_dash-update-component", json=activate_body(1)).get_data(as_text=True)
    assert "Release 1 is now current" in done
    assert store.read_current_number(engine) == 1 and value(client) == [60.0]
    with session_scope(app.server) as db:
        actors = [e.actor for e in db.scalars(select(AuditEvent).where(AuditEvent.action == "release.activated"))]
    assert actors[-1] == "boss"
