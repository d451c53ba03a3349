"""Usage statistics: visits per day, page, user group and interface language — without IP addresses.

A view is counted when the router shows a page; the user group is derived from the session on the
server (partner agency, partner state north/south from countries.csv `partner_group`, admin,
public), never from the request body. Only known view paths are counted, so the table cannot grow
with made-up paths.

Counted once per browser session (issue 16: anyone could inflate the table by POSTing the counting
callback in a loop): a page load (a GET of an HTML page) marks the signed session cookie, and a view
is counted only for a marked session, once per (day, page). Clients announcing automation in their
User-Agent (headless browsers, crawlers, HTTP libraries) are not counted. A client can still reset
its cookie and load the page again, which costs it a full page load per count.

Retention: rows older than `Settings.usage_retention_days` (IMAPDASH_USAGE_RETENTION_DAYS, default 730)
are deleted, at most once a day per worker, when a visit is recorded. The pure functions at the end turn
the rows into what the admins' charts show (over time, by page, by language, North and South at a glance).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

import flask
import pandas as pd
from flask_login import current_user
from sqlalchemy import Engine, delete, select

from imapdash.db import session_scope
from imapdash.partner.models import UsageDay

SESSION_MARK = "v"  # set by a page load: the session comes from a browser that fetched a page
SESSION_SEEN = "uv"  # "day|page" already counted in this session (bounded list)
MAX_SEEN = 40
AUTOMATION = re.compile(
    r"headless|bot\b|crawl|spider|slurp|python-|requests/|httpx|aiohttp|curl/|wget/|go-http|java/|okhttp|"
    r"libwww|scrapy|phantomjs|selenium|playwright|puppeteer",
    re.IGNORECASE,
)
PUBLIC = "public"
GROUPS = ("public", "partner agency", "partner state (north)", "partner state (south)", "partner state", "admin")
NORTH, SOUTH = "partner state (north)", "partner state (south)"
DEFAULT_RETENTION_DAYS = 730
_LAST_PURGE: dict[str, date] = {}  # engine url -> day of the last purge in this process


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
    """ISO3 -> partner group ("" for countries that are not partner states), from countries.csv."""
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


def first_view_in_session(day: str, page: str) -> bool:
    """True once per (day, page) for a session marked by a page load, outside automation."""
    if not flask.has_request_context():
        return True
    signed_in = bool(getattr(current_user, "is_authenticated", False))  # a login is more than a page load
    if not (flask.session.get(SESSION_MARK) or signed_in) or is_automation(flask.request.headers.get("User-Agent")):
        return False
    key = f"{day}|{page}"
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
    lang: str = "en",
    retention_days: int = DEFAULT_RETENTION_DAYS,
) -> None:
    """Count one visit of a known page for a user's group (`role`/`country_iso3` from the server-side session)."""
    page = page_of(pathname, view_paths)
    if page is None or not first_view_in_session(today.isoformat(), page):
        return
    group = user_group(role, country_iso3, partner_groups(countries) if country_iso3 else {})
    record_visit(engine, day=today, page=page, group=group, lang=lang)
    purge_daily(engine, today=today, retention_days=retention_days)


def record_visit(engine: Engine, *, day: date, page: str, group: str, lang: str) -> None:
    """Add one visit to the (day, page, group, language) counter."""
    key = (UsageDay.day == day.isoformat(), UsageDay.page == page, UsageDay.user_group == group, UsageDay.lang == lang)
    with session_scope(engine=engine) as db:
        row = db.scalars(select(UsageDay).where(*key)).one_or_none()
        if row is None:
            db.add(UsageDay(day=day.isoformat(), page=page, user_group=group, lang=lang, visits=1))
        else:
            row.visits += 1


def purge_before(engine: Engine, cutoff: date) -> int:
    """Delete the counts of days before `cutoff`; returns how many rows went."""
    with session_scope(engine=engine) as db:
        result = db.execute(delete(UsageDay).where(UsageDay.day < cutoff.isoformat()))
        return int(getattr(result, "rowcount", 0) or 0)


def purge_daily(engine: Engine, *, today: date, retention_days: int) -> None:
    """Apply the retention period at most once a day per worker and database."""
    key = str(engine.url)
    if _LAST_PURGE.get(key) == today:
        return
    _LAST_PURGE[key] = today
    purge_before(engine, today - timedelta(days=retention_days))


def usage_frame(engine: Engine) -> pd.DataFrame:
    """Every counter row: day (date), week ('2026-W48'), page, group, lang, visits."""
    with session_scope(engine=engine) as db:
        rows = [(r.day, r.page, r.user_group, r.lang, r.visits) for r in db.scalars(select(UsageDay))]
    frame = pd.DataFrame(rows, columns=["day", "page", "group", "lang", "visits"])
    frame["day"] = pd.to_datetime(frame["day"], format="%Y-%m-%d")
    frame.insert(1, "week", [iso_week(d.date()) for d in frame["day"]])
    return frame


def usage_table(engine: Engine) -> pd.DataFrame:
    """Visits per week and page, one column per user group (newest week first)."""
    return weekly_by_page(usage_frame(engine))


def weekly_by_page(frame: pd.DataFrame) -> pd.DataFrame:
    """Visits per ISO week and page, one column per user group (newest week first)."""
    if frame.empty:
        return pd.DataFrame(columns=["week", "page"])
    wide = frame.pivot_table(index=["week", "page"], columns="group", values="visits", aggfunc="sum", fill_value=0)
    wide = wide.reset_index().sort_values(["week", "page"], ascending=[False, True], kind="stable")
    wide.columns.name = None
    return wide.reset_index(drop=True)


def by_week_and_group(frame: pd.DataFrame) -> pd.DataFrame:
    """Visits per ISO week and group, every week between the first and the last (gaps are zeros)."""
    if frame.empty:
        return pd.DataFrame(columns=["week", "group", "visits"])
    weeks = pd.period_range(frame["day"].min(), frame["day"].max(), freq="W-SUN")
    names = [iso_week(p.start_time.date()) for p in weeks]
    totals = frame.groupby(["week", "group"])["visits"].sum()
    groups = [g for g in GROUPS if g in set(frame["group"])]
    rows = [(w, g, int(totals.get((w, g), 0))) for w in dict.fromkeys(names) for g in groups]
    return pd.DataFrame(rows, columns=["week", "group", "visits"])


def by_dimension(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Visits per `column` (page or lang) and group, most visited first."""
    if frame.empty:
        return pd.DataFrame(columns=[column, "group", "visits"])
    totals = frame.groupby([column, "group"], as_index=False)["visits"].sum()
    order = frame.groupby(column)["visits"].sum().sort_values(ascending=False).index.tolist()
    totals[column] = pd.Categorical(totals[column], categories=order, ordered=True)
    return totals.sort_values([column, "group"]).reset_index(drop=True).astype({column: str})


def north_south(frame: pd.DataFrame, *, weeks: int = 12, today: date | None = None) -> dict[str, int]:
    """Visits of partner states of the North and of the South, over the last `weeks` weeks and in all."""
    out = {"north": 0, "south": 0, "north_recent": 0, "south_recent": 0}
    if frame.empty:
        return out
    end = pd.Timestamp(today) if today else frame["day"].max()
    recent = frame[frame["day"] > end - pd.Timedelta(weeks=weeks)]
    for key, group in (("north", NORTH), ("south", SOUTH)):
        out[key] = int(frame.loc[frame["group"] == group, "visits"].sum())
        out[f"{key}_recent"] = int(recent.loc[recent["group"] == group, "visits"].sum())
    return out
