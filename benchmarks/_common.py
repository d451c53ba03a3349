"""Shared helpers for the benchmarks: an app over the bundled data, Dash callback payloads built from the
app's own callback map (so a benchmark follows a callback's signature instead of hard-coding it), and
requests that fail loudly: a benchmark never prints a time for an answer that is not a success.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


class BenchError(SystemExit):
    """A timed request did not succeed: the run stops with a message instead of printing a meaningless time."""

    def __init__(self, message: str) -> None:
        super().__init__(f"benchmark failed: {message}")


def quick_parser(doc: str | None) -> argparse.ArgumentParser:
    """An argument parser with `--quick` (CI smoke run: every code path once, few repetitions)."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0] if doc else None)
    parser.add_argument("--quick", action="store_true", help="one short pass (CI runs every benchmark this way)")
    return parser


def make_app(data_dir: Path | None = None, tmp: Path | None = None):  # type: ignore[no-untyped-def]
    """The app over data/ (or `data_dir`) with SQLite and an instance directory in a temporary directory."""
    from imapdash import create_app
    from imapdash.settings import Settings

    tmp = tmp or Path(tempfile.mkdtemp(prefix="imapdash-bench-"))
    return create_app(
        Settings(
            data_dir=data_dir or REPO / "data",
            instance_dir=tmp / "instance",
            secret_key="bench",
            database_url=f"sqlite:///{tmp / 'bench.db'}",
        )
    )


def check(response, what: str, expect: int = 200):  # type: ignore[no-untyped-def]
    """`response` (Flask test client, requests or urllib) or raise BenchError naming `what` and the status."""
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    if status != expect:
        body = getattr(response, "data", None) or getattr(response, "content", b"") or b""
        raise BenchError(f"{what} answered HTTP {status} (expected {expect}): {bytes(body)[:300]!r}")
    return response


def callback_key(app, output_prefix: str) -> str:  # type: ignore[no-untyped-def]
    """The callback map key of the (first) server callback whose output key starts with `output_prefix`."""
    for key in app.callback_map:
        if key.lstrip(".").startswith(output_prefix):
            return key
    raise BenchError(f"no callback has an output starting with {output_prefix!r}")


def callback_payload(app, key: str, values: dict[str, Any], changed: list[str] | None = None) -> dict:  # type: ignore[no-untyped-def]
    """The POST body Dash's renderer sends for callback `key`: every input and state of its signature, with
    the value from `values` (keyed "id.property"; missing ones are None, as for a component not yet set)."""
    spec = app.callback_map[key]

    def items(kind: str) -> list[dict]:
        return [
            {"id": d["id"], "property": d["property"], "value": values.get(f"{d['id']}.{d['property']}")}
            for d in spec[kind]
        ]

    raw = key[2:-2] if key.startswith("..") else key
    parts = raw.split("...") if key.startswith("..") else [raw]
    outputs = []
    for part in parts:
        ident, prop = part.rsplit(".", 1)
        outputs.append({"id": ident, "property": prop.split("@", 1)[0]})
    inputs = items("inputs")
    return {
        "output": key,
        "outputs": outputs if key.startswith("..") else outputs[0],
        "inputs": inputs,
        "changedPropIds": changed or [f"{inputs[0]['id']}.{inputs[0]['property']}"] if inputs else [],
        "state": items("state"),
    }


def post_callback(client, payload: dict) -> tuple[bytes, dict]:  # type: ignore[no-untyped-def]
    """POST a callback through the Flask test client; raise BenchError unless it answered 200 with a response."""
    response = check(client.post("/_dash-update-component", json=payload), f"callback {payload['output']}")
    body = response.data
    parsed = json.loads(body)
    if "response" not in parsed:
        raise BenchError(f"callback {payload['output']} answered without a response: {body[:300]!r}")
    return body, parsed["response"]
