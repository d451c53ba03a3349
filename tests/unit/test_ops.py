"""imapdash.ops: proxy trust, worker header and usage counters on a small Flask app."""

from __future__ import annotations

import os
from types import SimpleNamespace

import flask
import pytest

from imapdash.api.aggregates import create_aggregates_blueprint
from imapdash.cache import EXTENSION_KEY
from imapdash.columnar import FlowStore
from imapdash.ops import FLOW_STORE_KEY, WORKER_HEADER, init_app, usage_counts
from imapdash.settings import Settings, SettingsError


class _FakeDatasets(SimpleNamespace):
    def frame(self, name, include_restricted=False):
        import pandas as pd

        from imapdash.columnar import FLOW_COLUMNS

        return pd.DataFrame(columns=list(FLOW_COLUMNS))


def _server(env: dict[str, str]) -> flask.Flask:
    server = flask.Flask("t")
    init_app(server, Settings.from_env({"IMAPDASH_SECRET_KEY": "x", **env}), _FakeDatasets(version="v"))
    server.register_blueprint(create_aggregates_blueprint())  # as the factory does

    @server.get("/ip")
    def ip() -> str:
        return f"{flask.request.remote_addr} {flask.request.scheme}"

    return server


def test_proxy_hops_are_validated() -> None:
    assert Settings.from_env({}).proxy_hops == 0
    assert Settings.from_env({"IMAPDASH_PROXY_HOPS": "1"}).proxy_hops == 1
    with pytest.raises(SettingsError):
        Settings.from_env({"IMAPDASH_PROXY_HOPS": "many"})


def test_forwarded_headers_are_trusted_only_when_configured() -> None:
    headers = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    direct = _server({}).test_client().get("/ip", headers=headers).text
    proxied = _server({"IMAPDASH_PROXY_HOPS": "1"}).test_client().get("/ip", headers=headers).text
    assert direct == "127.0.0.1 http"
    assert proxied == "203.0.113.7 https"


def test_worker_header_only_when_asked_and_api_use_is_counted() -> None:
    plain = _server({})
    assert WORKER_HEADER not in plain.test_client().get("/ip").headers
    exposed = _server({"IMAPDASH_EXPOSE_WORKER": "1"})
    assert exposed.test_client().get("/api/v1/flows/by-route.json?from=2023&measure=detections").headers[
        WORKER_HEADER
    ] == str(os.getpid())
    assert isinstance(exposed.extensions[FLOW_STORE_KEY].current(), FlowStore)
    assert usage_counts(exposed.extensions[EXTENSION_KEY]) == {"api_v1_aggregates.flows_by_route": 1}
