"""The OpenAPI 3.1 description of `/api/v1`, built from the data it describes.

Row schemas come from `imapdash.datasets.schema` (the same column list the loader checks), and the
enums of the parameters (route ids, indicator ids, country codes, measures, period types) from the
release being served, so the description always matches the data a request would read. It is served
at `/api/v1/openapi.json`, and as a small human page of our own at `/api/v1/docs` (no script, no CDN).

Cross-parameter rules that a parameter schema cannot express are stated in the operation's text and
answered with a 400 (`{"error", "parameter"}`): `from` and `to` of `/flows/by-route.json` must both be
years or both months, and `from` may not be after `to`.
"""

from __future__ import annotations

from typing import Any

import orjson
from flask import Blueprint, Response, request

from imapdash.cache import cached, current_cache, make_key
from imapdash.datasets import Datasets
from imapdash.datasets.schema import MEASURES, SPECIAL_NATIONALITIES, TABLES_BY_NAME, Column
from imapdash.version import __version__

from .docs_page import render_docs
from .levels import BREAKDOWNS, LEVEL_HEADER, PERIOD_TYPES, TOTAL

MAX_LIST_ITEMS = 200
FLAG_VALUES = ("0", "1", "true", "false")
JSON = "application/json"
CSV = "text/csv"
PERIOD_PATTERN = r"^(19|20)[0-9]{2}(-(0[1-9]|1[0-2]))?$"
ISO3_PATTERN = r"^[A-Z]{3}$"

_STRING_KINDS = {
    "period": {"pattern": r"^[0-9]{4}(-[0-9]{2})?$"},
    "date": {"pattern": r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"},
    "url": {"format": "uri"},
    "color": {"pattern": r"^#[0-9a-fA-F]{6}$"},
    "iso3": {"pattern": ISO3_PATTERN},
    "nationality": {"pattern": ISO3_PATTERN},
}


def column_schema(column: Column) -> dict[str, Any]:
    """JSON Schema of one column's value in a JSON row, with the column's description when it has one."""
    schema = _value_schema(column)
    if column.doc:
        schema["description"] = column.doc
    return schema


def _value_schema(column: Column) -> dict[str, Any]:
    """The value as `imapdash.api` serialises it: empty text stays "", empty numbers null, 0/1 booleans."""
    kind = column.kind
    if kind in ("int", "year", "float"):
        schema: dict[str, Any] = {"type": "number" if kind == "float" else "integer"}
        if column.min is not None:
            schema["minimum"] = column.min
        if column.max is not None:
            schema["maximum"] = column.max
        if kind == "year":
            schema.update(minimum=1900, maximum=2100)
        if not column.required:
            schema["type"] = [schema["type"], "null"]
        return schema
    if kind == "bool":
        return {"type": "boolean"}
    if kind == "choice":
        return {"type": "string", "enum": [*column.choices, *([] if column.required else [""])]}
    schema = {"type": "string", **_STRING_KINDS.get(kind, {})}
    if not column.required and len(schema) > 1:
        return {"anyOf": [schema, {"type": "string", "maxLength": 0}]}
    return schema


def row_schema(table: str, *, drop: tuple[str, ...] = (), extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """An object with every column of `table` (less `drop`, plus `extra` properties)."""
    properties = {c.name: column_schema(c) for c in TABLES_BY_NAME[table].columns if c.name not in drop}
    properties.update(extra or {})
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _list_param(name: str, items: dict[str, Any], description: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description + " Several values: separate them with commas.",
        "style": "form",
        "explode": False,
        "schema": {"type": "array", "items": items, "minItems": 1, "maxItems": MAX_LIST_ITEMS, **extra},
    }


def _query(name: str, schema: dict[str, Any], description: str, *, required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema}


def _path(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": description, "schema": schema}


def _envelope(rows: dict[str, Any], *, vintage: bool = True, level: bool = False) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "dataset": {"type": "string"},
        "count": {"type": "integer", "minimum": 0, "description": "number of rows"},
        "data_version": {"type": "string", "description": "digest of the data files (changes with the data)"},
        "release": {"type": "integer", "minimum": 0, "description": "numbered data release served"},
        "sources": {"type": "array", "items": _ref("Source")},
        "rows": {"type": "array", "items": rows},
    }
    if vintage:
        properties["vintage"] = {"type": "string"}
    if level:
        properties["level"] = _ref("FlowLevel")
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def _responses(ok: dict[str, Any], *, not_modified: bool = True, forbidden: bool = False) -> dict[str, Any]:
    error = {"content": {JSON: {"schema": _ref("Error")}}}
    responses: dict[str, Any] = {"200": ok}
    if not_modified:
        responses["304"] = {"description": "Not modified: the `If-None-Match` ETag is the current one."}
    responses["400"] = {"description": "A parameter the API cannot use; `parameter` names it.", **error}
    if forbidden:
        responses["403"] = {"description": "`restricted=1` without a partner login.", **error}
    responses["404"] = {
        "description": "No such path under /api/v1 (`path` names it), or no such `release` (`parameter`).",
        "content": {JSON: {"schema": _ref("NotFound")}},
    }
    return responses


def _ok(description: str, schema: dict[str, Any] | None, *, csv: bool = False, headers: dict | None = None) -> dict:
    content = {CSV: {"schema": {"type": "string"}}} if csv else {JSON: {"schema": schema}}
    response: dict[str, Any] = {"description": description, "content": content, "headers": {**CACHE_HEADERS}}
    response["headers"].update(headers or {})
    return response


def _operation(
    operation_id: str, summary: str, description: str, parameters: list, responses: dict, tag: str
) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "description": description,
            "tags": [tag],
            "parameters": [*parameters, RELEASE_PARAMETER],
            "responses": responses,
        }
    }


def _both_formats(
    paths: dict[str, Any],
    template: str,
    operation_id: str,
    summary: str,
    description: str,
    parameters: list,
    json_schema: dict[str, Any],
    tag: str,
    *,
    forbidden: bool = True,
    headers: dict | None = None,
) -> None:
    """Add `template` with `.json` and `.csv` as two operations (clients get one return type each)."""
    json_ok = _ok("Rows as JSON, with their sources.", json_schema, headers=headers)
    csv_ok = _ok("Rows as CSV (header row; with `hxl=1` an HXL hashtag row below it).", None, csv=True, headers=headers)
    paths[template.format(ext="json")] = _operation(
        operation_id, summary, description, parameters, _responses(json_ok, forbidden=forbidden), tag
    )
    paths[template.format(ext="csv")] = _operation(
        operation_id + "Csv",
        summary + " (CSV)",
        description,
        [*parameters, HXL_PARAMETER],
        _responses(csv_ok, forbidden=forbidden),
        tag,
    )


CACHE_HEADERS = {
    "ETag": {
        "description": "Tied to the data release and the URL; send it back in If-None-Match for a 304. "
        "Absent on answers with partner-only rows.",
        "schema": {"type": "string"},
    },
    "Cache-Control": {
        "description": "public, max-age=60 (current release); public, max-age=31536000, immutable (with "
        "?release=N); private, no-store (partner-only rows).",
        "required": True,
        "schema": {"type": "string", "pattern": "^(public|private)"},
    },
}
HXL_PARAMETER = _query(
    "hxl",
    {"type": "string", "enum": list(FLAG_VALUES)},
    "1 adds an HXL hashtag row (hxlstandard.org) under the header, so the file can go to HDX as it is.",
)
RELEASE_PARAMETER = _query(
    "release",
    {"type": "integer", "minimum": 1},
    "Read this numbered data release instead of the current one (404 when it does not exist).",
)
RESTRICTED_PARAMETER = _query(
    "restricted",
    {"type": "string", "enum": list(FLAG_VALUES)},
    "1 includes partner-only rows (preliminary figures); needs a partner login, else 403.",
)


def nationality_codes(datasets: Datasets) -> list[str]:
    """Codes `nationality=` accepts on /flows: every country code and the special codes, not ALL."""
    return sorted((set(datasets.countries["iso3"]) | SPECIAL_NATIONALITIES) - {TOTAL})


def build_openapi(datasets: Datasets) -> dict[str, Any]:
    """The OpenAPI 3.1 document of `/api/v1` over `datasets` (the release a request reads)."""
    routes = sorted(datasets.routes["route_id"])
    indicators = sorted(datasets.indicators["indicator_id"])
    countries = sorted(datasets.countries["iso3"])
    route_items = {"type": "string", "enum": routes}
    year_items = {"type": "integer", "minimum": 1900, "maximum": 2100}
    country_items = {"type": "string", "enum": countries}

    p_route = _list_param("route", route_items, "Route ids (see /routes.json).")
    p_year = _list_param("year", year_items, "Years (the year of a month counts).")
    p_iso3 = _list_param("iso3", country_items, "ISO 3166-1 alpha-3 country codes (case-insensitive).")
    p_country = _list_param("country", country_items, "Countries (ISO3, case-insensitive) whose rows to keep.")
    p_measure = _query("measure", {"type": "string", "enum": list(MEASURES)}, "What is counted.")
    level_headers = {
        LEVEL_HEADER: {
            "description": "The level the rows hold, e.g. `period_type=year; nationality=ALL`.",
            "schema": {"type": "string"},
        }
    }

    paths: dict[str, Any] = {}
    paths["/indicators.json"] = _operation(
        "listIndicators",
        "Indicator catalogue",
        "Every country indicator: layer, label, unit, scale and publisher.",
        [],
        _responses(_ok("The catalogue.", _envelope(_ref("IndicatorRow"), vintage=True))),
        "indicators",
    )
    _both_formats(
        paths,
        "/indicators/{{indicator_id}}.{ext}",
        "getIndicatorValues",
        "Values of one indicator",
        "One row per country and year, with its status, publisher and vintage.",
        [
            _path("indicator_id", {"type": "string", "enum": indicators}, "Indicator id (see /indicators.json)."),
            p_year,
            p_iso3,
            RESTRICTED_PARAMETER,
        ],
        _envelope(_ref("IndicatorValueRow")),
        "indicators",
    )
    _both_formats(
        paths,
        "/countries/{{iso3}}.{ext}",
        "getCountryValues",
        "Every indicator of one country",
        "All indicator values of a country, with the indicator's layer, label and unit.",
        [
            _path("iso3", {"type": "string", "enum": countries}, "ISO3 code (case-insensitive)."),
            RESTRICTED_PARAMETER,
        ],
        _envelope(_ref("CountryValueRow")),
        "countries",
    )
    paths["/routes.json"] = _operation(
        "listRoutes",
        "Migration routes",
        "Every route with its waypoints (in order) and the countries of departure, transit and arrival.",
        [],
        _responses(_ok("The routes.", _envelope(_ref("RouteRow"), vintage=False))),
        "routes",
    )
    _both_formats(
        paths,
        "/flows.{ext}",
        "getFlows",
        "Flows per route and period, one level at a time",
        "Rows as published (Frontex detections, IOM MMP dead and missing, UNHCR sea movements). An answer "
        "holds ONE level, so that its `value`s can be summed per measure and publisher: by default the yearly "
        "totals over all nationalities. `period_type=month` gives monthly rows; `nationality=` (codes) or "
        "`breakdown=nationality` gives per-nationality rows, which list publishers' top nationalities only and "
        "need not add up to the total. `nationality=ALL` alone is the same as leaving it out. The level is in "
        "`level` (JSON) and in the `X-Data-Level` header. Never sum different measures or publishers.",
        [
            p_route,
            p_year,
            _list_param(
                "nationality",
                {"type": "string", "enum": nationality_codes(datasets)},
                "Nationalities (ISO3, case-insensitive, or OOO/OOS/STL/UNK) whose rows to return.",
            ),
            p_measure,
            _query("period_type", {"type": "string", "enum": list(PERIOD_TYPES)}, "year (default) or month."),
            _list_param(
                "breakdown", {"type": "string", "enum": list(BREAKDOWNS)}, "nationality: per-nationality rows."
            ),
            RESTRICTED_PARAMETER,
        ],
        _envelope(_ref("FlowRow"), level=True),
        "flows",
        headers=level_headers,
    )
    paths["/flows/by-route.json"] = _operation(
        "getFlowsByRoute",
        "One measure summed per route and publisher over a period range",
        "Sums yearly rows (when `from`/`to` are years) or monthly rows (when they are months), never both; "
        "publishers are never summed together. `from` and `to` must be of the same kind and `from` may not be "
        "after `to` (else 400).",
        [
            _query(
                "from", {"type": "string", "pattern": PERIOD_PATTERN}, "First period: 2019 or 2019-05.", required=True
            ),
            _query("to", {"type": "string", "pattern": PERIOD_PATTERN}, "Last period (default: `from`)."),
            _query("measure", {"type": "string", "enum": list(MEASURES)}, "What is summed.", required=True),
            _query(
                "nationality",
                {"type": "string", "pattern": r"^[A-Za-z]{3}$"},
                "ISO3 nationality, or ALL (default): the published totals.",
            ),
            RESTRICTED_PARAMETER,
        ],
        _responses(_ok("Sums per route and publisher.", _ref("FlowsByRoute")), forbidden=True),
        "flows",
    )
    _both_formats(
        paths,
        "/composition.{ext}",
        "getComposition",
        "Composition of flows (sex, age, unaccompanied children)",
        "Shares and counts per route or country and period. `route` keeps route rows, `country` country rows.",
        [p_route, p_country, p_year, RESTRICTED_PARAMETER],
        _envelope(_ref("CompositionRow")),
        "composition",
    )
    paths["/openapi.json"] = _operation(
        "getOpenApi",
        "This description",
        "The OpenAPI 3.1 description of the API, with the enums of the data release served.",
        [],
        _responses(_ok("The OpenAPI document.", {"type": "object"})),
        "meta",
    )

    catalogue = ("layer", "label", "unit")
    indicator_columns = {c.name: c for c in TABLES_BY_NAME["indicators"].columns}
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "properties": {
                "error": {"type": "string", "description": "what is wrong, in plain words"},
                "parameter": {"type": "string", "description": "the parameter (or path part) to change"},
            },
            "required": ["error", "parameter"],
        },
        "NotFound": {
            "type": "object",
            "properties": {"error": {"type": "string"}, "parameter": {"type": "string"}, "path": {"type": "string"}},
            "required": ["error"],
        },
        "Source": {
            "type": "object",
            "properties": {"org": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
            "required": ["org", "url"],
        },
        "FlowLevel": {
            "type": "object",
            "properties": {
                "period_type": {"type": "string", "enum": list(PERIOD_TYPES)},
                "nationality": {"type": "string", "enum": [TOTAL, "by_nationality"]},
            },
            "required": ["period_type", "nationality"],
            "additionalProperties": False,
        },
        "IndicatorRow": row_schema("indicators"),
        "IndicatorValueRow": row_schema("indicator_values"),
        "CountryValueRow": row_schema(
            "indicator_values", extra={name: column_schema(indicator_columns[name]) for name in catalogue}
        ),
        "RouteRow": row_schema(
            "routes",
            extra={
                "waypoints": {"type": "array", "items": row_schema("route_waypoints", drop=("route_id",))},
                "countries": {"type": "array", "items": row_schema("route_countries", drop=("route_id",))},
            },
        ),
        "FlowRow": row_schema("flows"),
        "CompositionRow": row_schema("composition"),
        "FlowsByRoute": {
            "type": "object",
            "properties": {
                "dataset": {"type": "string", "const": "flows"},
                "aggregate": {"type": "string", "const": "by_route"},
                "data_version": {"type": "string"},
                "period_from": {"type": "string"},
                "period_to": {"type": "string"},
                "measure": {"type": "string", "enum": list(MEASURES)},
                "nationality": {"type": "string"},
                "count": {"type": "integer", "minimum": 0},
                "rows": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "route_id": {"type": "string"},
                            "source_org": {"type": "string"},
                            "value": {"type": "integer"},
                            "periods": {"type": "integer", "minimum": 0},
                            "partial": {"type": "boolean"},
                        },
                        "required": ["route_id", "source_org", "value", "periods", "partial"],
                        "additionalProperties": False,
                    },
                },
            },
            "required": [
                "dataset",
                "aggregate",
                "data_version",
                "period_from",
                "period_to",
                "measure",
                "nationality",
                "count",
                "rows",
            ],
            "additionalProperties": False,
        },
    }
    title = str(datasets.manifest.get("title", "imapdash"))
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "imapdash open-data API",
            "version": __version__,
            "summary": f"Migration figures of {title}, every row with its publisher and source.",
            "description": (
                f"Read-only figures of data release {datasets.release} (data version {datasets.version}). "
                "A parameter given must have a value (`year=` alone is a 400); lists are comma-separated. "
                "Every row names its publisher (`source_org`) and links to the publisher's page (`source_url`). "
                "Answers carry an ETag tied to the data release; send it back in `If-None-Match` for a 304."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "tags": [{"name": name} for name in ("indicators", "countries", "routes", "flows", "composition", "meta")],
        "paths": paths,
        "components": {"schemas": schemas},
    }


def create_openapi_blueprint(datasets: Datasets) -> Blueprint:
    """`/openapi.json` and `/docs` (nested under the API blueprint, so under /api/v1)."""
    docs = Blueprint("openapi", __name__)

    def spec() -> dict[str, Any]:
        key = make_key("api.openapi", f"{datasets.version}-r{datasets.release}", (__version__,), {})
        return cached(current_cache(), key, lambda: build_openapi(datasets))

    @docs.get("/openapi.json")
    def openapi_json() -> Response:
        return Response(orjson.dumps(spec()), mimetype="application/json")

    @docs.get("/docs")
    def openapi_docs() -> Response:
        return Response(render_docs(spec(), request.path.rsplit("/", 1)[0] + "/openapi.json"), mimetype="text/html")

    return docs
