"""Public callbacks answer wrong input types with 400 and one log line, never 500 (issue 16, Low).

Any callback can be POSTed to /_dash-update-component with any values. A fuzz over every public
callback with values of the wrong JSON type made 427 of 1,956 calls answer 500 with a traceback.
"""

from __future__ import annotations

import logging

import pytest

from imapdash import create_app
from tests.conftest import make_settings
from tests.integration.test_security_enumeration import _arg, _outputs

WRONG = [{"x": {"y": 1}}, [[1], {"z": 2}], 12345, -1.5, True, "\x00zz", ["a", 3, None]]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app(make_settings(tmp_path_factory.mktemp("fuzz")))


def _bodies(dep: dict):
    args = dep["inputs"] + dep["state"]
    n_inputs = len(dep["inputs"])
    for wrong in WRONG:
        for target in range(len(args)):  # one wrong argument at a time, the others None
            values = [wrong if k == target else None for k in range(len(args))]
            yield {
                "output": dep["output"],
                "outputs": _outputs(dep["output"]),
                "inputs": [_arg(a, v) for a, v in zip(dep["inputs"], values, strict=False)],
                "state": [_arg(a, v) for a, v in zip(dep["state"], values[n_inputs:], strict=False)],
                "changedPropIds": [f"{a['id']}.{a['property']}" for a in dep["inputs"][:1]],
            }


def test_wrong_input_types_are_bad_requests_not_server_errors(app, caplog):
    client = app.server.test_client()
    app.server.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: an error becomes a 500
    deps = [d for d in client.get("/_dash-dependencies").get_json() if not d.get("clientside_function")]
    failures, calls, refused = [], 0, 0
    with caplog.at_level(logging.INFO):
        for dep in deps:
            for body in _bodies(dep):
                calls += 1
                caplog.clear()
                response = client.post("/_dash-update-component", json=body)
                if response.status_code >= 500:
                    failures.append((dep["output"][:80], [a.get("value") for a in body["inputs"]][:3]))
                if response.status_code == 400:
                    refused += 1
                    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
                    assert len(records) == 1, [r.getMessage() for r in records]
                    assert "\n" not in records[0].getMessage() and records[0].exc_info is None
    assert calls > 200
    assert not failures, f"{len(failures)} of {calls} calls answered 5xx, e.g. {failures[:5]}"


@pytest.mark.parametrize("body", [{"output": 1}, {"output": "x.children", "inputs": "nope"}, [1, 2]])
def test_malformed_callback_bodies_are_bad_requests(app, body):
    app.server.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.server.test_client().post("/_dash-update-component", json=body)
    assert response.status_code == 400


def test_a_clientside_or_unknown_output_is_not_found_not_a_server_error(app, caplog):
    """Posting a clientside callback's output (or a made-up one) answered 500 with a traceback."""
    client = app.server.test_client()
    app.server.config["PROPAGATE_EXCEPTIONS"] = False
    clientside = [d for d in client.get("/_dash-dependencies").get_json() if d.get("clientside_function")]
    assert clientside, "the app has clientside callbacks"
    for output in (clientside[0]["output"], "no-such-component.children"):
        caplog.clear()
        with caplog.at_level(logging.INFO):
            response = client.post(
                "/_dash-update-component",
                json={"output": output, "outputs": _outputs(output), "inputs": [], "changedPropIds": []},
            )
        assert response.status_code == 404, (output, response.status_code)
        records = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(records) == 1 and records[0].exc_info is None
