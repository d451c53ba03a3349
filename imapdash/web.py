"""Plain Flask routes beside the Dash app: health check and the country geometry."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request

from .api.rules import install_method_errors
from .datasets import Datasets
from .db import database_problem

GEOMETRY_PATH = "/geo/countries.geojson"
YEAR = 365 * 24 * 3600
DAY = 24 * 3600
# Unversioned static files plotly.js or CSS fetch by a fixed name (base-map topojson, fonts): a day in the
# browser's cache, then a revalidation (Flask's ETag) answered 304.
DAILY_ASSETS = ("/assets/topojson/", "/assets/fonts/")


def register_web_routes(server: Flask, datasets: Datasets) -> None:
    """Add /healthz and the geometry route to `server`."""

    @server.get("/healthz")
    def healthz() -> Response | tuple[Response, int]:
        problem = database_problem(server)
        if problem is not None:
            # a load balancer takes this worker out; the detail names the check, not paths or data
            return jsonify(status="error", database="damaged or unreachable", detail=problem.split(":")[0]), 503
        return jsonify(
            status="ok",
            database="ok",
            release=datasets.release,
            data_version=datasets.version,
            vintage=datasets.vintage,
            datasets=datasets.row_counts(),
        )

    @server.route("/api", defaults={"rest": ""}, methods=["GET", "HEAD"])
    @server.route("/api/<path:rest>", methods=["GET", "HEAD"])
    def api_not_found(rest: str) -> tuple[Response, int]:
        # Without this the Dash catch-all answers any /api/... path with the HTML app shell (200).
        return jsonify(error="no such API endpoint; see /api/v1/indicators", path=request.path[:200]), 404

    # Other methods: 405 with Allow on a real endpoint, JSON 404 elsewhere (imapdash.api.rules).
    install_method_errors(server, "api_not_found")

    @server.get(GEOMETRY_PATH)
    def countries_geometry() -> Response:
        # Served once and cached by the browser; figures reference it by URL so that callbacks
        # never carry polygons (notes §A1).
        etag = datasets.version  # the content digest: two releases with the same geometry share a cache entry
        if request.if_none_match.contains(etag):
            return Response(status=304)
        response = Response(datasets.geometry_json, mimetype="application/geo+json")
        response.set_etag(etag)
        response.cache_control.public = True
        if request.args.get("v") == etag:
            # the URL names this data version (geometry_url): it can never change, keep it a year
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
        else:
            response.cache_control.max_age = DAY
        return response

    @server.after_request
    def _static_cache(response: Response) -> Response:
        # Dash fingerprints the files of assets/ it links (`?m=<mtime>`): that URL changes with the file, so
        # the browser may keep it a year instead of revalidating every file on every page load (Dash's
        # default answer is `no-cache`, one request per asset per visit).
        path = request.path
        if path.endswith("/_dash-layout"):
            # the layout depends on the page asking (Referer) and the language cookie (shell.first_page): no
            # cache may hand one reader's first page to another
            response.headers["Cache-Control"] = "private, no-cache"
            response.vary.update(("Referer", "Cookie"))
            return response
        if response.status_code != 200 or not path.startswith("/assets/"):
            return response
        if request.args.get("m"):
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        elif path.startswith(DAILY_ASSETS):
            response.headers["Cache-Control"] = f"public, max-age={DAY}"
        return response


def geometry_url(datasets: Datasets) -> str:
    """URL of the geometry, versioned so a data update busts browser caches."""
    return f"{GEOMETRY_PATH}?v={datasets.version}"
