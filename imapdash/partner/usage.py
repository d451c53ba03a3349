"""Usage statistics: page views per ISO week, page and user group — without IP addresses.

A view is counted when the router shows a page; the user group is derived from the session on the
server (partner agency, partner state north/south from countries.csv `partner_group`, admin,
public), never from the request body. Only known view paths are counted, so the table cannot grow
with made-up paths.

Counted once per browser session (issue 16: anyone could inflate the table by POSTing the counting
callback in a loop): a page load (a GET of an HTML page) marks the signed session cookie, and a view
is counted only for a marked session, once per (week, page). Clients announcing automation in their
User-Agent (headless browsers, crawlers, HTTP libraries) are not counted. A client can still reset
its cookie and load the page again, which costs it a full page load per count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import flask
import pandas as pd
from flask_login import current_user
from sqlalchemy import Engine, select

from imapdash.db import session_scope
from imapdash.partner.models import UsageCount

SESSION_MARK = "v"  # set by a page load: the session comes from a browser that fetched a page
SESSION_SEEN = "uv"  # "week|page" already counted in this session (bounded list)
MAX_SEEN = 40
AUTOMATION = re.compile(
    r"headless|bot\b|crawl|spider|slurp|python-|requests/|httpx|aiohttp|curl/|wget/|go-http|java/|okhttp|"
    r"libwww|scrapy|phantomjs|selenium|playwright|puppeteer",
    re.IGNORECASE,
)
PUBLIC = "public"
GROUPS = ("public", "partner agency", "partner state (north)", "partner state (south)", "partner state", "admin")


def iso_week(day: date) -> str:
    """'2026-W48' for a date."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def user_group(role: str | None, country_iso3: str | None, partner_groups: dict[str, str]) -> str:
    """The statistics group of a user (role from the server-side session)."""
    if role == "admin":
        return "admin"
    if role == "partner_agency":
        return "partner agency"
    if role == "focal_point":
        group = partner_groups.get(country_iso3 or "", "")
        return f"partner state ({group})" if group in ("north", "south") else "partner state"
    return PUBLIC


def page_of(pathname: str | None, view_paths: Iterable[str]) -> str | None:
    """The view path a pathname belongs to, or None for paths no view answers."""
    path = (pathname or "/").rstrip("/") or "/"
    paths = sorted(view_paths, key=len, reverse=True)
    for view_path in paths:
        if path == view_path or (view_path.endswith("/") and view_path != "/" and path.startswith(view_path)):
            return view_path
    return None


def partner_groups(countries: pd.DataFrame) -> dict[str, str]:
    """ISO3 -> MTM partner group ("" for countries outside the dialogue), from countries.csv."""
    groups = countries["partner_group"].fillna("").astype(str).tolist()
    return dict(zip(countries["iso3"].tolist(), groups, strict=True))


def is_automation(user_agent: str | None) -> bool:
    """True for clients that say they are automation (or say nothing at all)."""
    return not user_agent or bool(AUTOMATION.search(user_agent))


def mark_page_load() -> None:
    """before_request: a GET of a page (not the API, Dash internals or files) marks the session."""
    request = flask.request
    if request.method != "GET" or flask.session.get(SESSION_MARK):
        return
    path = request.path
    if path.startswith(("/api/", "/_dash", "/assets/", "/_reload", "/geo/")) or "." in path.rsplit("/", 1)[-1]:
        return
    if not is_automation(request.headers.get("User-Agent")):
        flask.session[SESSION_MARK] = 1


def first_view_in_session(week: str, page: str) -> bool:
    """True once per (week, page) for a session marked by a page load, outside automation."""
    if not flask.has_request_context():
        return True
    signed_in = bool(getattr(current_user, "is_authenticated", False))  # a login is more than a page load
    if not (flask.session.get(SESSION_MARK) or signed_in) or is_automation(flask.request.headers.get("User-Agent")):
        return False
    key = f"{week}|{page}"
    seen = list(flask.session.get(SESSION_SEEN, []))
    if key in seen:
        return False
    flask.session[SESSION_SEEN] = [*seen, key][-MAX_SEEN:]
    return True


def count_page_view(
    engine: Engine,
    pathname: str | None,
    view_paths: Iterable[str],
    *,
    role: str | None,
    country_iso3: str | None,
    countries: pd.DataFrame,
    today: date,
) -> None:
    """Count one view of a known page for a user's group (`role`/`country_iso3` from the server-side session)."""
    page = page_of(pathname, view_paths)
    if page is None or not first_view_in_session(iso_week(today), page):
        return
    group = user_group(role, country_iso3, partner_groups(countries) if country_iso3 else {})
    record_view(engine, week=iso_week(today), page=page, group=group)


def record_view(engine: Engine, *, week: str, page: str, group: str) -> None:
    """Add one view to the (week, page, group) counter."""
    with session_scope(engine=engine) as db:
        row = db.scalars(
            select(UsageCount).where(UsageCount.week == week, UsageCount.page == page, UsageCount.user_group == group)
        ).one_or_none()
        if row is None:
            db.add(UsageCount(week=week, page=page, user_group=group, views=1))
        else:
            row.views += 1


def usage_table(engine: Engine) -> pd.DataFrame:
    """Views per week and page, one column per user group (newest week first)."""
    with session_scope(engine=engine) as db:
        rows = [(r.week, r.page, r.user_group, r.views) for r in db.scalars(select(UsageCount))]
    frame = pd.DataFrame(rows, columns=["week", "page", "group", "views"])
    if frame.empty:
        return pd.DataFrame(columns=["week", "page"])
    wide = frame.pivot_table(index=["week", "page"], columns="group", values="views", aggfunc="sum", fill_value=0)
    wide = wide.reset_index().sort_values(["week", "page"], ascending=[False, True], kind="stable")
    wide.columns.name = None
    return wide.reset_index(drop=True)
