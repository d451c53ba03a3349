"""Request rules shared by every /api/v1 blueprint."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed


def reject_empty_parameters() -> tuple[Response, int] | None:
    """A parameter given without a value is a 400 (so `to=` never silently means 'no limit')."""
    for name, value in request.args.items(multi=True):
        if not value.strip():
            return jsonify(error="empty value: give a value or leave the parameter out", parameter=name[:40]), 400
    return None


def reject_unknown_parameters(allowed: frozenset[str]) -> tuple[Response, int] | None:
    """400 naming the first query parameter not in `allowed` (a typo must not be ignored)."""
    for name in request.args:
        if name not in allowed:
            return jsonify(error=f"unknown parameter '{name[:40]}'", parameter=name[:40]), 400
    return None


def install_method_errors(server: Flask, not_found_endpoint: str) -> None:
    """Answer a method the API does not serve (the API is read-only) with a JSON 405 and `Allow`.

    The JSON 404 catch-all for unknown /api paths (`not_found_endpoint`) answers GET and HEAD only, so
    that `PUT /api/v1/flows.json` is a 405 listing the real methods, not a 404, and `OPTIONS` lists
    exactly GET, HEAD, OPTIONS. A non-GET request to an unknown /api path stays a JSON 404.
    """

    @server.errorhandler(405)
    def _method_not_allowed(exc: MethodNotAllowed) -> Response | tuple[Response, int] | MethodNotAllowed:
        if not request.path.startswith("/api"):
            return exc
        try:
            endpoint = server.url_map.bind_to_environ(request.environ).match(method="GET")[0]
        except HTTPException:
            endpoint = not_found_endpoint
        if endpoint == not_found_endpoint:
            return jsonify(error="no such API endpoint; see /api/v1/indicators", path=request.path[:200]), 404
        response = jsonify(error=f"{request.method} is not served here: the API is read-only", parameter="method")
        response.status_code = 405
        response.headers["Allow"] = ", ".join(sorted(exc.valid_methods or ("GET", "HEAD", "OPTIONS")))
        return response
