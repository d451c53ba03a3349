"""Usage statistics as the admins' charts read them: pure aggregations over the counter rows."""

from __future__ import annotations

from datetime import date

import pandas as pd

from imapdash.figures.usage import usage_by, usage_over_time
from imapdash.partner import usage

ROWS = [
    ("2026-11-02", "/", "public", "en", 5),
    ("2026-11-03", "/", "partner state (north)", "fr", 2),
    ("2026-11-20", "/routes", "partner state (south)", "ar", 3),
    ("2026-11-21", "/news", "public", "ar", 1),
    ("2025-01-10", "/", "partner state (north)", "en", 4),
]


def frame(rows=ROWS) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["day", "page", "group", "lang", "visits"])
    out["day"] = pd.to_datetime(out["day"])
    out.insert(1, "week", [usage.iso_week(d.date()) for d in out["day"]])
    return out


def test_weeks_without_visits_are_zeros_not_gaps():
    recent = frame(ROWS[:4])
    weekly = usage.by_week_and_group(recent)
    weeks = list(dict.fromkeys(weekly["week"]))
    assert weeks == ["2026-W45", "2026-W46", "2026-W47"]
    north = weekly[weekly["group"] == "partner state (north)"].set_index("week")["visits"].to_dict()
    assert north == {"2026-W45": 2, "2026-W46": 0, "2026-W47": 0}


def test_visits_by_view_and_language_most_visited_first():
    pages = usage.by_dimension(frame(), "page")
    assert list(dict.fromkeys(pages["page"])) == ["/", "/routes", "/news"]
    assert pages.groupby("page")["visits"].sum().to_dict() == {"/": 11, "/news": 1, "/routes": 3}
    langs = usage.by_dimension(frame(), "lang").groupby("lang")["visits"].sum().to_dict()
    assert langs == {"ar": 4, "en": 9, "fr": 2}


def test_north_and_south_at_a_glance_all_time_and_recent():
    balance = usage.north_south(frame(), weeks=12, today=date(2026, 11, 30))
    assert balance == {"north": 6, "south": 3, "north_recent": 2, "south_recent": 3}


def test_charts_use_one_colour_per_group_and_carry_the_retention_period():
    names = {g: g.title() for g in usage.GROUPS}
    over_time = usage_over_time(usage.by_week_and_group(frame(ROWS[:4])), names, retention_days=90)
    assert {t.name for t in over_time.data} == {"Public", "Partner State (North)", "Partner State (South)"}
    notes = " ".join(a.text for a in over_time.layout.annotations)
    assert "90" in notes
    bars = usage_by(usage.by_dimension(frame(), "page"), "page", {}, names, title="By view", retention_days=90)
    assert bars.layout.barmode == "stack" and list(bars.layout.yaxis.categoryarray) == ["/news", "/routes", "/"]
