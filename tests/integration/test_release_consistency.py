"""One request, one data release: a request that started on release N answers entirely from N,
even when another release becomes current while it runs (another worker approving a submission).

The pointer is moved in the middle of a request by the request itself (the way a second worker's
approval would land between two reads); the provider re-reads the pointer on every read
(poll_seconds=0), so without the request-scoped choice the second read would see the new release.
"""

from __future__ import annotations

import flask
import pytest

from imapdash import create_app
from imapdash.db import get_engine
from imapdash.releases import store
from imapdash.releases.provider import get_provider
from imapdash.views.context import view_context
from tests.conftest import find_component, make_settings
from tests.integration.test_releases import changed_build

TUN_2024 = ("TUN", "migrant_stock_total", 2024)


def tun_2024_value(datasets) -> float:
    values = datasets.indicator_values
    iso3, indicator, year = TUN_2024
    row = values[(values["iso3"] == iso3) & (values["indicator_id"] == indicator) & (values["year"] == year)]
    return float(row["value"].iloc[0])


@pytest.fixture
def two_releases(tmp_path):
    """An app whose current release is 1 (TUN 2024 = 60), with release 2 (TUN 2024 = 61) stored beside it."""
    app = create_app(make_settings(tmp_path, release_poll_seconds=0))
    engine = get_engine(app.server)
    number, created = store.register_build(
        engine, store.read_data_dir(changed_build(tmp_path, "61")), title="second", actor="test"
    )
    assert (number, created) == (2, True)
    store.activate(engine, 1, actor="test")
    provider = get_provider(app.server)
    provider.refresh()
    assert provider.current_number() == 1
    return app, engine, provider


def test_a_request_reads_one_release_while_another_becomes_current(two_releases):
    app, engine, provider = two_releases
    datasets = app.server.extensions["imapdash.datasets"]  # the proxy every view is given

    @app.server.get("/test-mid-request-switch")
    def _switch():
        before = (datasets.release, tun_2024_value(datasets))
        store.activate(engine, 2, actor="other-worker")  # lands while this request runs
        assert provider.current().release == 2  # the worker now serves 2 to new requests...
        after = (datasets.release, tun_2024_value(datasets))  # ...but this request stays on 1
        vc = view_context(datasets, "en")
        return flask.jsonify(before=before, after=after, context=[vc.release, tun_2024_value(vc.datasets)])

    body = app.server.test_client().get("/test-mid-request-switch").get_json()
    assert body["before"] == [1, 60.0]
    assert body["after"] == [1, 60.0], "a request must not switch release half-way"
    assert body["context"] == [1, 60.0]
    # the next request starts on the new release
    with app.server.test_request_context("/"):
        assert (datasets.release, tun_2024_value(datasets)) == (2, 61.0)


def test_a_pinned_request_stays_on_its_release(two_releases):
    app, engine, _provider = two_releases
    datasets = app.server.extensions["imapdash.datasets"]
    store.activate(engine, 2, actor="test")

    @app.server.get("/test-pinned")
    def _pinned():
        first = datasets.release
        store.activate(engine, 1, actor="other-worker")
        store.activate(engine, 2, actor="other-worker")
        return flask.jsonify(first=first, then=datasets.release, value=tun_2024_value(datasets))

    body = app.server.test_client().get("/test-pinned?release=1").get_json()
    assert body == {"first": 1, "then": 1, "value": 60.0}


def test_a_page_render_answers_from_one_release_while_another_becomes_current(two_releases, monkeypatch):
    """The router callback renders the explorer (map, table tab) and the footer; the pointer moves half-way."""
    import json

    from imapdash.figures.choropleth import VALUES_TRACE
    from imapdash.ids import Explorer, Shell
    from imapdash.views.explorer import page

    app, engine, provider = two_releases
    versions = {n: provider.get(n).version for n in (1, 2)}
    assert versions[1] != versions[2]
    real_controls = page.controls

    def controls_then_switch(*args, **kwargs):  # runs after the map is built, before the table tab
        store.activate(engine, 2, actor="other-worker")
        assert provider.current().release == 2
        return real_controls(*args, **kwargs)

    monkeypatch.setattr(page, "controls", controls_then_switch)
    client = app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    router = next(d for d in deps if f"{Shell.PAGE}.children" in d["output"])
    values = {"url.pathname": "/", "url.search": "?ind=migrant_stock_total&year=2024&sel=TUN"}
    body = {
        "output": router["output"],
        "outputs": [
            dict(zip(("id", "property"), o.split("@")[0].rsplit(".", 1), strict=True))
            for o in router["output"][2:-2].split("...")
        ],
        "inputs": [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in router["inputs"]],
        "state": [{**s, "value": None} for s in router["state"]],
        "changedPropIds": ["url.pathname"],
    }
    response = client.post("/_dash-update-component", json=body).get_json()["response"]
    page_tree = response[Shell.PAGE]["children"]
    figure = find_component(page_tree, Explorer.MAP)["props"]["figure"]
    trace = figure["data"][VALUES_TRACE]
    tunisia = trace["customdata"][trace["locations"].index("TUN")]
    assert tunisia[1] == "60", "the map was built from release 1"
    table = json.dumps(find_component(page_tree, Explorer.TABLE), ensure_ascii=False)
    assert '"60"' in table and '"61"' not in table, "the table tab, built after the switch, is still release 1"
    footer = json.dumps(response[Shell.FOOTER]["children"], ensure_ascii=False)
    assert versions[1] in footer and versions[2] not in footer, "the footer names release 1's data"
    # the next request reads release 2
    monkeypatch.setattr(page, "controls", real_controls)
    response = client.post("/_dash-update-component", json=body).get_json()["response"]
    assert versions[2] in json.dumps(response[Shell.FOOTER]["children"], ensure_ascii=False)


def test_the_context_reads_the_user_only_when_asked(two_releases):
    """view_context(with_user=True) names the logged-in user; without it (and for anonymous readers) there is none."""
    from tests.conftest import logged_in

    app, engine, _provider = two_releases
    datasets = app.server.extensions["imapdash.datasets"]
    seen = {}

    @app.server.get("/test-context-user")
    def _context_user():
        asked, not_asked = view_context(datasets, "fr", with_user=True), view_context(datasets, "fr")
        seen["asked"], seen["not_asked"] = asked.user, not_asked.user
        seen["engine"] = view_context(datasets, with_engine=True).engine is engine
        return "ok"

    focal = logged_in(app, "fp-tun", "focal_point", "TUN")
    assert focal.get("/test-context-user").status_code == 200
    user = seen["asked"]
    assert (user.name, user.role, user.country, user.partner) == ("fp-tun", "focal_point", "TUN", True)
    assert seen["not_asked"] is None and seen["engine"] is True
    assert app.server.test_client().get("/test-context-user").status_code == 200
    assert seen["asked"] is None, "an anonymous reader has no user"
