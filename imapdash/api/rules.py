"""Request rules shared by every /api/v1 blueprint."""

from __future__ import annotations

from flask import Response, jsonify, request


def reject_empty_parameters() -> tuple[Response, int] | None:
    """A parameter given without a value is a 400 (so `to=` never silently means 'no limit')."""
    for name, value in request.args.items(multi=True):
        if not value.strip():
            return jsonify(error="empty value: give a value or leave the parameter out", parameter=name[:40]), 400
    return None
