"""One level of detail per `/api/v1/flows` answer, so that summing `value` never double counts.

flows.csv holds, for one route and year, the publisher's yearly total, the same total month by
month, and (for some publishers) the top nationalities. Summing every row mixes three levels:
for the central Mediterranean in 2017 that gave 442,095 detections instead of Frontex's 118,962.

The API therefore answers one level unless the caller asks for another:

- `period_type`: `year` (default) or `month`;
- `nationality`: default `ALL` (the published total over all nationalities); a list of codes
  selects those nationalities' rows; `ALL` may not be mixed with other codes;
- `breakdown=nationality`: every per-nationality row (never the `ALL` totals). Publishers list
  their top nationalities only, so these rows need not add up to the total.

Every JSON answer carries `level` ({"period_type": ..., "nationality": "ALL" | "by_nationality"})
and every answer (JSON and CSV) the header `X-Data-Level` with the same two facts.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

TOTAL = "ALL"
BY_NATIONALITY = "by_nationality"
PERIOD_TYPES = ("year", "month")
BREAKDOWNS = ("nationality",)
LEVEL_HEADER = "X-Data-Level"


class LevelError(ValueError):
    """Parameters that would mix two levels; `parameter` names the one to change."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class FlowLevel:
    """The level an answer holds: period type, and totals or per-nationality rows."""

    period_type: str = "year"
    by_nationality: bool = False
    nationalities: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, str]:
        return {"period_type": self.period_type, "nationality": BY_NATIONALITY if self.by_nationality else TOTAL}

    def header(self) -> str:
        facts = self.as_dict()
        return f"period_type={facts['period_type']}; nationality={facts['nationality']}"


def resolve_level(period_type: str | None, nationality: list[str], breakdown: list[str]) -> FlowLevel:
    """The level asked for by the query parameters (already parsed); raises LevelError on a mix."""
    period = period_type or "year"
    wants_breakdown = "nationality" in breakdown
    if TOTAL in nationality and (wants_breakdown or len(nationality) > 1):
        raise LevelError(
            "nationality",
            "ALL is the total over every nationality: ask for ALL or for nationalities, not both",
        )
    if wants_breakdown or (nationality and TOTAL not in nationality):
        return FlowLevel(period, True, tuple(nationality))
    return FlowLevel(period, False, (TOTAL,))


def select_level(frame: pd.DataFrame, level: FlowLevel) -> pd.DataFrame:
    """The rows of `frame` (flows.csv columns) at `level`."""
    frame = frame[frame["period_type"] == level.period_type]
    if level.nationalities:
        return frame[frame["nationality_iso3"].isin(level.nationalities)]
    return frame[frame["nationality_iso3"] != TOTAL]
