"""Aggregated flows through DuckDB: `GET /api/v1/flows/by-route.json`.

Unlike `/api/v1/flows.json` (rows as published), this endpoint sums one measure per route and
publisher over a period range inside DuckDB (`imapdash.columnar.FlowStore`), so the answer costs
the same whether the store holds thirty thousand or ten million rows, and results are memoized in
the shared cache keyed by the data version. Publishers are never summed together.

Parameters: `from`, `to` (both `YYYY` or both `YYYY-MM`, inclusive), `measure` (required),
`nationality` (ISO3, default the published totals `ALL`), `restricted=1` (partners only, else 403).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Blueprint, Response, jsonify, request

from imapdash.api.openapi import FLAG_VALUES
from imapdash.api.rules import reject_empty_parameters, reject_unknown_parameters
from imapdash.columnar import FlowQueryError
from imapdash.datasets.schema import MEASURES
from imapdash.ops import flow_store

_PERIOD = re.compile(r"^(19|20)[0-9]{2}(-(0[1-9]|1[0-2]))?$")
BY_ROUTE_PARAMETERS = frozenset({"from", "to", "measure", "nationality", "restricted", "release"})
_ISO3 = re.compile(r"^[A-Z]{3}$")
PARAMETERS = frozenset({"from", "to", "measure", "nationality", "restricted", "release"})


def _bad(parameter: str, message: str) -> tuple[Response, int]:
    return jsonify(error=message, parameter=parameter), 400


def create_aggregates_blueprint(can_see_restricted: Callable[[], bool] = lambda: False) -> Blueprint:
    """Blueprint `api_v1_aggregates` under /api/v1; the flow store comes from `imapdash.ops`."""
    api = Blueprint("api_v1_aggregates", __name__, url_prefix="/api/v1")
    api.before_request(reject_empty_parameters)
    api.before_request(lambda: reject_unknown_parameters(BY_ROUTE_PARAMETERS))

    @api.get("/flows/by-route.json")
    def flows_by_route() -> tuple[Response, int] | Response:
        for name in request.args:
            if name not in PARAMETERS:
                return _bad(name[:40], f"unknown parameter '{name[:40]}'")
        period_from = request.args.get("from", "")
        period_to = request.args.get("to", "") or period_from
        for name, value in (("from", period_from), ("to", period_to)):
            if not _PERIOD.fullmatch(value):
                return _bad(name, "expected a year (2023) or a month (2023-05)")
        measure = request.args.get("measure", "")
        if measure not in MEASURES:
            return _bad("measure", f"expected one of {', '.join(MEASURES)}")
        nationality = request.args.get("nationality", "ALL").strip().upper() or "ALL"
        if not _ISO3.fullmatch(nationality):
            return _bad("nationality", "expected an ISO3 code or ALL")
        flag = request.args.get("restricted", "0")
        if flag not in FLAG_VALUES:
            return _bad("restricted", "expected 1 or 0")
        restricted = flag in ("1", "true")
        if restricted and not can_see_restricted():
            return jsonify(error="restricted data needs a partner login", parameter="restricted"), 403
        store = flow_store()
        try:
            frame = store.aggregate_by_route(period_from, period_to, measure, nationality, restricted)
        except FlowQueryError as exc:
            return _bad("from", str(exc))
        response = jsonify(
            dataset="flows",
            aggregate="by_route",
            data_version=store.version,
            period_from=period_from,
            period_to=period_to,
            measure=measure,
            nationality=nationality,
            count=len(frame),
            rows=frame.to_dict("records"),
        )
        if restricted:
            response.headers["Cache-Control"] = "private, no-store"
        return response

    @api.errorhandler(FlowQueryError)
    def _query_error(exc: FlowQueryError) -> tuple[Response, int]:
        return _bad("query", str(exc))

    return api
