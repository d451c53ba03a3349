"""Enumerate every callback and every GET route as an anonymous client: no restricted row leaks.

The fixture data holds two restricted rows with recognisable values: flows `2025-01` (value 99,
"2025-01 (preliminary)") and indicator_values LBY refugees_hosted 2024 (value 47, "mid-2024").
The callbacks come from `app.callback_map` and `/_dash-dependencies`, so a callback added later is
tested without editing this file. Three layers are checked separately, so removing any one of them
fails a test even though the others would still stop the leak:
1. the request-layer guard (`install_callback_guard`): every `partner-` output answers 403;
2. `partner_required` on each callback: with layer 1 switched off, every partner callback answers
   204 and the denial is audited with layer "callback";
3. the guarded accessors (`imapdash.partner.access`) raise PermissionError for non-partners.
"""

from __future__ import annotations

import base64
import json
import re
from itertools import product

import pytest
from flask import Flask

from imapdash import create_app
from imapdash.auth.guards import _check_callback_request, output_is_restricted
from imapdash.auth.models import AuditEvent
from imapdash.db import session_scope
from imapdash.partner import access
from imapdash.partner import submissions as sub
from tests.conftest import add_user, log_in, make_settings

MARKERS = (
    re.compile(r"2025-01 \(preliminary\)"),
    re.compile(r'"2025-01"'),
    re.compile(r"(^|[,\n])2025-01,"),
    re.compile(r"mid-2024"),
    re.compile(r'"preliminary"'),
    re.compile(r",preliminary,"),
    re.compile(r'"value":\s*(99|47)(\.0)?[,}]'),
    re.compile(r'"y":\s*\[\s*99'),
    re.compile(r"DRAFT-MARKER"),
)
GOOD_CSV = (
    "iso3,indicator_id,year,value,period_label,source_org,source_url,vintage\n"
    "TUN,migrant_stock_total,2024,65,2024,INS Tunisia,https://www.ins.tn/,2025-05\n"
)
UPLOAD = "data:text/csv;base64," + base64.b64encode(GOOD_CSV.encode()).decode()
PUBLIC_PARTNER_PATHS = {"/partner/request-access"}  # the access-request form, for visitors by design
CANDIDATES: dict[str, list] = {
    "pathname": ["/partner", "/", "/sources"],
    "search": ["?route=central-mediterranean&restricted=1", "?restricted=1&iso3=LBY&year=2024", ""],
    "value": ["central-mediterranean", "LBY", 2024, ["LBY"], "refugees_hosted"],
    "n_clicks": [1, 2],
    "contents": [UPLOAD],
    "filename": ["DRAFT-MARKER.csv"],
    "hidden": [False],
    "children": ["x"],
    "data": [{"restricted": True}],
    "clickData": [{"points": [{"location": "LBY", "customdata": ["LBY"]}]}],
}


def markers_in(text: str) -> list[str]:
    return [m.pattern for m in MARKERS if m.search(text)]


def login(client, username: str) -> None:
    log_in(client, username)


def _concrete(raw_id: str):
    """A dependency id as the renderer would send it: wildcards replaced by a real index."""
    if not raw_id.startswith("{"):
        return raw_id, False
    parsed = json.loads(raw_id)
    is_all = any(v == ["ALL"] for v in parsed.values())
    return {k: (1 if isinstance(v, list) else v) for k, v in parsed.items()}, is_all


def _outputs(output: str):
    multi = output.startswith("..") and output.endswith("..")
    parts = output[2:-2].split("...") if multi else [output]
    items = []
    for part in parts:
        part = part.split("@")[0]
        component, _, prop = part.rpartition(".")
        cid, is_all = _concrete(component)
        entry = {"id": cid, "property": prop}
        items.append([entry] if is_all else entry)
    return items if multi else items[0]


def _arg(dep: dict, value, prop: str | None = None) -> dict | list:
    cid, is_all = _concrete(dep["id"])
    entry = {"id": cid, "property": prop or dep["property"], "value": value}
    return [entry] if is_all else entry


def bodies(dep: dict):
    """Request bodies for one callback: all None, typed values, and a relabelled-pathname variant."""
    args = dep["inputs"] + dep["state"]
    options = [[None, *CANDIDATES.get(a["property"], ["x", 1])] for a in args]
    variants = [[o[0] for o in options]]
    for k in range(1, max((len(o) for o in options), default=1)):
        variants.append([o[min(k, len(o) - 1)] for o in options])
    if len(args) <= 3:
        variants += [list(combo) for combo in product(*options)][:40]
    n_inputs = len(dep["inputs"])
    for values in variants:
        inputs = [_arg(a, v) for a, v in zip(dep["inputs"], values, strict=False)]
        state = [_arg(a, v) for a, v in zip(dep["state"], values[n_inputs:], strict=False)]
        body = {
            "output": dep["output"],
            "outputs": _outputs(dep["output"]),
            "inputs": inputs,
            "state": state,
            "changedPropIds": [f"{a['id']}.{a['property']}" for a in dep["inputs"][:1]],
        }
        yield body
    if dep["inputs"]:
        relabelled = [_arg(dep["inputs"][0], "/", prop="pathname")]
        relabelled += [_arg(a, None) for a in dep["inputs"][1:]]
        yield {
            "output": dep["output"],
            "outputs": _outputs(dep["output"]),
            "inputs": relabelled,
            "state": [_arg(a, None) for a in dep["state"]],
            "changedPropIds": [],
        }


def enumerate_callbacks(client):
    deps = client.get("/_dash-dependencies").get_json()
    for dep in deps:
        if dep.get("clientside_function"):
            continue
        for body in bodies(dep):
            yield dep, body, client.post("/_dash-update-component", json=body)


@pytest.fixture
def app(tmp_path):
    return create_app(make_settings(tmp_path))


def test_every_callback_has_dependencies_entry(app):
    deps = app.server.test_client().get("/_dash-dependencies").get_json()
    assert {d["output"] for d in deps} == set(app.callback_map)
    assert any(output_is_restricted(d["output"]) for d in deps)


def test_anonymous_enumeration_of_every_callback_leaks_nothing(app):
    client = app.server.test_client()
    calls = 0
    for dep, body, response in enumerate_callbacks(client):
        calls += 1
        found = markers_in(response.get_data(as_text=True))
        assert not found, (dep["output"], body["inputs"], found)
        if output_is_restricted(dep["output"]):
            assert response.status_code == 403, (dep["output"], response.status_code)
    assert calls > len(app.callback_map)


def test_partner_required_holds_alone_when_the_request_guard_is_off(app):
    """Layer 2: switch the request-layer guard off; every partner callback must still refuse."""
    server = app.server
    server.before_request_funcs[None] = [
        f for f in server.before_request_funcs[None] if f is not _check_callback_request
    ]
    client = server.test_client()
    for dep, body, response in enumerate_callbacks(client):
        text = response.get_data(as_text=True)
        assert not markers_in(text), (dep["output"], markers_in(text))
        partner_inputs = any(str(a["id"]).startswith("partner-") for a in dep["inputs"])
        if output_is_restricted(dep["output"]) or partner_inputs:
            assert response.status_code == 204, (dep["output"], body["inputs"], response.status_code, text[:300])
    with session_scope(server) as db:
        denied = [json.loads(e.detail) for e in db.query(AuditEvent).filter_by(action="callback.denied")]
    refused_by_decorator = {d.get("output") for d in denied if d.get("layer") == "callback"}
    restricted = [o for o in app.callback_map if output_is_restricted(o)]
    assert restricted
    for output in restricted:
        assert output in refused_by_decorator, f"{output} is not decorated with partner_required"


def test_accessors_refuse_without_a_partner(app):
    """Layer 3: the data functions check the user themselves."""
    from imapdash.datasets import load_datasets
    from tests.conftest import FIXTURE_DATA

    datasets = load_datasets(FIXTURE_DATA)
    with app.server.test_request_context("/"):
        for call in (
            lambda: access.restricted_flows(datasets),
            lambda: access.restricted_rows(datasets, "flows"),
            access.submission_countries,
            access.require_admin,
            access.require_focal_point,
        ):
            with pytest.raises(PermissionError):
                call()


def test_partner_sees_the_markers_so_the_checks_are_meaningful(app):
    add_user(app.server, "agency", "partner_agency")
    client = app.server.test_client()
    login(client, "agency")
    body = {
        "output": "..partner-flows-table.children...partner-flows-graph.figure..."
        "partner-flows-graph-summary.children...partner-flows-graph-alt-table.children..",
        "outputs": [
            {"id": "partner-flows-table", "property": "children"},
            {"id": "partner-flows-graph", "property": "figure"},
            {"id": "partner-flows-graph-summary", "property": "children"},
            {"id": "partner-flows-graph-alt-table", "property": "children"},
        ],
        "inputs": [{"id": "partner-route", "property": "value", "value": None}],
        "state": [{"id": "app-root", "property": "lang", "value": None}],
        "changedPropIds": [],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    assert markers_in(response.get_data(as_text=True))
    csv = client.get("/partner/download/flows.csv").get_data(as_text=True)
    assert markers_in(csv)
    indicators = client.get("/partner/download/indicator_values.csv").get_data(as_text=True)
    assert "mid-2024" in indicators
    # the API answers yearly totals by default (opendata); the restricted markers are monthly rows
    assert markers_in(client.get("/api/v1/flows.json?restricted=1&period_type=month").get_data(as_text=True))


def _route_urls(server: Flask) -> list[str]:
    params = {
        "ext": ["json", "csv"],
        "indicator_id": ["refugees_hosted", "migrant_stock_total"],
        "dataset": ["flows", "indicator_values", "composition"],
        "submission_id": ["1"],
    }
    urls = []
    for rule in server.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "_dash_assets.static"):
            continue
        if any(arg not in params for arg in rule.arguments):
            continue
        names = sorted(rule.arguments)
        for combo in product(*(params[n] for n in names)):
            path = rule.rule
            for name, value in zip(names, combo, strict=True):
                path = re.sub(rf"<(?:[^:<>]+:)?{name}>", value, path)
            urls.append(path)
    return urls


def test_every_get_route_as_anonymous_leaks_nothing(app):
    client = app.server.test_client()
    urls = _route_urls(app.server)
    assert any(u.startswith("/api/v1/") for u in urls) and "/partner/download/flows.csv" in urls
    for url in urls:
        queries = ("", "?restricted=1", "?restricted=true&route=central-mediterranean&iso3=LBY")
        # the restricted flows are monthly rows: ask for that level too (the API answers yearly totals by default)
        for query in (
            *queries,
            "?restricted=1&period_type=month",
            "?restricted=1&period_type=month&breakdown=nationality",
        ):
            response = client.get(url + query)
            text = response.get_data().decode("utf-8", errors="replace")
            if url == "/api/v1/openapi.json":  # the description lists the status vocabulary, no row
                text = text.replace('"enum":["final","provisional","preliminary"]', "")
            assert not markers_in(text), (url + query, markers_in(text))
            if url.startswith("/partner/") and url not in PUBLIC_PARTNER_PATHS:
                assert response.status_code == 403, url


def test_layout_after_a_partner_was_the_first_visitor_leaks_nothing(tmp_path):
    app = create_app(make_settings(tmp_path))
    add_user(app.server, "first", "admin")
    partner = app.server.test_client()
    login(partner, "first")
    for path in ("/partner", "/", "/_dash-layout"):
        partner.get(path)
    anonymous = app.server.test_client()
    for path in ("/", "/partner", "/_dash-layout", "/_dash-dependencies"):
        text = anonymous.get(path).get_data(as_text=True)
        assert not markers_in(text), (path, markers_in(text))


def test_focal_point_cannot_read_another_countrys_drafts(app):
    server = app.server
    add_user(server, "fp-tun", "focal_point", "TUN")
    add_user(server, "fp-lby", "focal_point", "LBY")
    add_user(server, "agency", "partner_agency")
    add_user(server, "boss", "admin")
    tun = server.test_client()
    login(tun, "fp-tun")
    submit = {
        "output": "partner-submit-result.children",
        "outputs": {"id": "partner-submit-result", "property": "children"},
        "inputs": [{"id": "partner-submit", "property": "n_clicks", "value": 1}],
        "state": [
            {"id": "partner-upload", "property": "contents", "value": UPLOAD},
            {"id": "partner-upload", "property": "filename", "value": "DRAFT-MARKER.csv"},
            {"id": "app-root", "property": "lang", "value": None},
        ],
        "changedPropIds": ["partner-submit.n_clicks"],
    }
    response = tun.post("/_dash-update-component", json=submit)
    assert "Submission 1 stored" in response.get_data(as_text=True)
    listing = {
        "output": "partner-submissions.children",
        "outputs": {"id": "partner-submissions", "property": "children"},
        "inputs": [
            {"id": "url", "property": "pathname", "value": "/partner"},
            {"id": "partner-submit-result", "property": "children", "value": None},
            {"id": "partner-decision-result", "property": "children", "value": None},
        ],
        "state": [{"id": "app-root", "property": "lang", "value": None}],
        "changedPropIds": [],
    }
    assert "DRAFT-MARKER" in tun.post("/_dash-update-component", json=listing).get_data(as_text=True)
    assert tun.get("/partner/submissions/1.json").get_json()["country"] == "TUN"

    for other in ("fp-lby", "agency"):
        client = server.test_client()
        login(client, other)
        text = client.post("/_dash-update-component", json=listing).get_data(as_text=True)
        assert "DRAFT-MARKER" not in text and "No submissions." in text
        response = client.get("/partner/submissions/1.json")
        assert response.status_code == 404 and "DRAFT-MARKER" not in response.get_data(as_text=True)

    admin = server.test_client()
    login(admin, "boss")
    assert "DRAFT-MARKER" in admin.post("/_dash-update-component", json=listing).get_data(as_text=True)
    assert admin.get("/partner/submissions/1.json").status_code == 200
    # a focal point cannot approve, even its own country's submission
    decide = {
        "output": "partner-decision-result.children",
        "outputs": {"id": "partner-decision-result", "property": "children"},
        "inputs": [[{"id": {"index": 1, "type": "partner-approve"}, "property": "n_clicks", "value": 1}], []],
        "state": [{"id": "app-root", "property": "lang", "value": None}],
        "changedPropIds": ['{"index":1,"type":"partner-approve"}.n_clicks'],
    }
    assert tun.post("/_dash-update-component", json=decide).status_code == 204
    assert sub.get_submission(server.extensions["imapdash.db"], 1)["status"] == "pending"
