"""The partner area's plain HTTP routes, beside `auth.routes`, `api` and `web`: downloads, submissions, access requests.

- `GET /partner/download/<dataset>.csv`: the restricted rows of one dataset, audit-logged;
- `GET /partner/submissions/<id>.json`: one submission, for users allowed to read its country;
- `GET|POST /partner/request-access`: the public form asking for an account (CSRF token, rate limit);
- `GET /partner/usage.csv`: the usage counts (day, week, page, group, language, visits), admins only.

The first two are guarded by `partner_route` (403 for non-partners) and read through
`imapdash.partner.access`, which checks the user again; a submission of a country the user may not
read answers 404, so its existence does not leak. The factory registers the blueprint.
"""

from __future__ import annotations

import flask
from flask_limiter import Limiter

from imapdash.api.csvsafe import to_csv
from imapdash.auth import audit
from imapdash.auth.guards import partner_route
from imapdash.datasets import Datasets
from imapdash.db import get_engine
from imapdash.partner import access, requests, submissions, usage

BLUEPRINT = "partner"
REQUEST_LIMIT = "5 per hour"


def download_response(datasets: Datasets, dataset: str) -> flask.Response:
    """CSV of the restricted rows of one dataset, as an attachment; audit-logged."""
    if dataset not in access.DOWNLOADABLE:
        flask.abort(404)
    frame = access.restricted_rows(datasets, dataset)
    audit.record("partner.download", f"{dataset}.csv", {"rows": len(frame)})
    body = to_csv(list(frame.columns), frame.astype(object).where(frame.notna(), None).itertuples(index=False))
    return flask.Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="imapdash-{dataset}-restricted.csv"',
            "Cache-Control": "no-store",
        },
    )


def submission_response(submission_id: int) -> flask.Response:
    """One submission as JSON, for users allowed to read its country (404 otherwise: no existence leak)."""
    item = submissions.get_submission(get_engine(), submission_id)
    if item is None or not access.may_read_submission(item["country"]):
        audit.record("access.denied", flask.request.path, {"reason": "submission country"})
        flask.abort(404)
    response = flask.jsonify(item)
    response.headers["Cache-Control"] = "no-store"
    return response


def usage_response() -> flask.Response:
    """The usage counts as CSV (admins only: 403 for anyone else); audit-logged."""
    try:
        access.require_admin()
    except PermissionError:
        flask.abort(403)
    frame = usage.usage_frame(get_engine())
    frame = frame.assign(day=frame["day"].dt.strftime("%Y-%m-%d"))
    audit.record("partner.download", "usage.csv", {"rows": len(frame)})
    body = to_csv(list(frame.columns), frame.astype(object).itertuples(index=False))
    return flask.Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="imapdash-usage.csv"', "Cache-Control": "no-store"},
    )


def create_partner_blueprint(datasets: Datasets, limiter: Limiter) -> flask.Blueprint:
    """Blueprint `partner` (also the template folder of the access-request form)."""
    bp = flask.Blueprint(BLUEPRINT, __name__, template_folder="templates")

    @partner_route
    def download(dataset: str) -> flask.Response:
        return download_response(datasets, dataset)

    @partner_route
    def submission(submission_id: int) -> flask.Response:
        return submission_response(submission_id)

    bp.add_url_rule("/partner/download/<dataset>.csv", "download", download)
    bp.add_url_rule("/partner/submissions/<int:submission_id>.json", "submission", submission)
    bp.add_url_rule("/partner/usage.csv", "usage", partner_route(usage_response))
    request_access = limiter.limit(REQUEST_LIMIT, methods=["POST"])(requests.request_access)
    bp.add_url_rule("/partner/request-access", "request_access", request_access, methods=["GET", "POST"])
    return bp
