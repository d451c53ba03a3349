"""Read-only open-data API (`/api/v1`): JSON and CSV, every row with its source.

Restricted (partner-only) rows are served only when the caller asks with `restricted=1` *and*
`can_see_restricted()` says yes for the current request; an anonymous caller asking gets 403.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import orjson
import pandas as pd
from flask import Blueprint, Response, jsonify, request

from ..cache import cached, current_cache, make_key
from ..datasets import Datasets, manifest_entry
from ..datasets.schema import MEASURES
from .csvsafe import to_csv
from .httpcache import install_http_cache
from .hxl import hashtags
from .levels import BREAKDOWNS, LEVEL_HEADER, PERIOD_TYPES, TOTAL, FlowLevel, LevelError, resolve_level, select_level
from .openapi import FLAG_VALUES, create_openapi_blueprint, nationality_codes
from .rules import reject_empty_parameters

API_PREFIX = "/api/v1"
MAX_LIST_ITEMS = 200
YEAR_TEXT = re.compile(r"[0-9]{4}")  # ASCII digits only: str.isdigit() accepts '²' and '①'

# The query parameters each endpoint reads (besides COMMON_PARAMETERS). Anything else is answered
# with 400: an ignored parameter must not make a new cache entry (issue 16) or hide a typo.
# The same lists are the query parameters of /api/v1/openapi.json (a test checks they agree); `hxl`
# is accepted on the .csv form of an endpoint only.
COMMON_PARAMETERS = frozenset({"release"})
ENDPOINT_PARAMETERS: dict[str, frozenset[str]] = {
    "indicators": frozenset(),
    "indicator_values": frozenset({"year", "iso3", "restricted"}),
    "country_values": frozenset({"restricted"}),
    "routes": frozenset(),
    "flows": frozenset({"route", "year", "nationality", "measure", "period_type", "breakdown", "restricted"}),
    "composition": frozenset({"route", "country", "year", "restricted"}),
    "openapi_docs": frozenset({"lang"}),  # the human page, reached from the app with its ?lang= (English only)
}
CSV_PARAMETERS = frozenset({"hxl"})


class BadParameter(ValueError):
    """A query parameter the API cannot use; answered with 400 naming the parameter."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def _records(frame: pd.DataFrame) -> list[dict]:
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict("records")


def _list_param(name: str, allowed: set[str] | None = None, *, upper: bool = False) -> list[str]:
    # `route=a,b` (the documented form) and `route=a&route=b` (what generated clients send) are the same
    raw = ",".join(request.args.getlist(name))
    values = [v.strip() for v in raw.split(",") if v.strip()]
    if upper:
        values = [v.upper() for v in values]
    if len(values) > MAX_LIST_ITEMS:
        raise BadParameter(name, f"at most {MAX_LIST_ITEMS} values")
    if allowed is not None:
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise BadParameter(name, f"unknown value(s): {', '.join(unknown[:5])}")
    return values


def _key(values: list) -> tuple:
    """A filter's values as part of a cache key: order and repetition do not matter."""
    return tuple(sorted(set(values)))


def _year_param(name: str = "year") -> list[int]:
    years = []
    for value in _list_param(name):
        if not YEAR_TEXT.fullmatch(value) or not 1900 <= int(value) <= 2100:
            raise BadParameter(name, f"'{value}' is not a year (expected e.g. 2023)")
        years.append(int(value))
    return years


def _choice_param(name: str, choices: tuple[str, ...]) -> str | None:
    value = request.args.get(name)
    if value is None or value == "":
        return None
    if value not in choices:
        raise BadParameter(name, f"expected one of {', '.join(choices)}")
    return value


def _flag_param(name: str) -> bool:
    """A 0/1 switch (`1` or `true` turn it on); any other value is a 400."""
    value = request.args.get(name, "")
    if value not in (*FLAG_VALUES, ""):
        raise BadParameter(name, "expected 1 or 0")
    return value in ("1", "true")


def check_parameters(allowed: frozenset[str]) -> None:
    """Raise BadParameter for the first query parameter not in `allowed` or COMMON_PARAMETERS."""
    for name in request.args:
        if name not in allowed and name not in COMMON_PARAMETERS:
            raise BadParameter(name[:40], f"unknown parameter '{name[:40]}'")


def filter_flows(
    frame: pd.DataFrame,
    route: list[str],
    years: list[int],
    measure: str | None,
    level: FlowLevel,
) -> pd.DataFrame:
    """Flow rows at `level` matching the API's filters (an empty filter keeps everything)."""
    if route:
        frame = frame[frame["route_id"].isin(route)]
    if years:
        frame = frame[frame["period"].str[:4].astype(int).isin(years)]
    if measure:
        frame = frame[frame["measure"] == measure]
    return select_level(frame, level)


def create_api_blueprint(
    datasets: Datasets,
    can_see_restricted: Callable[[], bool] = lambda: False,
) -> Blueprint:
    """The API over `datasets`; `can_see_restricted` is checked on every request that asks for it.

    `datasets` may be the app's release proxy: every read happens inside a request, so `?release=N`
    pins a call to release N (approved focal-point values are part of every release).
    """
    api = Blueprint("api_v1", __name__, url_prefix=API_PREFIX)

    def indicator_ids() -> set[str]:
        return set(datasets.indicators["indicator_id"])

    def route_ids() -> set[str]:
        return set(datasets.routes["route_id"])

    def iso3_codes() -> set[str]:
        return set(datasets.countries["iso3"])

    api.before_request(reject_empty_parameters)

    @api.errorhandler(BadParameter)
    def _bad_parameter(exc: BadParameter):
        return jsonify(error=exc.message, parameter=exc.parameter), 400

    @api.before_request
    def _known_parameters_only() -> None:
        endpoint = (request.endpoint or "").rpartition(".")[2]
        allowed = ENDPOINT_PARAMETERS.get(endpoint, frozenset())
        if (request.view_args or {}).get("ext") == "csv":
            allowed |= CSV_PARAMETERS
        check_parameters(allowed)

    def include_restricted() -> bool:
        if not _flag_param("restricted"):
            return False
        if not can_see_restricted():
            raise PermissionError
        return True

    @api.errorhandler(PermissionError)
    def _forbidden(_exc: PermissionError):
        return jsonify(error="restricted data needs a partner login", parameter="restricted"), 403

    def body_of(name: str, frame: pd.DataFrame, fmt: str, extra: dict | None = None) -> str:
        if fmt == "csv":
            tags = hashtags(list(frame.columns), name) if _flag_param("hxl") else None
            return to_csv(list(frame.columns), frame.astype(object).itertuples(index=False, name=None), tags)
        entry = manifest_entry(datasets, name)
        return orjson.dumps(
            {
                "dataset": name,
                **(extra or {}),
                "count": len(frame),
                "vintage": entry.get("vintage", datasets.vintage),
                "data_version": datasets.version,
                "release": datasets.release,
                "sources": entry.get("sources", []),
                "rows": _records(frame),
            }
        ).decode("utf-8")

    def response_of(body: str, fmt: str, filename: str) -> Response:
        if fmt == "csv":
            response = Response(body, mimetype="text/csv")
            response.headers["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
            return response
        return Response(body, mimetype="application/json")

    def respond(name: str, frame: pd.DataFrame, fmt: str, filename: str) -> Response:
        return response_of(body_of(name, frame, fmt), fmt, filename)

    def respond_cached(
        name: str,
        fmt: str,
        filename: str,
        params: tuple,
        select: Callable[[], pd.DataFrame],
        extra: dict | None = None,
    ) -> Response:
        """Serve a body built once per data version and query (flows and composition are static data).

        The key holds only the parsed values the endpoint reads (`params`: sorted, de-duplicated), so
        two spellings of one query share an entry and nothing else in the URL can make a new one.
        """
        restricted = include_restricted()
        hxl = fmt == "csv" and _flag_param("hxl")
        key = make_key(f"api.{name}", f"{datasets.version}-r{datasets.release}", (fmt, params, restricted, hxl), {})
        body = cached(current_cache(), key, lambda: body_of(name, select(), fmt, extra))
        return response_of(body, fmt, filename)

    def fmt_of(ext: str) -> str:
        if ext not in ("json", "csv"):
            raise BadParameter("format", "expected .json or .csv")
        return ext

    @api.get("/indicators")
    @api.get("/indicators.json")
    def indicators() -> Response:
        return respond("indicators", datasets.indicators, "json", "indicators")

    @api.get("/indicators/<indicator_id>.<ext>")
    def indicator_values(indicator_id: str, ext: str) -> Response:
        fmt = fmt_of(ext)
        if indicator_id not in indicator_ids():
            raise BadParameter("indicator", f"unknown indicator '{indicator_id}'")
        years = _year_param()
        iso3 = _list_param("iso3", iso3_codes(), upper=True)

        def select() -> pd.DataFrame:
            frame = datasets.frame("indicator_values", include_restricted=include_restricted())
            frame = frame[frame["indicator_id"] == indicator_id]
            if years:
                frame = frame[frame["year"].isin(years)]
            if iso3:
                frame = frame[frame["iso3"].isin(iso3)]
            return frame

        # one body per release and query (was built on every request: ~6 ms of pandas and JSON, issue 20)
        params = (indicator_id, _key(years), _key(iso3))
        return respond_cached("indicator_values", fmt, indicator_id, params, select)

    @api.get("/countries/<iso3>.<ext>")
    def country_values(iso3: str, ext: str) -> Response:
        fmt = fmt_of(ext)
        iso3 = iso3.upper()
        if iso3 not in iso3_codes():
            raise BadParameter("iso3", f"unknown country '{iso3}'")
        frame = datasets.frame("indicator_values", include_restricted=include_restricted())
        frame = frame[frame["iso3"] == iso3]
        catalogue = datasets.indicators[["indicator_id", "layer", "label", "unit"]]
        frame = frame.merge(catalogue, on="indicator_id", how="left")
        return respond("indicator_values", frame.sort_values(["layer", "indicator_id", "year"]), fmt, iso3)

    def routes_body() -> str:
        waypoints = datasets.route_waypoints.sort_values(["route_id", "seq"])
        countries = datasets.route_countries
        rows = []
        for route in _records(datasets.routes):
            rid = route["route_id"]
            route["waypoints"] = _records(waypoints[waypoints["route_id"] == rid].drop(columns="route_id"))
            route["countries"] = _records(countries[countries["route_id"] == rid].drop(columns="route_id"))
            rows.append(route)
        body = {
            "dataset": "routes",
            "count": len(rows),
            "data_version": datasets.version,
            "release": datasets.release,
            "sources": manifest_entry(datasets, "routes").get("sources", []),
            "rows": rows,
        }
        return orjson.dumps(body).decode("utf-8")

    @api.get("/routes.json")
    def routes() -> Response:
        # built once per release (was ~30-240 ms a request: one pandas filter per route; benchmarks/bench_api_etag.py)
        key = make_key("api.routes", f"{datasets.version}-r{datasets.release}", (), {})
        return Response(cached(current_cache(), key, routes_body), mimetype="application/json")

    @api.get("/flows.<ext>")
    def flows(ext: str) -> Response:
        fmt = fmt_of(ext)
        route = _list_param("route", route_ids())
        years = _year_param()
        nationality = _list_param("nationality", {TOTAL, *nationality_codes(datasets)}, upper=True)
        measure = _choice_param("measure", MEASURES)
        period_type = _choice_param("period_type", PERIOD_TYPES)
        breakdown = _list_param("breakdown", set(BREAKDOWNS))
        try:
            level = resolve_level(period_type, nationality, breakdown)
        except LevelError as exc:
            raise BadParameter(exc.parameter, exc.message) from None

        def select() -> pd.DataFrame:
            frame = datasets.frame("flows", include_restricted=include_restricted())
            return filter_flows(frame, route, years, measure, level)

        params = (_key(route), _key(years), _key(nationality), measure, period_type, _key(breakdown))
        response = respond_cached("flows", fmt, "flows", params, select, {"level": level.as_dict()})
        response.headers[LEVEL_HEADER] = level.header()
        return response

    @api.get("/composition.<ext>")
    def composition(ext: str) -> Response:
        fmt = fmt_of(ext)
        route = _list_param("route", route_ids())
        country = _list_param("country", iso3_codes(), upper=True)
        years = _year_param()

        def select() -> pd.DataFrame:
            frame = datasets.frame("composition", include_restricted=include_restricted())
            if route:
                frame = frame[(frame["scope_type"] == "route") & frame["scope_code"].isin(route)]
            if country:
                frame = frame[(frame["scope_type"] == "country") & frame["scope_code"].isin(country)]
            if years:
                frame = frame[frame["period"].str[:4].astype(int).isin(years)]
            return frame

        return respond_cached("composition", fmt, "composition", (_key(route), _key(country), _key(years)), select)

    api.register_blueprint(create_openapi_blueprint(datasets))
    api.record_once(lambda state: install_http_cache(state.app, datasets))
    return api
